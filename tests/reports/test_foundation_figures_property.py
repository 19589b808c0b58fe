"""The foundation's kept figures (reports/summaries.py) are, after any sequence of changes to a school,
exactly what computing them afresh gives: they are computed again only after a change of a kind they
show (reports/foundation.FIGURE_KINDS), so a kind left out there that a figure does show would leave
that figure behind here. Changes of every kind, as the services make them (the row written, then
recorded through the history's one door, which marks its kind), and the day turning."""

import datetime

from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mitra.activities import services as activities
from mitra.agreements.models import Agreement
from mitra.evaluation.models import Obstacle
from mitra.history.models import Change
from mitra.history.services import record
from mitra.partners.models import Partner
from mitra.planning.models import Task
from mitra.reports import foundation
from mitra.reports.models import SchoolSummary
from mitra.schools.models import AcademicYear, School


def _flip(model, row, field, one, other, **also):
    now = getattr(model.objects.for_school(row.school).get(pk=row.pk), field)
    fields = {field: other if now == one else one, **(also if now == one else {})}
    model.objects.for_school(row.school).filter(pk=row.pk).update(**fields)
    return model.objects.for_school(row.school).get(pk=row.pk)


def _changes(world, today):
    user = world.users["coordinator"]

    def recorded(obj):
        record(user=user, obj=obj, action=Change.Action.UPDATE, extra={"note": ["", "uji"]})

    def activity(n):
        day = today - datetime.timedelta(days=n * 17)
        activities.quick_record(school=world.a, user=user, partner=world.partner, sentence=f"Kegiatan {n}", day=day)

    def obstacle(n):
        recorded(_flip(Obstacle, world.obstacle, "status", "open", "resolved"))

    def partner(n):
        recorded(_flip(Partner, world.other_partner, "status", "active", "inactive"))

    def agreement(n):
        terminated = {"terminated_on": today - datetime.timedelta(days=n)}
        recorded(_flip(Agreement, world.signed_agreement, "stage", "signed", "terminated", **terminated))

    def task(n):
        Task.objects.for_school(world.a).filter(pk=world.task.pk).update(due_date=today - datetime.timedelta(days=1))
        recorded(_flip(Task, world.task, "done_at", None, timezone.now()))

    def year(n):
        current = AcademicYear.objects.for_school(world.a).get(is_current=True)
        other = world.old_year if current.pk == world.year.pk else world.year
        AcademicYear.objects.for_school(world.a).update(is_current=False)
        AcademicYear.objects.for_school(world.a).filter(pk=other.pk).update(is_current=True)
        recorded(AcademicYear.objects.for_school(world.a).get(pk=other.pk))

    def letter(n):
        recorded(world.letter)

    def profile(n):
        School.objects.filter(pk=world.a.pk).update(region=f"Kab. Uji {n}")
        recorded(School.objects.get(pk=world.a.pk))

    return {f.__name__: f for f in (activity, obstacle, partner, agreement, task, year, letter, profile)}


STEPS = st.lists(
    st.tuples(
        st.sampled_from(["activity", "obstacle", "partner", "agreement", "task", "year", "letter", "profile", "day"]),
        st.integers(0, 20),
    ),
    min_size=1,
    max_size=8,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=STEPS)
def test_the_kept_figures_are_the_figures_computed_afresh_after_any_changes(evaluation_world, steps):
    world = evaluation_world
    schools = School.objects.filter(foundation=world.a.foundation)
    with transaction.atomic():
        today = timezone.localdate()
        changes = _changes(world, today)

        def kept_and_afresh():
            foundation.summaries.keep_fresh(
                schools,
                today=today,
                compute=foundation._figures,
                fields=foundation.ROW_FIELDS,
                kinds=foundation.FIGURE_KINDS,
            )
            kept = {s.school_id: s.figures for s in SchoolSummary.objects.for_schools(schools)}
            return kept, foundation._figures(list(schools), today)

        kept, afresh = kept_and_afresh()
        assert kept == afresh
        for name, n in steps:
            if name == "day":
                today += datetime.timedelta(days=1)
                changes = _changes(world, today)
            else:
                changes[name](n)
            kept, afresh = kept_and_afresh()
            assert kept == afresh, (name, n)
        transaction.set_rollback(True)
