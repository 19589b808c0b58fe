import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from mitra.planning import selectors, services
from mitra.planning.models import PlannedActivity, Programme
from mitra.schools.access import Access

D = datetime.date


def access(world, role="coordinator"):
    return Access(user=world.users[role], school=world.a, role=role)


@pytest.fixture
def programme(world):
    return services.programme_save(
        plan=world.plan,
        user=None,
        fields={"name": "Sekolah Sehat"},
        goals=[world.goal],
        needs=[world.need],
        partners=[world.partner],
    )


def activity(programme, **fields):
    base = {
        "title": "Penyuluhan",
        "schedule": "date",
        "start_date": D(2025, 9, 1),
        "budget": Decimal(0),
        "budget_source": "school",
    }
    return services.activity_save(programme=programme, user=None, fields={**base, **fields})


def test_a_programme_serves_a_goal(world):
    before = Programme.objects.for_school(world.a).count()
    with pytest.raises(ValidationError) as caught:
        services.programme_save(
            plan=world.plan, user=None, fields={"name": "Tanpa tujuan"}, goals=[], needs=[], partners=[]
        )
    assert "goals" in caught.value.message_dict
    assert Programme.objects.for_school(world.a).count() == before


@pytest.mark.parametrize(
    "fields,field",
    [
        ({"schedule": "range", "start_date": D(2025, 9, 2), "end_date": D(2025, 9, 1)}, "end_date"),
        ({"schedule": "weekly", "start_date": D(2025, 9, 1), "end_date": None}, "end_date"),
        ({"budget": Decimal(-1)}, "budget"),
    ],
    ids=["end before start", "repeating without an end", "negative budget"],
)
def test_bad_schedules_are_refused_and_nothing_is_saved(programme, world, fields, field):
    before = PlannedActivity.objects.for_school(world.a).count()
    with pytest.raises(ValidationError) as caught:
        activity(programme, **fields)
    assert field in caught.value.message_dict
    assert PlannedActivity.objects.for_school(world.a).count() == before


def test_the_owner_comes_from_the_team(programme, world):
    with pytest.raises(ValidationError):
        activity(programme, owner=world.users["committee_viewer"])
    assert activity(programme, owner=world.users["team_member"]).owner == world.users["team_member"]


def test_occurrences_of_each_schedule(programme):
    weekly = activity(programme, schedule="weekly", start_date=D(2025, 7, 18), end_date=D(2025, 8, 15))
    monthly = activity(programme, schedule="monthly", start_date=D(2025, 7, 31), end_date=D(2025, 10, 31))
    semester = activity(programme, schedule="semester", start_date=D(2025, 8, 4), end_date=D(2026, 6, 30))
    year = (D(2025, 7, 1), D(2026, 6, 30))
    assert selectors.occurrences(weekly, *year) == [
        D(2025, 7, 18),
        D(2025, 7, 25),
        D(2025, 8, 1),
        D(2025, 8, 8),
        D(2025, 8, 15),
    ]
    # The 31st falls back to the month's last day.
    assert selectors.occurrences(monthly, *year) == [D(2025, 7, 31), D(2025, 8, 31), D(2025, 9, 30), D(2025, 10, 31)]
    assert selectors.occurrences(semester, *year) == [D(2025, 8, 4), D(2026, 2, 4)]
    # Only the days inside the window are returned.
    assert selectors.occurrences(weekly, D(2025, 8, 1), D(2025, 8, 10)) == [D(2025, 8, 1), D(2025, 8, 8)]


def test_the_month_calendar_places_activities_on_their_days(programme, world):
    activity(programme, title="Senam", schedule="weekly", start_date=D(2025, 9, 5), end_date=D(2025, 12, 19))
    activity(programme, title="Seminar", start_date=D(2025, 9, 17))
    calendar = selectors.month_calendar(access=access(world), plan=world.plan, year=2025, month=9)
    days = {cell["day"]: [a.title for a in cell["activities"]] for week in calendar["weeks"] for cell in week}
    assert days[D(2025, 9, 5)] == ["Senam"] and days[D(2025, 9, 12)] == ["Senam"]
    assert days[D(2025, 9, 15)] == ["Pemeriksaan kesehatan"]  # the shared world's activity
    assert days[D(2025, 9, 17)] == ["Seminar"]
    assert calendar["weeks"][0][0]["day"] == D(2025, 9, 1)  # September 2025 starts on a Monday
    assert (calendar["previous"], calendar["next"]) == (D(2025, 8, 1), D(2025, 10, 1))


def test_the_timeline_positions_bars_as_shares_of_the_year(programme, world):
    # The year runs 1 July 2025 – 30 June 2026: 365 days.
    activity(programme, title="Lokakarya", schedule="range", start_date=D(2025, 7, 11), end_date=D(2025, 7, 20))
    rows = selectors.timeline(access=access(world), plan=world.plan)["rows"]
    bar = next(r for r in rows if r["activity"].title == "Lokakarya")
    assert bar["left"] == round(10 * 100 / 365, 2)  # 10 days after the first day
    assert bar["width"] == round(10 * 100 / 365, 2)  # 11th to 20th July inclusive
    assert bar["marks"] == []


def test_tasks_are_listed_for_their_person_and_can_be_ticked(programme, world):
    planned = activity(programme)
    task = services.task_add(
        activity=planned,
        user=None,
        title="Surat undangan",
        assignee=world.users["team_member"],
        due_date=D(2025, 8, 25),
    )
    mine = selectors.tasks_for(access=access(world, "team_member"), user=world.users["team_member"])
    assert task in list(mine) and all(t.assignee == world.users["team_member"] for t in mine)
    services.task_toggle(task=task, user=world.users["team_member"])
    task.refresh_from_db()
    assert task.done_at is not None
    with pytest.raises(ValidationError):
        services.task_add(activity=planned, user=None, title="X", assignee=world.users["partner_rep"])
