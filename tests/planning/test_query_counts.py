"""The planning pages make as many queries with 50 goals, needs or candidates as with one."""

import datetime

import pytest
from django.urls import reverse

from mitra.partners.models import Potential
from mitra.planning import services
from mitra.planning.models import Goal, Indicator, Need, Value
from tests.conftest import make_partner, queries_of_fresh_page


def _grow(world, n):
    """n goals (each with a value and an indicator), n needs, n partners who can help, n candidates."""
    value = Value.objects.for_school(world.a).first()
    for i in range(n):
        goal = Goal.all_schools.create(
            school=world.a, plan=world.plan, title=f"Tujuan {i}", serves="Pendidikan bermutu"
        )
        goal.values.add(value)
        Indicator.all_schools.create(
            school=world.a,
            goal=goal,
            name=f"Ind {i}",
            baseline=0,
            target=1,
            unit="x",
            direction="increase",
            frequency="yearly",
            responsible=world.users["team_member"],
        )
        Need.all_schools.create(school=world.a, plan=world.plan, title=f"Kebutuhan {i}", area="health")
        partner = make_partner(world.a, f"Mitra {i}")
        Potential.all_schools.create(school=world.a, partner=partner, area="health")
        services.candidate_add(need=world.need, user=None, partner=partner)
        programme = services.programme_save(
            plan=world.plan, user=None, fields={"name": f"Program {i}"}, goals=[goal], needs=[], partners=[partner]
        )
        planned = services.activity_save(
            programme=programme,
            user=None,
            fields={
                "title": f"Kegiatan {i}",
                "schedule": "weekly",
                "start_date": datetime.date(2025, 9, 1),
                "end_date": datetime.date(2026, 5, 29),
                "budget": 1000,
                "budget_source": "school",
                "owner": world.users["team_member"],
            },
            indicators=[goal.indicators.first()],
        )
        services.task_add(activity=planned, user=None, title=f"Tugas {i}", assignee=world.users["principal"])
        services.forum_save(
            plan=world.plan,
            user=None,
            fields={"title": f"Forum {i}", "date": datetime.date(2025, 8, 1), "audiences": ["teachers"]},
            programmes=[programme],
            partners=[partner],
        )
        services.attendance_add(forum=world.forum, user=None, name=f"Peserta {i}", group="parents", partner=partner)


PAGES = [
    "planning:plan",
    "planning:goals",
    "planning:needs",
    "planning:matrix",
    "planning:selection",
    "planning:programmes",
    "planning:calendar",
    "planning:timeline",
    "planning:my_tasks",
    "planning:forums",
    "planning:forum",
    "planning:attendance_sheet",
]


@pytest.mark.parametrize("name", PAGES)
def test_the_query_count_does_not_grow(principal_client, world, name):
    kwargs = {"school_id": world.a.pk, "plan_id": world.plan.pk}
    if name == "planning:my_tasks":
        del kwargs["plan_id"]
    if name in ("planning:forum", "planning:attendance_sheet"):
        kwargs["forum_id"] = world.forum.pk
    if name == "planning:selection":
        kwargs["need_id"] = world.need.pk
    url = reverse(name, kwargs=kwargs) + ("?month=2025-09" if name == "planning:calendar" else "")
    principal_client.get(url)
    one = queries_of_fresh_page(principal_client, url)
    _grow(world, 50)
    assert queries_of_fresh_page(principal_client, url) == one
