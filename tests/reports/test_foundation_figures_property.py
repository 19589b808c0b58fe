"""The foundation's kept figures (reports/summaries.py) are, after any sequence of changes to a school,
exactly what computing them afresh gives: each figure is computed again only after a change of a kind
it shows (reports/foundation.FIGURES), so a kind left out there that a figure does show would leave
that figure behind here (each of the 14 pairs of a part and one of its kinds, left out in turn, made
this test fail when it was written; so did the agreements of the part of what partners gave, when added). Two schools change, so that one visit computes different parts
for each.
Changes of every kind, as the services make them (the row written, then recorded through the
history's one door, which marks its kind), and the day turning."""

import datetime

from django.db import transaction
from django.http import QueryDict
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mitra.activities import services as activities
from mitra.activities.models import Activity, Contribution, IndicatorResult
from mitra.agreements.models import Agreement
from mitra.evaluation import responses
from mitra.evaluation.models import Obstacle
from mitra.history.models import Change
from mitra.history.services import record
from mitra.partners.models import Partner
from mitra.planning.models import Indicator, Plan, Spending, Task
from mitra.reports import foundation
from mitra.reports.models import SchoolSummary
from mitra.schools.models import AcademicYear, School
from tests.conftest import make_partner, parent_answers, school_year


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
        # Done on a day already past (the test's day may have turned beyond the clock's).
        day = min(today, timezone.localdate()) - datetime.timedelta(days=n * 17)
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

    def result(n):
        # What an activity reached on the plan's indicator: an activity's row, recorded with it.
        IndicatorResult.objects.for_school(world.a).update_or_create(
            activity=world.done_activity, indicator=world.indicator, defaults={"value": n % 5}
        )
        recorded(Activity.objects.for_school(world.a).get(pk=world.done_activity.pk))

    def target(n):
        recorded(_flip(Indicator, world.indicator, "target", 4, 8))

    def response(n):
        data = QueryDict(mutable=True)
        for name, value in parent_answers(world.round.version, rating=str(1 + n % 4)).items():
            data.setlist(name, value if isinstance(value, list) else [value])
        form = responses.answer_form(world.round, data)
        assert form.is_valid(), form.errors
        responses.response_save(round_=world.round, form=form, group="parents", submission=f"p{n}", link=world.link)

    def year(n):
        # Between the school year of today (of the plan and the round) and the one before it.
        current = AcademicYear.objects.for_school(world.a).get(is_current=True)
        other = world.this_year if current.pk == world.year.pk else world.year
        AcademicYear.objects.for_school(world.a).update(is_current=False)
        AcademicYear.objects.for_school(world.a).filter(pk=other.pk).update(is_current=True)
        recorded(AcademicYear.objects.for_school(world.a).get(pk=other.pk))

    def letter(n):
        recorded(world.letter)

    def other_school(n):
        # School B's partner: B's figures go stale for the partners while A's may for another kind.
        recorded(_flip(Partner, world.b_partner, "status", "active", "inactive"))

    def spend(n):
        # Money spent on the plan's programme: the row, recorded on the programme (the plan's kind).
        Spending.objects.for_school(world.a).create(
            programme=world.programme, day=today, amount=1000 * (n + 1), source="school", description=f"Belanja {n}"
        )
        recorded(world.programme)

    def give(n):
        # What a partner gave, on an activity (the activities' kind) or under an agreement (theirs).
        on = {"activity": world.done_activity} if n % 2 else {"agreement": world.signed_agreement}
        Contribution.objects.for_school(world.a).create(
            partner=world.partner, kind="cash", day=today, description=f"Sumbangan {n}", value=500 * (n + 1), **on
        )
        recorded(on.get("activity") or on["agreement"])

    def profile(n):
        School.objects.filter(pk=world.a.pk).update(region=f"Kab. Uji {n}")
        recorded(School.objects.get(pk=world.a.pk))

    steps = (
        activity,
        result,
        target,
        response,
        obstacle,
        partner,
        agreement,
        task,
        year,
        letter,
        other_school,
        profile,
        spend,
        give,
    )
    return {f.__name__: f for f in steps}


STEPS = st.lists(
    st.tuples(
        st.sampled_from(
            [
                "activity",
                "result",
                "target",
                "response",
                "obstacle",
                "partner",
                "agreement",
                "task",
                "year",
                "letter",
                "other_school",
                "profile",
                "spend",
                "give",
                "day",
            ]
        ),
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
        # Every figure moved by the changes below: the world's plan, indicator and signed agreement are
        # of the school year of today (the round opened yesterday), the year the school is in; the
        # indicator has a result, so that a new target moves its progress.
        world.this_year = school_year(world.a, today.year if today.month >= 7 else today.year - 1)
        AcademicYear.objects.for_school(world.a).update(is_current=False)
        AcademicYear.objects.for_school(world.a).filter(pk=world.this_year.pk).update(is_current=True)
        Plan.objects.for_school(world.a).filter(pk=world.plan.pk).update(academic_year=world.this_year)
        IndicatorResult.objects.for_school(world.a).create(
            activity=world.done_activity, indicator=world.indicator, value=2
        )
        Agreement.objects.for_school(world.a).filter(pk=world.signed_agreement.pk).update(
            end_date=today + datetime.timedelta(days=400)
        )
        world.b_partner = make_partner(world.b, "Puskesmas B", status=Partner.Status.ACTIVE)
        changes = _changes(world, today)

        def kept_and_afresh():
            foundation.summaries.keep_fresh(
                schools, today=today, table=foundation.FIGURES, fields=foundation.ROW_FIELDS
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
