"""An agreement's status, computed from its stage and dates on the day asked (never stored, so it is
never stale): draft, in review, not yet in force, active, expiring, expired, renewed, terminated."""

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

EXPIRING_WITHIN_DAYS = 90


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEW = "review", _("In review")
    PENDING = "pending", _("Signed, not yet in force")
    ACTIVE = "active", _("Active")
    EXPIRING = "expiring", _("Expiring")
    EXPIRED = "expired", _("Expired")
    RENEWED = "renewed", _("Renewed")
    TERMINATED = "terminated", _("Terminated")


def status_of(agreement, today: datetime.date, *, expiring_within: int = EXPIRING_WITHIN_DAYS) -> Status:
    stage = agreement.stage
    if stage == "draft":
        return Status.DRAFT
    if stage == "review":
        return Status.REVIEW
    if stage == "terminated":
        return Status.TERMINATED
    # A renewal counts once it is signed; until then the old agreement keeps warning.
    if agreement.renewed_by_id is not None and agreement.renewed_by.stage == "signed":
        return Status.RENEWED
    if today < agreement.start_date:
        return Status.PENDING
    if today > agreement.end_date:
        return Status.EXPIRED
    if (agreement.end_date - today).days <= expiring_within:
        return Status.EXPIRING
    return Status.ACTIVE


def status_q(status: str, today: datetime.date, *, expiring_within: int = EXPIRING_WITHIN_DAYS) -> models.Q:
    """The same statuses as `status_of`, as a query condition, for lists filtered by status."""
    Q = models.Q
    soon = today + datetime.timedelta(days=expiring_within)
    renewed = Q(renewed_by__isnull=False, renewed_by__stage="signed")
    signed = Q(stage="signed") & ~renewed
    return {
        Status.DRAFT: Q(stage="draft"),
        Status.REVIEW: Q(stage="review"),
        Status.TERMINATED: Q(stage="terminated"),
        Status.RENEWED: Q(stage="signed") & renewed,
        Status.PENDING: signed & Q(start_date__gt=today),
        Status.EXPIRED: signed & Q(end_date__lt=today),
        Status.EXPIRING: signed & Q(start_date__lte=today, end_date__gte=today, end_date__lte=soon),
        Status.ACTIVE: signed & Q(start_date__lte=today, end_date__gt=soon),
    }[Status(status)]
