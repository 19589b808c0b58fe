"""Reminders before an agreement ends: at the school's thresholds (by default 90, 30 and 7 days), the
coordinator and the principal get a notice in Mitra and an e-mail. Each threshold goes out once per
agreement, recorded in AgreementReminder; a terminated agreement, or one whose renewal is signed,
gets none (agreements/status.py: `ends_unrenewed`). Run daily by the scheduled task in agreements/tasks.py.

A run that missed days (the worker was down) sends one reminder for the nearest threshold passed and
records the earlier ones as passed, rather than three messages at once."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mitra.agreements.models import Agreement, AgreementReminder
from mitra.agreements.status import ends_unrenewed_q
from mitra.documents.dates import long_date
from mitra.notifications.models import Event
from mitra.notifications.services import notify
from mitra.schools.models import School
from mitra.schools.roles import Role
from mitra.schools.services import people_in
from mitra.schools.validators import reminder_days

RECIPIENT_ROLES = (Role.COORDINATOR, Role.PRINCIPAL)


@dataclass(frozen=True)
class Sent:
    agreement_id: int
    days_before: int
    recipients: int


def thresholds_of(school: School) -> list[int]:
    try:
        return reminder_days(school.reminder_days)
    except ValidationError:  # a value saved before validation existed must not stop the run
        return [90, 30, 7]


def due_agreements(school: School, today: datetime.date, horizon: int):
    """Agreements in force that end within `horizon` days with no signed renewal to follow them,
    neither terminated nor replaced by a signed newer version (agreements/status.py says what
    each of those means)."""
    return (
        Agreement.objects.for_school(school)
        .filter(ends_unrenewed_q(today, horizon))
        .prefetch_related("reminders", "parties__partner")
    )


def _message(agreement: Agreement, days_left: int):
    partners = ", ".join(p.partner.name for p in agreement.parties.all() if p.partner_id)

    def text(language):
        return ngettext(
            "“%(title)s” with %(partners)s ends in %(days)d day, on %(end)s. Renew it or let it end on purpose.",
            "“%(title)s” with %(partners)s ends in %(days)d days, on %(end)s. Renew it or let it end on purpose.",
            days_left,
        ) % {
            "title": agreement.title,
            "partners": partners or "—",
            "days": days_left,
            "end": long_date(agreement.end_date, language),
        }

    def subject(language):
        return _("Agreement ends in %(days)d days: %(title)s") % {"days": days_left, "title": agreement.title}

    return text, subject


def send_due(*, today: datetime.date, schools=None) -> list[Sent]:
    sent = []
    for school in schools if schools is not None else School.objects.all():
        thresholds = thresholds_of(school)
        recipients = None
        for agreement in due_agreements(school, today, max(thresholds)):
            days_left = (agreement.end_date - today).days
            done = {r.days_before for r in agreement.reminders.all()}
            passed = [t for t in thresholds if days_left <= t and t not in done]
            if not passed:
                continue
            if recipients is None:
                recipients = people_in(school, RECIPIENT_ROLES)
            try:
                with transaction.atomic():
                    AgreementReminder.objects.bulk_create(
                        [
                            AgreementReminder(school=school, agreement=agreement, days_before=t, sent_on=today)
                            for t in passed
                        ]
                    )
                    text, subject = _message(agreement, days_left)
                    notify(
                        school=school,
                        users=recipients,
                        event=Event.AGREEMENT_EXPIRING,
                        message=text,
                        subject=subject,
                        url=reverse("agreements:detail", args=[school.pk, agreement.pk]),
                    )
            except IntegrityError:
                continue  # another run recorded this threshold at the same moment; it sends the reminder
            sent.append(Sent(agreement.pk, min(passed), len(recipients)))
    return sent
