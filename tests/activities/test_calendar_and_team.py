import datetime

import icalendar
import pytest
from django.urls import reverse

from mitra.activities import calendar, services, team
from mitra.activities.models import TeamTerm
from mitra.planning.models import Task

pytestmark = pytest.mark.django_db


def _planned_soon(world, days=3, **extra):
    from django.utils import timezone

    return services.activity_save(
        school=world.a,
        user=world.users["team_member"],
        data={
            "title": "Pemeriksaan gigi",
            "status": "planned",
            "start_date": timezone.localdate() + datetime.timedelta(days=days),
            "start_time": datetime.time(8, 0),
            **extra,
        },
        partners=[world.partner],
    )


def test_the_month_shows_activities_forums_and_agreement_ends_with_hijri_dates(client, agreement_world):
    world = agreement_world
    world.a.hijri_offset = 1
    world.a.save()
    services.activity_save(
        school=world.a,
        user=None,
        data={
            "title": "Pesantren kilat",
            "status": "planned",
            "start_date": datetime.date(2025, 3, 10),
            "end_date": datetime.date(2025, 3, 12),
        },
    )
    month = calendar.month(school=world.a, year=2025, month_number=3, language="id")
    days = {cell["day"]: cell for week in month["weeks"] for cell in week}
    assert [e.title for e in days[datetime.date(2025, 3, 11)]["events"]] == ["Pesantren kilat"]
    # 1 March 2025 is 1 Ramadan 1446 by Umm al-Qura; the school's offset of one day makes it 2 Ramadan.
    assert days[datetime.date(2025, 3, 1)]["hijri"] == "2 Ramadan"
    assert month["hijri"].endswith("1446 H")
    forum_month = calendar.month(
        school=world.a, year=world.forum.date.year, month_number=world.forum.date.month, language="id"
    )
    assert any(e.kind == "forum" for w in forum_month["weeks"] for c in w for e in c["events"])
    ending = world.signed_agreement.end_date
    end_month = calendar.month(school=world.a, year=ending.year, month_number=ending.month, language="id")
    assert any(e.kind == "agreement" and e.day == ending for w in end_month["weeks"] for c in w for e in c["events"])
    client.force_login(world.users["committee_viewer"])
    page = client.get(reverse("activities:calendar", args=[world.a.pk]) + "?month=2025-03")
    assert "Pesantren kilat" in page.content.decode() and "2 Ramadan" in page.content.decode()


def test_the_school_feed_is_read_by_phone_calendars_and_a_reset_ends_the_old_address(client, world):
    activity = _planned_soon(world)
    feed = calendar.feed_for(school=world.a)
    response = client.get(reverse("calendar_feed", args=[feed.token]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    parsed = icalendar.Calendar.from_ical(response.content)
    (event,) = [c for c in parsed.walk("VEVENT") if str(c["summary"]) == activity.title]
    assert event["uid"] == f"activity-{activity.pk}@school-{world.a.pk}.mitra"
    assert event.decoded("dtstart").time() == datetime.time(8, 0)
    assert str(event["url"]).endswith(reverse("activities:detail", args=[world.a.pk, activity.pk]))
    old = feed.token
    calendar.reset(feed)
    assert client.get(reverse("calendar_feed", args=[old])).status_code == 404
    assert client.get(reverse("calendar_feed", args=["guess"])).status_code == 404


def test_a_personal_feed_holds_ones_own_activities_and_stops_with_the_membership(client, world):
    mine = _planned_soon(world)
    feed = calendar.feed_for(school=world.a, user=world.users["team_member"])
    others = calendar.feed_for(school=world.a, user=world.users["principal"])
    summaries = lambda f: [  # noqa: E731
        str(e["summary"])
        for e in icalendar.Calendar.from_ical(client.get(reverse("calendar_feed", args=[f.token])).content).walk(
            "VEVENT"
        )
    ]
    assert mine.title in summaries(feed) and mine.title not in summaries(others)
    membership = world.users["team_member"].memberships.get(school=world.a)
    membership.is_active = False
    membership.save()
    assert client.get(reverse("calendar_feed", args=[feed.token])).status_code == 404


def test_the_feeds_page_offers_only_leads_a_new_school_address(client, world):
    client.force_login(world.users["team_member"])
    url = reverse("activities:feed_reset", args=[world.a.pk])
    assert client.post(url, {"which": "school"}).status_code == 403
    client.force_login(world.users["coordinator"])
    feed = calendar.feed_for(school=world.a)
    old = feed.token
    client.post(url, {"which": "school"})
    feed.refresh_from_db()
    assert feed.token != old


def test_rotating_out_hands_every_open_task_to_someone(world):
    member, admin = world.users["team_member"], world.users["admin_staff"]
    term = team.term_save(
        school=world.a,
        user=None,
        data={"user": member, "role": "member", "starts_on": world.year.start_date, "ends_on": world.year.end_date},
    )
    work = team.open_work(school=world.a, person=member)
    assert world.task in work["tasks"]
    with pytest.raises(Exception, match="takes over"):
        team.rotate_out(term=term, user=None, on=datetime.date(2026, 1, 31), handover={})
    handover = {("task", t.pk): admin for t in work["tasks"]} | {("activity", a.pk): admin for a in work["activities"]}
    team.rotate_out(term=term, user=world.users["coordinator"], on=datetime.date(2026, 1, 31), handover=handover)
    assert Task.objects.for_school(world.a).get(pk=world.task.pk).assignee == admin
    term = TeamTerm.objects.for_school(world.a).get(pk=term.pk)
    assert term.ends_on == datetime.date(2026, 1, 31) and term.handed_over_at


def test_a_person_cannot_hold_two_overlapping_terms_or_be_a_stranger(world):
    data = {
        "user": world.users["team_member"],
        "role": "member",
        "starts_on": world.year.start_date,
        "ends_on": world.year.end_date,
    }
    team.term_save(school=world.a, user=None, data=data)
    with pytest.raises(Exception, match="already in the team"):
        team.term_save(school=world.a, user=None, data={**data, "starts_on": datetime.date(2026, 3, 1)})
    with pytest.raises(Exception, match="staff"):
        team.term_save(school=world.a, user=None, data={**data, "user": world.users["partner_rep"]})


def test_an_undocumented_activity_says_so_on_the_calendar(world):
    services.quick_record(
        school=world.a, user=None, partner=world.partner, sentence="Rapat", day=datetime.date(2025, 9, 1)
    )
    month = calendar.month(school=world.a, year=2025, month_number=9, language="en")
    (event,) = [e for w in month["weeks"] for c in w for e in c["events"] if e.title == "Rapat"]
    assert "undocumented" in event.kind and "undocumented" in event.label


def _feed_components(client, feed) -> icalendar.Calendar:
    response = client.get(reverse("calendar_feed", args=[feed.token]))
    assert response.status_code == 200
    return icalendar.Calendar.from_ical(response.content)


def test_every_feed_carries_the_vtimezone_its_times_refer_to(client, world):
    """RFC 5545 3.6.5: a TZID that a time names is defined by a VTIMEZONE in the same calendar.
    Asia/Jakarta has been WIB, UTC+7 without daylight saving, since 1964: one STANDARD observance."""
    _planned_soon(world)
    feeds = [
        calendar.feed_for(school=world.a),
        calendar.feed_for(school=world.a, user=world.users["team_member"]),  # has the activity
        calendar.feed_for(school=world.a, user=world.users["principal"]),  # has nothing at a time
    ]
    for feed in feeds:
        parsed = _feed_components(client, feed)
        (zone,) = parsed.walk("VTIMEZONE")
        assert str(zone["tzid"]) == "Asia/Jakarta" == str(parsed["x-wr-timezone"])
        (standard,) = zone.walk("STANDARD")
        assert zone.walk("DAYLIGHT") == []
        assert standard["tzoffsetfrom"].to_ical() == standard["tzoffsetto"].to_ical() == "+0700"
        assert str(standard["tzname"]) == "WIB"
        # It comes before the events, and every time with a TZID names it.
        assert [c.name for c in parsed.subcomponents][0] == "VTIMEZONE"
        named = [
            event[key].params["TZID"]
            for event in parsed.walk("VEVENT")
            for key in ("dtstart", "dtend")
            if "TZID" in event[key].params
        ]
        assert set(named) <= {"Asia/Jakarta"}
        if feed.user != world.users["principal"]:
            assert named, "the activity at 08:00 is given with its time zone"
