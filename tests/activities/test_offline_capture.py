"""The server's side of recording without a signal (issue 25): a capture kept on a phone arrives later,
asking for JSON, with the time it was made, perhaps the place, and its token; it is saved once however
often and in however many logins it arrives; what is refused says why; the service worker, the
session the phone asks for, and logging out."""

import datetime
import json

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mitra.activities import selectors, services
from mitra.activities.models import Activity
from mitra.partners import services as partners
from mitra.schools.access import access_for
from mitra.schools.release import fingerprint
from tests.conftest import jpeg_upload

pytestmark = pytest.mark.django_db
JSON = {"HTTP_ACCEPT": "application/json"}


def capture_url(world):
    return reverse("activities:capture", args=[world.a.pk])


def phone(world, username="team_member") -> Client:
    client = Client()
    client.force_login(world.users[username])
    return client


def kept(world, token, *, made_at=None, sentence="Pemeriksaan gigi kelas 7", **extra):
    return {
        "partner": world.partner.pk,
        "sentence": sentence,
        "submission": token,
        "made_at": (made_at or timezone.now()).isoformat(),
        **extra,
    }


def test_a_kept_capture_keeps_the_day_it_was_made_and_the_place(world):
    made = timezone.now() - datetime.timedelta(days=3)
    response = phone(world).post(
        capture_url(world),
        kept(world, "a" * 32, made_at=made, place="-7.25123, 112.75321", photo=jpeg_upload()),
        **JSON,
    )
    activity = Activity.objects.for_school(world.a).get()
    assert response.status_code == 200
    assert response.json() == {"url": services.activity_url(activity)}
    assert activity.start_date == timezone.localdate(made) != timezone.localdate()
    assert activity.place == "-7.25123, 112.75321"
    assert activity.evidence.get().file.is_image
    assert activity.recorded_by == world.users["team_member"]


def test_the_day_is_the_schools_not_utcs(world):
    # 23:30 in Jakarta is 16:30 UTC the same day; 00:30 in Jakarta is still the day before in UTC.
    jakarta = timezone.get_current_timezone()
    made = datetime.datetime.combine(timezone.localdate() - datetime.timedelta(days=2), datetime.time(0, 30), jakarta)
    phone(world).post(capture_url(world), kept(world, "b" * 32, made_at=made.astimezone(datetime.UTC)), **JSON)
    assert Activity.objects.for_school(world.a).get().start_date == made.date()


def test_the_same_capture_in_another_login_is_not_saved_twice(world):
    """The answer to the first send was lost; the phone sends again a day later, after logging in
    again (a new session, which does not know the first token)."""
    first = phone(world).post(capture_url(world), kept(world, "c" * 32), **JSON)
    again = phone(world).post(capture_url(world), kept(world, "c" * 32), **JSON)
    assert first.status_code == again.status_code == 200
    assert first.json()["url"] == again.json()["url"]
    assert Activity.objects.for_school(world.a).count() == 1


def test_a_token_of_another_school_does_not_count_here(world):
    services.quick_record(
        school=world.c, user=world.users["outsider"], partner=world.c_partner, sentence="Lain", token="d" * 32
    )
    response = phone(world).post(capture_url(world), kept(world, "d" * 32), **JSON)
    assert response.status_code == 200 and "already" not in response.json()
    assert Activity.objects.for_school(world.a).get().capture_token == "d" * 32
    assert Activity.objects.for_school(world.c).get().capture_token == "d" * 32


def test_a_capture_that_arrived_is_found_before_it_is_checked_again(world):
    """Its answer was lost; by the time it is sent again its partner is archived. It is answered as
    saved, with its activity, not refused."""
    first = phone(world).post(capture_url(world), kept(world, "9" * 32), **JSON)
    partners.partner_archive(partner=world.partner, user=world.users["coordinator"])
    again = phone(world).post(capture_url(world), kept(world, "9" * 32), **JSON)
    assert again.status_code == 200
    assert again.json() == {"url": first.json()["url"], "already": True}
    assert Activity.objects.for_school(world.a).count() == 1


def test_a_phone_clock_a_little_ahead_is_taken_as_now(world):
    ahead = timezone.now() + datetime.timedelta(hours=11)
    response = phone(world).post(capture_url(world), kept(world, "8" * 32, made_at=ahead), **JSON)
    assert response.status_code == 200
    assert Activity.objects.for_school(world.a).get().start_date == timezone.localdate()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda w, data: partners.partner_archive(partner=w.partner, user=w.users["coordinator"]),
            "This partner is no longer in the school's list. Choose another.",
        ),
        (
            lambda w, data: data.update(made_at=(timezone.now() + datetime.timedelta(days=2)).isoformat()),
            "The phone's clock is ahead",
        ),
        (
            lambda w, data: data.update(made_at=(timezone.now() - datetime.timedelta(days=91)).isoformat()),
            "more than 90 days ago",
        ),
        (lambda w, data: data.update(sentence="   "), "This field is required."),
    ],
)
def test_a_refused_capture_says_why_and_saves_nothing(world, change, message):
    data = kept(world, "f" * 32)
    change(world, data)
    response = phone(world).post(capture_url(world), data, **JSON, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert any(message in error for error in response.json()["errors"]), response.json()
    assert not Activity.objects.for_school(world.a).exists()


def test_the_phone_asks_for_a_fresh_form_token_and_who_is_logged_in(world):
    client = phone(world)
    response = client.get(reverse("activities:capture_session", args=[world.a.pk]))
    assert response.status_code == 200
    assert response.json()["user"] == world.users["team_member"].pk
    assert len(response.json()["csrf"]) >= 32
    assert "no-cache" in response["Cache-Control"] and "private" in response["Cache-Control"]
    # Without a login, the answer is the login page, which the phone takes as "log in first".
    anonymous = Client().get(reverse("activities:capture_session", args=[world.a.pk]))
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]


def test_the_service_worker_is_code_of_this_release_from_this_site(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Cache-Control"] == "no-cache"
    first, rest = response.content.decode().split("\n", 1)
    settings_line = json.loads(first.removeprefix("self.MITRA = ").removesuffix(";"))
    assert settings_line["release"] == fingerprint()
    assert settings_line["core"].startswith("/static/")  # same origin: nothing from elsewhere
    assert "importScripts(self.MITRA.core)" in rest
    assert "Content-Security-Policy" in response.headers  # the worker runs under the site's policy


def test_logging_out_tells_the_browser_to_forget_what_the_app_kept(client, world):
    client.force_login(world.users["team_member"])
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"storage"'


def test_the_week_on_the_capture_page_is_the_persons_planned_activities(member_client, world):
    today = timezone.localdate()
    teacher, other = world.users["team_member"], world.users["coordinator"]

    def planned(title, user, day, status=Activity.Status.PLANNED):
        return services.activity_save(
            school=world.a, user=user, data={"title": title, "status": status, "start_date": day}
        )

    planned("Kunjungan puskesmas", teacher, today + datetime.timedelta(days=2))
    planned("Rapat komite", other, today + datetime.timedelta(days=1))  # someone else's
    planned("Bakti sosial", teacher, today + datetime.timedelta(days=9))  # after this week
    planned("Sudah terlaksana", teacher, today, status=Activity.Status.DONE)
    week = selectors.planned_for(access=access_for(teacher, world.a.pk), first=today, days=7)
    assert [(d["day"], [a.title for a in d["activities"]]) for d in week] == [
        (today + datetime.timedelta(days=2), ["Kunjungan puskesmas"])
    ]
    page = member_client.get(capture_url(world)).content.decode()
    assert "Kunjungan puskesmas" in page and "Rapat komite" not in page


@pytest.fixture
def member_client(client, world):
    client.force_login(world.users["team_member"])
    return client


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    sends=st.lists(
        st.tuples(st.integers(0, 4), st.integers(0, 2), st.integers(0, 30)),  # which capture, which login, days ago
        min_size=1,
        max_size=12,
    )
)
def test_however_often_and_wherever_a_capture_arrives_it_is_one_activity_of_its_day(world, sends):
    """A phone resends what it is not sure arrived, in whatever login is current: each capture (its
    token) is one activity, dated the day it was first made, never the day a resend arrived."""
    Activity.objects.for_school(world.a).delete()
    logins = [phone(world) for _ in range(3)]
    made = {}
    for capture, login, days_ago in sends:
        token = f"{capture:032d}"
        made.setdefault(token, timezone.now() - datetime.timedelta(days=days_ago))
        response = logins[login].post(
            capture_url(world), kept(world, token, made_at=made[token], sentence=f"Kegiatan {capture}"), **JSON
        )
        assert response.status_code == 200
    saved = Activity.objects.for_school(world.a)
    assert sorted(saved.values_list("capture_token", flat=True)) == sorted(made)
    for activity in saved:
        assert activity.start_date == timezone.localdate(made[activity.capture_token])
