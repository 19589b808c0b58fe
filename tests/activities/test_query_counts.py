"""The implementation pages and API lists make as many queries with 1 row as with 30."""

import datetime

import pytest
from django.urls import reverse

from mitra.activities import calendar, communications, contributions, measures, services, team
from mitra.activities.models import Activity, Communication, Measure, Participant, ParticipantCount, TeamTerm
from mitra.schools.models import Membership
from mitra.schools.roles import Role
from tests.conftest import jpeg_upload, make_user, queries_of_fresh_page

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 3, 2)


def _fill(world, n: int, day: datetime.date = DAY) -> Activity:
    Activity.all_schools.filter(school=world.a).delete()
    Communication.all_schools.filter(school=world.a).delete()
    TeamTerm.all_schools.filter(school=world.a).delete()
    first = None
    for i in range(n):
        activity = services.activity_save(
            school=world.a,
            user=world.users["team_member"],
            data={"title": f"Kegiatan {i}", "status": "planned", "start_date": day + datetime.timedelta(days=i % 20)},
            partners=[world.partner, world.other_partner],
            agreements=[world.agreement],
            counts={("students", 7, "m"): 3, ("teachers", 0, ""): 1},
        )
        first = first or activity
        Participant.all_schools.create(school=world.a, activity=first, name=f"Peserta {i}", group="students")
        for on in {first, activity}:
            contributions.contribution_add(
                school=world.a,
                user=None,
                partner=world.other_partner if i % 2 else world.partner,
                activity=on,
                data={"kind": "time", "day": DAY, "description": f"Petugas {i}", "people": 2, "hours": 1},
            )
        communications.communication_save(
            school=world.a,
            user=None,
            data={"partner": world.partner, "channel": "phone", "occurred_on": DAY, "summary": f"Telepon {i}"},
        )
        person = make_user(f"guru{n}x{i}")
        Membership.objects.create(user=person, school=world.a, role=Role.TEAM_MEMBER)
        team.term_save(
            school=world.a,
            user=None,
            data={"user": person, "role": "member", "starts_on": world.year.start_date, "ends_on": world.year.end_date},
        )
    referred = Measure.objects.for_school(world.a).filter(name="Dirujuk").first() or measures.measure_save(
        school=world.a, user=None, data={"name": "Dirujuk", "unit": "siswa", "follow_up": True}
    )
    for activity in Activity.objects.for_school(world.a):
        measures.values_save(activity=activity, user=world.users["team_member"], values={referred.pk: 2})
    for _ in range(min(n, 3)):
        services.evidence_add(activity=first, user=None, uploads=[jpeg_upload()])
    assert ParticipantCount.objects.for_school(world.a).count() == 2 * n
    return first


PAGES = [
    ("activities:home", {}, ""),
    ("activities:communications", {}, ""),
    ("activities:team", {}, ""),
    ("activities:contributions", {}, "?year="),
    ("activities:measures", {}, ""),
    ("activities:follow_ups", {}, "?show=all"),
    ("activities:involvement", {}, ""),
    ("activities:calendar", {}, "?month=2026-03"),
    ("activities:detail", {"activity_id": None}, ""),
    ("partners:detail", {"partner_id": "partner"}, ""),
    ("api:record_list", {}, ""),
    ("api:communication_list", {}, ""),
    ("api:term_list", {}, ""),
]


@pytest.mark.parametrize("name,kwargs,query", PAGES, ids=[p[0] for p in PAGES])
def test_the_query_count_does_not_grow_with_the_rows(principal_client, agreement_world, name, kwargs, query):
    world = agreement_world

    def url(first):
        values = {"school_id": world.a.pk}
        for key, value in kwargs.items():
            values[key] = first.pk if value is None else world.partner.pk
        return reverse(name, kwargs=values) + query

    first = _fill(world, 1)
    principal_client.get(url(first))
    one = queries_of_fresh_page(principal_client, url(first))
    first = _fill(world, 30)
    thirty = queries_of_fresh_page(principal_client, url(first))
    assert one == thirty, f"{name}: {one} queries with 1 row, {thirty} with 30"


def test_the_feed_does_not_grow_with_the_events(client, agreement_world):
    world = agreement_world
    feed = calendar.feed_for(school=world.a)
    url = reverse("calendar_feed", args=[feed.token])
    from django.utils import timezone

    _fill(world, 1, timezone.localdate())
    client.get(url)
    one = queries_of_fresh_page(client, url)
    _fill(world, 30, timezone.localdate())
    assert queries_of_fresh_page(client, url) == one
