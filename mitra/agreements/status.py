"""An agreement's status, computed from its stage and dates on the day asked (never stored, so it is
never stale): draft, in review, not yet in force, active, expiring, expired, renewed, terminated,
replaced by a newer version.

What "in force on a day" means is written here once, as a Python predicate (`is_in_force`) and as a
query condition (`in_force_q`), and every count, health score, reminder, calendar and report asks
one of the two:

  - a signed agreement is in force from its start date to its end date, both included;
  - a terminated one only until its termination: on `terminated_on` it no longer is;
  - a renewal takes over on its own start date, once it is signed: the agreement it renews stays in
    force until then, however early the renewal was signed (and shows the renewal's date as a note);
  - of the versions of one agreement (an addendum is a new version), only the newest signed one
    counts; an older version is replaced, on every day.

So, for one partner, at most one agreement of a renewal chain is in force on any day. Statuses agree
with it: active and expiring are exactly the agreements in force; "renewed" is an agreement whose
renewal has started; "expiring" is one in force that ends within 90 days with no signed renewal to
follow it (the one that needs someone's attention, and the one reminders speak of)."""

import datetime

from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from mitra.documents.dates import long_date

EXPIRING_WITHIN_DAYS = 90

# Stages an agreement reaches only by being signed: a terminated agreement was signed first.
SIGNED_STAGES = ("signed", "terminated")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEW = "review", _("In review")
    PENDING = "pending", _("Signed, not yet in force")
    ACTIVE = "active", _("Active")
    EXPIRING = "expiring", _("Expiring")
    EXPIRED = "expired", _("Expired")
    RENEWED = "renewed", _("Renewed")
    TERMINATED = "terminated", _("Terminated")
    REPLACED = "replaced", _("Replaced by a newer version")


# The statuses of an agreement in force (and no other status is).
IN_FORCE = (Status.ACTIVE, Status.EXPIRING)

# What the Python rules below read of an agreement, as paths from it (its renewal and its newer
# version included): a query that reads only these, with select_related("renewed_by",
# "next_version"), can ask the rules of each row without another query. A rule that reads more of
# an agreement must be named here (tests/evaluation/test_health_property.py counts the queries).
RULES_READ = (
    "stage",
    "start_date",
    "end_date",
    "terminated_on",
    "renewed_by",
    "renewed_by__stage",
    "renewed_by__start_date",
    "next_version__stage",
)


# --- The rules, in Python ---------------------------------------------------------------------------


def _signed(agreement) -> bool:
    return agreement is not None and agreement.stage in SIGNED_STAGES


def is_replaced(agreement) -> bool:
    """A newer version of it (an addendum) is signed: that one counts instead, on every day."""
    return _signed(getattr(agreement, "next_version", None))


def signed_renewal(agreement):
    """Its renewal, if the renewal is signed (a draft renewal changes nothing yet), else None."""
    renewal = agreement.renewed_by if agreement.renewed_by_id is not None else None
    return renewal if _signed(renewal) else None


def _renewal_started(agreement, day: datetime.date) -> bool:
    renewal = signed_renewal(agreement)
    return renewal is not None and renewal.start_date <= day


def _terminated_by(agreement, day: datetime.date) -> bool:
    return agreement.stage == "terminated" and (agreement.terminated_on is None or agreement.terminated_on <= day)


def is_in_force(agreement, day: datetime.date) -> bool:
    """Whether the agreement binds its parties on `day` (see the module's description)."""
    return (
        agreement.stage in SIGNED_STAGES
        and agreement.start_date <= day <= agreement.end_date
        and not _terminated_by(agreement, day)
        and not _renewal_started(agreement, day)
        and not is_replaced(agreement)
    )


def ends_unrenewed(agreement, day: datetime.date, within: int = EXPIRING_WITHIN_DAYS) -> bool:
    """In force on `day`, ending within `within` days, and nothing signed to follow it: what the
    "expiring" status and the reminders mean. A termination decided on purpose is not warned of."""
    return (
        is_in_force(agreement, day)
        and agreement.stage == "signed"
        and (agreement.end_date - day).days <= within
        and signed_renewal(agreement) is None
    )


def status_of(agreement, today: datetime.date, *, expiring_within: int = EXPIRING_WITHIN_DAYS) -> Status:
    stage = agreement.stage
    if stage == "draft":
        return Status.DRAFT
    if stage == "review":
        return Status.REVIEW
    if is_replaced(agreement):
        return Status.REPLACED
    if is_in_force(agreement, today):
        return Status.EXPIRING if ends_unrenewed(agreement, today, expiring_within) else Status.ACTIVE
    if _terminated_by(agreement, today):
        return Status.TERMINATED
    if _renewal_started(agreement, today):
        return Status.RENEWED
    if today < agreement.start_date:
        return Status.PENDING
    return Status.EXPIRED


def renewal_note(agreement, today: datetime.date) -> str:
    """For an agreement still in force whose renewal is signed: when the renewal takes over."""
    renewal = signed_renewal(agreement)
    if renewal is None or not is_in_force(agreement, today):
        return ""
    return gettext("Renewal signed: it takes over on %(day)s.") % {
        "day": long_date(renewal.start_date, translation.get_language() or "id")
    }


# --- The same rules, as query conditions ------------------------------------------------------------


def replaced_q() -> Q:
    return Q(next_version__stage__in=SIGNED_STAGES)


def renewal_signed_q() -> Q:
    return Q(renewed_by__stage__in=SIGNED_STAGES)


def _renewal_started_q(day: datetime.date) -> Q:
    return Q(renewed_by__stage__in=SIGNED_STAGES, renewed_by__start_date__lte=day)


def _terminated_by_q(day: datetime.date) -> Q:
    return Q(stage="terminated") & (Q(terminated_on__isnull=True) | Q(terminated_on__lte=day))


def _counting_q() -> Q:
    """Signed (or signed, then terminated) and not replaced by a newer version."""
    return Q(stage__in=SIGNED_STAGES) & ~replaced_q()


def in_force_q(day: datetime.date) -> Q:
    """`is_in_force` as a condition on Agreement rows."""
    return _counting_q() & Q(start_date__lte=day, end_date__gte=day) & ~_terminated_by_q(day) & ~_renewal_started_q(day)


def lapsing_q(day: datetime.date, within: int = EXPIRING_WITHIN_DAYS) -> Q:
    """Of agreements already known to be in force on `day`, those that end unrenewed: `ends_unrenewed`
    without its first condition, for a query that has asked `in_force_q` already."""
    return Q(stage="signed", end_date__lte=day + datetime.timedelta(days=within)) & ~renewal_signed_q()


def ends_unrenewed_q(day: datetime.date, within: int = EXPIRING_WITHIN_DAYS) -> Q:
    """`ends_unrenewed` as a condition on Agreement rows."""
    return in_force_q(day) & lapsing_q(day, within)


def status_q(status: str, today: datetime.date, *, expiring_within: int = EXPIRING_WITHIN_DAYS) -> Q:
    """The same statuses as `status_of`, as a query condition, for lists filtered by status."""
    soon = today + datetime.timedelta(days=expiring_within)
    ended = _counting_q() & ~in_force_q(today)
    return {
        Status.DRAFT: Q(stage="draft"),
        Status.REVIEW: Q(stage="review"),
        Status.REPLACED: Q(stage__in=SIGNED_STAGES) & replaced_q(),
        Status.EXPIRING: ends_unrenewed_q(today, expiring_within),
        Status.ACTIVE: in_force_q(today) & (Q(stage="terminated") | Q(end_date__gt=soon) | renewal_signed_q()),
        Status.TERMINATED: ended & _terminated_by_q(today),
        Status.RENEWED: ended & ~_terminated_by_q(today) & _renewal_started_q(today),
        Status.PENDING: ended & ~_terminated_by_q(today) & ~_renewal_started_q(today) & Q(start_date__gt=today),
        Status.EXPIRED: ended & ~_terminated_by_q(today) & ~_renewal_started_q(today) & Q(end_date__lt=today),
    }[Status(status)]
