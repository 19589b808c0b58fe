"""The migrations that gave plan items their identities, run on the real schema: back to before them,
data as the old copying left it written with the models of then, and forward again."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from mitra.activities.models import IndicatorResult
from mitra.evaluation.results import indicator_progress
from mitra.planning.models import Candidate, Forum, Indicator, Plan, Task

BEFORE = [("planning", "0001_initial")]


@pytest.mark.django_db(transaction=True)
def test_the_migrations_mend_a_revision_made_by_the_old_copying(world):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    others = [node for node in executor.loader.graph.leaf_nodes() if node[0] != "planning"]
    old = executor.loader.project_state(BEFORE + others).apps
    OldPlan, OldGoal, OldIndicator = (old.get_model("planning", n) for n in ("Plan", "Goal", "Indicator"))
    OldProgramme, OldPlanned, OldNeed = (old.get_model("planning", n) for n in ("Programme", "PlannedActivity", "Need"))
    school = world.a.pk
    first = OldPlan._base_manager.get(pk=world.plan.pk)
    first.status = "superseded"
    first.save()
    second = OldPlan._base_manager.create(
        school_id=school, academic_year_id=world.year.pk, revision=2, status="approved", revised_from=first
    )
    goal = OldGoal._base_manager.create(
        school_id=school, plan=second, title="Citra sekolah", serves="Membangun citra sekolah"
    )
    OldIndicator._base_manager.create(
        school_id=school,
        goal=goal,
        name="Liputan media",
        baseline=1,
        target=4,
        unit="kali",
        direction="increase",
        frequency="yearly",
    )
    OldNeed._base_manager.create(school_id=school, plan=second, title="UKS", area="health", priority=1)
    programme = OldProgramme._base_manager.create(school_id=school, plan=second, name="Sekolah Sehat")
    programme.goals.add(goal)
    OldPlanned._base_manager.create(
        school_id=school,
        programme=programme,
        title="Pemeriksaan kesehatan",
        schedule="date",
        start_date=datetime.date(2025, 9, 15),
        budget=500000,
        budget_source="school",
    )
    Activity = old.get_model("activities", "Activity")
    done = Activity._base_manager.create(
        school_id=school,
        title="Liputan koran",
        status="done",
        start_date=datetime.date(2025, 9, 1),
        planned_id=world.activity.pk,
    )
    old.get_model("activities", "IndicatorResult")._base_manager.create(
        school_id=school, activity=done, indicator_id=world.indicator.pk, value=3
    )

    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    rows = indicator_progress(school=world.a, year=world.year)
    assert [
        (r["indicator"].plan_id if hasattr(r["indicator"], "plan_id") else r["indicator"].goal.plan_id, r["actual"])
        for r in rows
    ] == [(second.pk, Decimal(3))]
    assert IndicatorResult.objects.for_school(world.a).get().indicator == Indicator.objects.for_school(world.a).get(
        goal__plan_id=second.pk
    )
    assert Forum.objects.for_school(world.a).get().plan_id == second.pk
    assert Task.objects.for_school(world.a).get().activity.programme.plan_id == second.pk
    assert Candidate.objects.for_school(world.a).filter(need__plan_id=second.pk).get().partner == world.partner
    assert Plan.objects.for_school(world.a).in_force().get().pk == second.pk
