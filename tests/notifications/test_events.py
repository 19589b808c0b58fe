"""Each event reaches the right people once, as each person chose, and never another school's."""

import datetime

import pytest
from django.core import mail
from django.http import QueryDict
from django.urls import reverse

from mitra.activities import reminders as activity_reminders
from mitra.activities import services as activities
from mitra.evaluation import responses
from mitra.evaluation import services as evaluation
from mitra.notifications import services
from mitra.notifications.models import Delivery, Digest, Event, Notification, Preference
from mitra.schools.models import Membership
from mitra.schools.roles import Role
from tests.conftest import make_user, parent_answers

pytestmark = pytest.mark.django_db

MONDAY = datetime.datetime(2026, 11, 30, 7, 0, tzinfo=datetime.UTC)
TUESDAY = MONDAY + datetime.timedelta(days=1)


def _notices(event, **filters):
    return list(Notification.all_schools.filter(event=event, **filters).order_by("user__username"))


def _plan_tomorrow(world, school, partner, title="Pemeriksaan gigi", day=datetime.date(2026, 12, 2)):
    return activities.activity_save(
        school=school,
        user=world.users["team_member"] if school == world.a else world.users["sibling"],
        data={"title": title, "status": "planned", "start_date": day, "place": "Aula"},
        partners=[partner] if partner else [],
    )


def test_an_activity_tomorrow_reaches_its_people_once_and_no_one_of_another_school(
    run_world, django_capture_on_commit_callbacks
):
    world = run_world
    activity = _plan_tomorrow(world, world.a, world.partner)
    # A coordinator at the sibling school, with its own activity on the same day.
    b_coordinator = make_user("b_coordinator")
    Membership.objects.create(user=b_coordinator, school=world.b, role=Role.COORDINATOR)
    _plan_tomorrow(world, world.b, None, title="Kegiatan sekolah B")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        sent = activity_reminders.send_tomorrow(today=datetime.date(2026, 12, 1))
    with django_capture_on_commit_callbacks(execute=True):
        again = activity_reminders.send_tomorrow(today=datetime.date(2026, 12, 1))  # a second worker, a rerun

    at_a = _notices(Event.ACTIVITY_TOMORROW, school=world.a)
    # Who recorded it, the coordinator, and the partner's representative; not the other partner's,
    # nor the principal, nor anyone of school B.
    assert [n.user.username for n in at_a] == ["coordinator", "partner_rep", "team_member"]
    assert {n.url for n in at_a} == {activities.activity_url(activity)}
    assert "Pemeriksaan gigi" in at_a[0].text and "Aula" in at_a[0].text
    at_b = _notices(Event.ACTIVITY_TOMORROW, school=world.b)
    assert [n.user.username for n in at_b] == ["b_coordinator", "sibling"]
    assert all("sekolah B" in n.text for n in at_b)
    assert (sent, again) == (5, 0)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(f"{n.user.username}@example.org" for n in at_a + at_b)
    assert all("http://127.0.0.1:8000/s/" in m.body for m in mail.outbox)


def test_an_activity_moved_to_another_day_is_announced_again(run_world):
    world = run_world
    activity = _plan_tomorrow(world, world.a, None)
    assert activity_reminders.send_tomorrow(today=datetime.date(2026, 12, 1)) == 2
    activities.activity_save(
        school=world.a,
        user=world.users["team_member"],
        activity=activity,
        data={"title": activity.title, "status": "planned", "start_date": datetime.date(2026, 12, 9)},
        partners=[],
    )
    assert activity_reminders.send_tomorrow(today=datetime.date(2026, 12, 8)) == 2
    assert activity_reminders.send_tomorrow(today=datetime.date(2026, 12, 1)) == 0  # no longer that day


def test_each_person_gets_what_they_chose(run_world, django_capture_on_commit_callbacks):
    world = run_world
    coordinator, rep, member = (world.users[r] for r in ("coordinator", "partner_rep", "team_member"))
    services.preferences_save(
        user=coordinator, deliveries_by_event={Event.ACTIVITY_TOMORROW: Delivery.OFF}, frequency="daily"
    )
    services.preferences_save(user=rep, deliveries_by_event={Event.ACTIVITY_TOMORROW: Delivery.APP}, frequency="daily")
    services.preferences_save(
        user=member, deliveries_by_event={Event.ACTIVITY_TOMORROW: Delivery.DIGEST}, frequency="weekly"
    )
    _plan_tomorrow(world, world.a, world.partner)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        activity_reminders.send_tomorrow(today=datetime.date(2026, 12, 1))

    notices = _notices(Event.ACTIVITY_TOMORROW)
    assert [n.user.username for n in notices] == ["partner_rep", "team_member"]  # "off": not even in the app
    assert mail.outbox == []  # the app only, and a digest not yet due
    assert [n.in_digest for n in notices] == [False, True]

    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_digests(now=TUESDAY) == 0  # weekly: Mondays only
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_digests(now=MONDAY + datetime.timedelta(days=7)) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_digests(now=MONDAY + datetime.timedelta(days=14)) == 0  # sent once
    assert [m.to for m in mail.outbox] == [[member.email]]
    assert "Pemeriksaan gigi" in mail.outbox[0].body
    assert Digest.objects.get(user=member).last_sent_at is not None


def _answer(world, submission):
    data = QueryDict(mutable=True)
    for name, value in parent_answers(world.round.version).items():
        data.setlist(name, value if isinstance(value, list) else [value])
    form = responses.answer_form(world.round, data)
    assert form.is_valid()
    return responses.response_save(
        round_=world.round, form=form, group="parents", submission=submission, link=world.link
    )


def test_answers_reach_the_opener_as_one_counting_notice_in_the_digest(
    evaluation_world, django_capture_on_commit_callbacks
):
    world = evaluation_world
    coordinator = world.users["coordinator"]
    # The world's parent answer, sent through the shared link, already told the opener.
    assert [(n.user, n.school) for n in _notices(Event.RESPONSE_RECEIVED)] == [(coordinator, world.a)]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _answer(world, "second")
        _answer(world, "second")  # the same form sent again over a bad connection: one response
        _answer(world, "third")
    notices = _notices(Event.RESPONSE_RECEIVED)
    assert len(notices) == 1 and "sejauh ini 3 jawaban" in notices[0].text  # one line that counts
    assert mail.outbox == []  # by default answers wait for the digest

    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_digests(now=TUESDAY) == 1
    assert [m.to for m in mail.outbox] == [[coordinator.email]]
    assert mail.outbox[0].body.count("Evaluasi penyuluhan gizi") == 1
    assert not Notification.all_schools.filter(in_digest=True).exists()

    # Once read, the next answer is news again, and goes into the next digest.
    services.mark_all_read(coordinator)
    _answer(world, "fourth")
    fresh = _notices(Event.RESPONSE_RECEIVED, read_at__isnull=True)
    assert len(fresh) == 1 and "sejauh ini 4 jawaban" in fresh[0].text and fresh[0].in_digest


def test_a_task_reaches_its_new_owner_once(evaluation_world, django_capture_on_commit_callbacks):
    world = evaluation_world
    coordinator, member = world.users["coordinator"], world.users["team_member"]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        evaluation.action_save(
            recommendation=world.recommendation,
            user=coordinator,
            action=world.action,
            data={"text": world.action.text, "owner": member, "due_on": datetime.date(2026, 12, 15)},
        )
        evaluation.action_save(  # saved again unchanged: nothing new
            recommendation=world.recommendation,
            user=coordinator,
            action=world.action,
            data={"text": world.action.text, "owner": member, "status": "doing"},
        )
    notices = _notices(Event.TASK_ASSIGNED, user=member, text__contains="Jadwal disepakati")
    assert len(notices) == 1 and "15 Desember 2026" in notices[0].text
    assert [m.to for m in mail.outbox] == [[member.email]]
    # Who gives themselves a task is not told of it.
    evaluation.action_save(
        recommendation=world.recommendation,
        user=coordinator,
        data={"text": "Rapat evaluasi", "owner": coordinator},
    )
    assert not _notices(Event.TASK_ASSIGNED, user=coordinator, text__contains="Rapat evaluasi")


def test_an_activity_returned_for_correction_reaches_who_submitted_it(run_world, django_capture_on_commit_callbacks):
    world = run_world
    member = world.users["team_member"]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        activities.send_back(activity=world.done_activity, user=world.users["coordinator"], comment="Foto kurang jelas")
    notices = _notices(Event.RETURNED)
    assert [(n.user, n.school) for n in notices] == [(member, world.a)]
    assert "Foto kurang jelas" in notices[0].text
    assert [m.to for m in mail.outbox] == [[member.email]]


def test_an_evaluation_due_and_an_expiring_agreement_are_events_of_their_kind(evaluation_world):
    # The round the world opened told its respondent; the events are typed so preferences apply.
    assert [n.user.username for n in _notices(Event.EVALUATION_DUE)] == ["team_member"]


def test_a_person_who_turned_an_event_off_hears_nothing_of_it(evaluation_world):
    world = evaluation_world
    member = world.users["team_member"]
    Preference.objects.create(user=member, event=Event.TASK_ASSIGNED, delivery=Delivery.OFF)
    evaluation.action_save(
        recommendation=world.recommendation, user=world.users["coordinator"], data={"text": "Susun", "owner": member}
    )
    assert not _notices(Event.TASK_ASSIGNED, user=member, text__contains="Susun")


def test_preferences_page_saves_and_refuses_email_without_an_address(client, world):
    principal = world.users["principal"]
    client.force_login(principal)
    url = reverse("notifications:preferences")
    page = client.get(url).content.decode()
    assert "Kegiatan berlangsung besok" in page or "besok" in page
    choices = {**dict.fromkeys(Event.values, "app"), Event.RESPONSE_RECEIVED: "digest", "frequency": "weekly"}
    assert client.post(url, choices).status_code == 302
    how, frequency = services.preferences_of(principal)
    assert how[Event.RESPONSE_RECEIVED] == "digest" and how[Event.RETURNED] == "app" and frequency == "weekly"

    principal.email = ""
    principal.save()
    choices[Event.RETURNED] = "email"
    response = client.post(url, choices)
    assert response.status_code == 200
    assert "tidak punya alamat e-mail" in response.content.decode()
    assert services.preferences_of(principal)[0][Event.RETURNED] == "app"  # nothing half-saved
    assert 'value="email" selected' in response.content.decode()  # the choice is kept on the page


def test_notices_and_preferences_are_a_persons_own(client, world):
    principal, sibling = world.users["principal"], world.users["sibling"]
    services.notify(school=world.a, users=[principal], event=Event.NEWS, message=lambda lang: "Untuk kepala A")
    client.force_login(sibling)
    assert "Untuk kepala A" not in client.get(reverse("notifications:inbox")).content.decode()
    client.post(reverse("notifications:preferences"), {**dict.fromkeys(Event.values, "off"), "frequency": "daily"})
    assert services.preferences_of(principal)[0][Event.NEWS] == "app"
