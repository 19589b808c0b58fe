"""Respondents are told when a round asks them, and reminded once two days before it closes if
they have not answered; nobody of another school is told."""

import datetime

import pytest
from django.core import mail
from django.http import QueryDict

from mitra.evaluation import reminders, responses
from mitra.notifications.models import Notification
from tests.conftest import parent_answers

pytestmark = pytest.mark.django_db


def _notices(user, round_):
    return Notification.all_schools.filter(user=user, url__contains=f"/rounds/{round_.pk}/answer/").count()


def test_respondents_are_told_when_the_round_opens(evaluation_world):
    world = evaluation_world
    # The world's round was opened by the coordinator for the team member and the coordinator.
    assert _notices(world.users["team_member"], world.round) == 1
    assert _notices(world.users["coordinator"], world.round) == 0  # who opened it needs no notice
    assert _notices(world.users["principal"], world.round) == 0


def test_those_who_have_not_answered_are_reminded_once_before_it_closes(
    evaluation_world, django_capture_on_commit_callbacks
):
    world = evaluation_world
    member, coordinator = world.users["team_member"], world.users["coordinator"]
    data = QueryDict(mutable=True)
    for name, value in parent_answers(world.round.version).items():
        data.setlist(name, value if isinstance(value, list) else [value])
    form = responses.answer_form(world.round, data, ask_name=False)
    assert form.is_valid()
    responses.response_save(round_=world.round, form=form, group="team", submission="c", user=coordinator)

    closes = world.round.closes_on
    assert reminders.send_due(today=closes - datetime.timedelta(days=3)) == []
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.send_due(today=closes - datetime.timedelta(days=2)) == [world.round]
    assert _notices(member, world.round) == 2  # opened, then reminded
    assert _notices(coordinator, world.round) == 0  # answered
    assert [m.to for m in mail.outbox] == [[member.email]]
    assert reminders.send_due(today=closes - datetime.timedelta(days=1)) == []  # once per round
    assert _notices(member, world.round) == 2


def test_a_closed_round_reminds_nobody(evaluation_world):
    world = evaluation_world
    responses.round_close(round_=world.round, user=None)
    assert reminders.send_due(today=world.round.closes_on) == []
