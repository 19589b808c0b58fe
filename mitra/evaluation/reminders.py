"""Telling respondents: when a round asks them to answer, and once more two days before it closes
if they have not answered yet. Each round is reminded once (Round.reminded_on)."""

import datetime

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from mitra.evaluation.models import Response, Round
from mitra.notifications.models import Event
from mitra.notifications.services import notify

REMIND_DAYS_BEFORE = 2


def _answer_url(round_: Round) -> str:
    return reverse("evaluation:round_answer", kwargs={"school_id": round_.school_id, "round_id": round_.pk})


def tell_respondents(round_: Round, users) -> None:
    title, day = round_.title, round_.closes_on
    notify(
        school=round_.school,
        users=users,
        event=Event.EVALUATION_DUE,
        message=lambda lang: (
            _("An evaluation waits for your answers: %(title)s (open until %(day)s)")
            % {"title": title, "day": date_format(day)}
        ),
        subject=lambda lang: _("To answer: %(title)s") % {"title": title},
        url=_answer_url(round_),
    )


def send_due(*, today: datetime.date) -> list[Round]:
    """Remind, once per round, the respondents who have not answered a round closing within two days."""
    answered = Response.all_schools.filter(round=OuterRef("round_id"), user=OuterRef("user_id"))
    due = Round.all_schools.filter(
        closed_at__isnull=True,
        reminded_on__isnull=True,
        opens_on__lte=today,
        closes_on__gte=today,
        closes_on__lte=today + datetime.timedelta(days=REMIND_DAYS_BEFORE),
    ).select_related("school")
    reminded = []
    for round_ in due:
        with transaction.atomic():
            if not Round.all_schools.filter(pk=round_.pk, reminded_on__isnull=True).update(reminded_on=today):
                continue  # another worker reminded it already
            waiting = [
                link.user
                for link in Round.respondents.through.objects.filter(round=round_)
                .exclude(Exists(answered))
                .select_related("user")
                if link.user.is_active
            ]
            if waiting:
                tell_respondents(round_, waiting)
            reminded.append(round_)
    return reminded
