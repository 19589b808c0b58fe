"""The rotation planner's fairness rules, as properties over any team, any number of terms and seats,
any unavailability and any pins (Hypothesis), and the planner's place in the team pages."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from mitra.activities import rotation as planner
from mitra.activities import team
from mitra.activities.models import Rotation, TeamTerm


@st.composite
def teams(draw, with_unavailable=True, with_pins=True):
    people = draw(st.lists(st.integers(1, 500), min_size=1, max_size=12, unique=True))
    periods = draw(st.integers(1, 8))
    seats = draw(st.integers(1, max(1, len(people))))
    unavailable = {}
    if with_unavailable:
        for period in range(periods):
            unavailable[period] = set(draw(st.lists(st.sampled_from(people), max_size=len(people), unique=True)))
    pins = {}
    if with_pins:
        for period in range(periods):
            free = [p for p in people if p not in unavailable.get(period, set())]
            if free:
                pins[period] = set(draw(st.lists(st.sampled_from(free), max_size=min(seats, len(free)), unique=True)))
    return people, periods, seats, unavailable, pins


@settings(max_examples=300, deadline=None)
@given(teams())
def test_every_term_is_filled_with_available_people_and_every_pin_is_kept(case):
    people, periods, seats, unavailable, pins = case
    plan = planner.propose(people=people, periods=periods, seats=seats, unavailable=unavailable, pins=pins)
    assert len(plan) == periods
    for period, chosen in enumerate(plan):
        available = [p for p in people if p not in unavailable.get(period, set())]
        assert len(chosen) == len(set(chosen)) == min(seats, len(available))
        assert not set(chosen) & unavailable.get(period, set())
        assert pins.get(period, set()) <= set(chosen)


@settings(max_examples=300, deadline=None)
@given(teams(with_pins=False))
def test_nobody_serves_again_before_everyone_available_has_served_as_often(case):
    people, periods, seats, unavailable, _pins = case
    plan = planner.propose(people=people, periods=periods, seats=seats, unavailable=unavailable)
    served = dict.fromkeys(people, 0)
    for period, chosen in enumerate(plan):
        waiting = [p for p in people if p not in chosen and p not in unavailable.get(period, set())]
        for person in chosen:
            for other in waiting:
                assert served[person] <= served[other], (period, person, other, served)
        for person in chosen:
            served[person] += 1


@settings(max_examples=300, deadline=None)
@given(teams(with_unavailable=False, with_pins=False))
def test_with_everyone_available_the_load_differs_by_at_most_one(case):
    people, periods, seats, _u, _p = case
    plan = planner.propose(people=people, periods=periods, seats=seats)
    load = planner.loads(plan, people)
    assert max(load.values()) - min(load.values()) <= 1


@settings(max_examples=200, deadline=None)
@given(teams())
def test_the_same_input_gives_the_same_plan(case):
    people, periods, seats, unavailable, pins = case
    first = planner.propose(people=people, periods=periods, seats=seats, unavailable=unavailable, pins=pins)
    again = planner.propose(people=people, periods=periods, seats=seats, unavailable=unavailable, pins=pins)
    assert first == again


@settings(max_examples=200, deadline=None)
@given(teams(with_unavailable=False, with_pins=False), st.data())
def test_a_second_plan_continues_the_fairness_of_the_first(case, data):
    people, periods, seats, _u, _p = case
    assume(seats < len(people))
    served = {p: data.draw(st.integers(0, 3)) for p in people}
    plan = planner.propose(people=people, periods=1, seats=seats, served=served)
    chosen, waiting = set(plan[0]), [p for p in people if p not in plan[0]]
    assert all(served[c] <= served[w] for c in chosen for w in waiting)


def test_impossible_inputs_are_refused_with_a_reason():
    with pytest.raises(ValidationError, match="more pinned people than seats"):
        planner.propose(people=[1, 2, 3], periods=2, seats=1, pins={0: {1, 2}})
    with pytest.raises(ValidationError, match="cannot serve"):
        planner.propose(people=[1, 2], periods=2, seats=1, pins={1: {2}}, unavailable={1: {2}})
    with pytest.raises(ValidationError):
        planner.propose(people=[1, 1], periods=1, seats=1)
    with pytest.raises(ValidationError):
        planner.propose(people=[1, 2], periods=1, seats=0)


# --- In the school -----------------------------------------------------------------------------------


def _teachers(world, n):
    from mitra.schools.models import Membership
    from mitra.schools.roles import Role
    from tests.conftest import make_user

    people = []
    for i in range(n):
        person = make_user(f"guru{i}")
        Membership.objects.create(user=person, school=world.a, role=Role.TEAM_MEMBER)
        people.append(person)
    return people


@pytest.mark.django_db
def test_a_rotation_over_two_years_becomes_team_terms_once_confirmed(world):
    teachers = _teachers(world, 5)
    rotation = team.rotation_create(
        school=world.a,
        user=world.users["coordinator"],
        title="Rotasi",
        year=world.year,
        years=2,
        per_year=2,
        seats=2,
        people=teachers,
        unavailable={0: {teachers[0].pk}},
        pins={},
    )
    assert [p["label"] for p in rotation.periods] == [
        "2025/2026 · semester 1",
        "2025/2026 · semester 2",
        "2026/2027 · semester 1",
        "2026/2027 · semester 2",
    ]
    assert teachers[0].pk not in rotation.assignment[0]
    assert rotation.periods[2]["start"] == "2026-07-01" and rotation.periods[3]["end"] == "2027-06-30"
    terms = team.rotation_confirm(rotation=rotation, user=world.users["coordinator"])
    assert len(terms) == 8 and all(t.role == TeamTerm.Role.ROTATING for t in terms)
    assert Rotation.objects.for_school(world.a).get(pk=rotation.pk).status == Rotation.Status.CONFIRMED
    with pytest.raises(ValidationError):
        team.rotation_confirm(rotation=rotation, user=world.users["coordinator"])


@pytest.mark.django_db
def test_the_coordinators_edits_are_checked_before_they_are_saved(world):
    teachers = _teachers(world, 3)
    ids = [t.pk for t in teachers]
    rotation = team.rotation_create(
        school=world.a,
        user=world.users["coordinator"],
        title="Rotasi",
        year=world.year,
        years=1,
        per_year=2,
        seats=1,
        people=teachers,
        unavailable={},
        pins={},
    )
    with pytest.raises(ValidationError, match="cannot serve"):
        team.rotation_edit(
            rotation=rotation, user=None, assignment=[[ids[0]], [ids[1]]], unavailable={0: {ids[0]}}, pins={}
        )
    with pytest.raises(ValidationError, match="more people than seats"):
        team.rotation_edit(rotation=rotation, user=None, assignment=[ids[:2], [ids[2]]], unavailable={}, pins={})
    saved = team.rotation_edit(rotation=rotation, user=None, assignment=[[ids[2]], [ids[0]]], unavailable={}, pins={})
    assert saved.assignment == [[ids[2]], [ids[0]]]
    replanned = team.rotation_replan(rotation=saved, user=None, unavailable={}, pins={1: {ids[1]}})
    assert ids[1] in replanned.assignment[1]


@pytest.mark.django_db
def test_a_new_plan_starts_with_those_who_served_least(world):
    teachers = _teachers(world, 3)
    TeamTerm.all_schools.create(
        school=world.a,
        user=teachers[0],
        role=TeamTerm.Role.ROTATING,
        starts_on=datetime.date(2024, 7, 1),
        ends_on=datetime.date(2024, 12, 31),
    )
    rotation = team.rotation_create(
        school=world.a,
        user=None,
        title="Rotasi",
        year=world.year,
        years=1,
        per_year=2,
        seats=1,
        people=teachers,
        unavailable={},
        pins={},
    )
    assert rotation.assignment == [[teachers[1].pk], [teachers[2].pk]]
