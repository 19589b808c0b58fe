"""A teacher of two schools is taken back, after the next login, to the school last worked in on this
device; never to a school the person has left, nor to one a cookie names without a membership."""

from django.urls import reverse

from mitra.schools.access import LAST_SCHOOL_COOKIE
from mitra.schools.models import Membership
from mitra.schools.roles import Role


def _teacher_of_two(world):
    teacher = world.users["team_member"]
    Membership.objects.create(user=teacher, school=world.b, role=Role.TEAM_MEMBER)
    return teacher


def test_home_opens_the_school_last_worked_in_after_the_next_login(client, world):
    teacher = _teacher_of_two(world)
    client.force_login(teacher)
    assert client.get(reverse("home")).status_code == 200  # first time: the choice
    page = client.get(reverse("reports:dashboard", args=[world.b.pk]))
    assert page.cookies[LAST_SCHOOL_COOKIE].value == str(world.b.pk)
    assert page.cookies[LAST_SCHOOL_COOKIE]["httponly"]
    client.logout()  # the test client forgets every cookie here; a browser keeps all but the session's
    client.cookies[LAST_SCHOOL_COOKIE] = page.cookies[LAST_SCHOOL_COOKIE].value
    client.force_login(teacher)
    assert client.get(reverse("home"))["Location"] == reverse("reports:dashboard", args=[world.b.pk])
    # The same school again: no cookie written on every page.
    assert LAST_SCHOOL_COOKIE not in client.get(reverse("reports:dashboard", args=[world.b.pk])).cookies


def test_a_school_left_or_never_joined_is_not_opened(client, world):
    teacher = _teacher_of_two(world)
    client.force_login(teacher)
    client.cookies[LAST_SCHOOL_COOKIE] = str(world.c.pk)  # another foundation's school
    assert client.get(reverse("home")).status_code == 200
    client.cookies[LAST_SCHOOL_COOKIE] = "9" * 30
    assert client.get(reverse("home")).status_code == 200
    client.cookies[LAST_SCHOOL_COOKIE] = str(world.b.pk)
    Membership.objects.filter(user=teacher, school=world.b).update(is_active=False)
    # Left school B: one school remains, which home opens as before.
    assert client.get(reverse("home"))["Location"] == reverse("reports:dashboard", args=[world.a.pk])
