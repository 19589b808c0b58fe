"""Who the partnerships reached in a school year (issue 26): the grades whose pupils took part in a done
activity and the staff who recorded one, sat in the team or were named — and who never did, on the page
and in the annual report read back."""

import datetime

from django.urls import reverse

from mitra.activities import involvement, services
from mitra.activities.models import Activity
from mitra.reports import generate
from mitra.reports.scope import Kind, Scope
from mitra.schools.access import access_for
from mitra.schools.models import Membership
from mitra.schools.roles import Role
from tests.conftest import make_user
from tests.documents.reading import docx_text, squeeze


def _person(username, first, last):
    user = make_user(username)
    user.first_name, user.last_name = first, last
    user.save(update_fields=["first_name", "last_name"])
    return user


def _year(world):
    return involvement.involvement(school=world.a, start=world.year.start_date, end=world.year.end_date)


def test_the_grades_and_the_staff_never_involved_are_named(client, run_world):
    world = run_world
    grades = involvement.grades_of(world.a)
    assert grades, "the world's school is counted by grade"
    services.activity_save(
        school=world.a,
        user=world.users["team_member"],
        activity=world.done_activity,
        data={},
        counts={("students", grades[0], "m"): 12, ("students", grades[0], "f"): 10},
    )
    newcomer = _person("guru.baru", "Zainab", "Fitri")
    Membership.objects.create(user=newcomer, school=world.a, role=Role.TEAM_MEMBER)
    found = _year(world)
    assert found.grades[0] == {"grade": grades[0], "activities": 1, "pupils": 22}
    assert found.grades_never == list(grades[1:])
    never = {p.user for p in found.people_never}
    assert newcomer in never and world.users["team_member"] not in never  # they recorded the activity

    services.participants_add(
        activity=world.done_activity, user=world.users["team_member"], group="teachers", names="Bu Zainab Fitri, S.Pd."
    )
    assert newcomer not in {p.user for p in _year(world).people_never}  # named as taking part
    ani = _person("guru.ani", "Ani", "")
    Membership.objects.create(user=ani, school=world.a, role=Role.TEAM_MEMBER)
    services.participants_add(
        activity=world.done_activity, user=world.users["team_member"], group="teachers", names="Bu Daniati"
    )
    assert ani in {p.user for p in _year(world).people_never}  # "Daniati" does not name Ani

    client.force_login(world.users["principal"])
    page = client.get(reverse("activities:involvement", args=[world.a.pk])).content.decode()
    assert "Zainab Fitri" in page
    other = _person("guru.lain", "Umar", "Said")
    Membership.objects.create(user=other, school=world.a, role=Role.TEAM_MEMBER)
    access = access_for(world.users["principal"], world.a.pk)
    text = squeeze(
        docx_text(generate.make(Scope(access=access, kind=Kind.ANNUAL, year=world.year, language="en"), "docx").data)
    )
    assert "Umar Said" in text and "were never involved in this period" in text
    assert f"Grades never involved in this period: {', '.join(map(str, grades[1:]))}." in text


def test_a_cancelled_activity_reaches_no_one(run_world):
    world = run_world
    grades = involvement.grades_of(world.a)
    cancelled = services.activity_save(
        school=world.a,
        user=world.users["coordinator"],
        data={
            "title": "Batal",
            "status": "cancelled",
            "status_reason": "Hujan",
            "start_date": datetime.date(2025, 10, 1),
        },
        counts={("students", grades[-1], "m"): 30},
    )
    assert cancelled.status == Activity.Status.CANCELLED
    assert grades[-1] in _year(world).grades_never
