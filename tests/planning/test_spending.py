"""Money spent on the plan's programmes, against what was planned (issue 26): recorded whole or not at
all, with its receipt through the upload pipeline; summed per programme, per source and in all; carried
through revisions like every record against a plan item; never lost with a programme."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mitra.files.models import StoredFile
from mitra.history.models import Change
from mitra.planning import revisions, services, spending
from mitra.planning.models import PlannedActivity, Programme, Spending
from tests.conftest import jpeg_upload
from tests.planning.test_revisions import approve, revise_and_approve

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def approved(world):
    """The world's sample plan, approved: programme "UKS" with one planned activity's budget."""
    plan = approve(world.plan, world)
    programme = revisions.items_of(Programme, plan).get()
    return plan, programme


def spend(world, programme, amount, source="school", **extra):
    return spending.spending_add(
        programme=programme,
        user=world.users["admin_staff"],
        data={"day": TODAY(), "amount": amount, "source": source, "description": "Snack peserta", **extra},
    )


def test_a_spending_with_its_receipt_is_recorded_and_in_the_programmes_history(world):
    plan, programme = approved(world)
    record = spending.spending_add(
        programme=programme,
        user=world.users["admin_staff"],
        data={"day": TODAY(), "amount": Decimal("1250000"), "source": "committee", "description": "  Sewa  tenda "},
        receipt=jpeg_upload(name="kuitansi.jpg"),
    )
    assert (record.amount, record.source, record.description) == (Decimal(1250000), "committee", "Sewa tenda")
    assert record.receipt.original_name == "kuitansi.jpg" and record.receipt.school == world.a
    change = Change.objects.for_school(world.a).filter(target_id=programme.pk, fields__has_key="spending").latest("pk")
    assert change.fields["spending"] == ["", "Rp1.250.000 · Sewa tenda"]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"amount": 0}, "amount"),
        ({"amount": Decimal("0.4")}, "amount"),  # rounds to Rp0
        ({"day": None}, "day"),
        ({"day": datetime.date.today() + datetime.timedelta(days=3)}, "day"),
        ({"source": "bank"}, "source"),
        ({"description": "   "}, "description"),
    ],
)
def test_what_is_wrong_is_named_and_nothing_is_saved(world, data, field):
    plan, programme = approved(world)
    before = StoredFile.all_schools.count()
    with pytest.raises(ValidationError) as refused:
        spending.spending_add(
            programme=programme,
            user=world.users["admin_staff"],
            data={"day": TODAY(), "amount": 500000, "source": "school", "description": "Snack", **data},
            receipt=jpeg_upload(),
        )
    assert field in refused.value.message_dict
    assert not Spending.objects.for_school(world.a).exists()
    assert StoredFile.all_schools.count() == before


def test_only_the_plan_in_force_and_its_own_planned_activities(world):
    plan, programme = approved(world)
    draft = services.plan_revise(plan=plan, user=world.users["coordinator"])
    with pytest.raises(ValidationError, match="rencana yang berlaku"):
        spend(world, revisions.items_of(Programme, draft).get(), 1000)  # the revision's copy, not yet approved
    elsewhere = PlannedActivity.objects.for_school(world.a).filter(programme__plan=draft).first()
    with pytest.raises(ValidationError) as refused:
        spend(world, programme, 1000, planned=elsewhere)
    assert "planned" in refused.value.message_dict
    assert not Spending.objects.for_school(world.a).exists()


def test_planned_against_spent_per_programme_per_source_and_in_all(world):
    plan, programme = approved(world)
    planned = sum(
        PlannedActivity.objects.for_school(world.a).filter(programme=programme).values_list("budget", flat=True)
    )
    spend(world, programme, planned)
    spend(world, programme, 25000, source="committee")
    found = spending.summary(school=world.a, plan=plan)
    line = found.by_programme[programme.pk]
    assert (line.planned, line.spent, line.over) == (planned, planned + 25000, True)
    assert found.by_source["committee"].spent == 25000 and found.by_source["committee"].planned == 0
    assert found.total.spent == planned + 25000
    assert found.over == [programme.pk]


def test_spending_moves_with_its_programme_through_a_revision_and_is_shown_on_the_draft(world):
    plan, programme = approved(world)
    spend(world, programme, 300000)
    draft = services.plan_revise(plan=plan, user=world.users["coordinator"])
    copy = revisions.items_of(Programme, draft).get()
    assert spending.summary(school=world.a, plan=draft).by_programme[copy.pk].spent == 300000
    new = approve(draft, world)
    moved = Spending.objects.for_school(world.a).get()
    assert moved.programme == revisions.items_of(Programme, new).get()
    assert spending.summary(school=world.a, plan=new).total.spent == 300000


def test_a_programme_with_spending_is_not_deleted(world):
    plan, programme = approved(world)
    spend(world, programme, 1000)
    revision = services.plan_revise(plan=plan, user=world.users["coordinator"])
    new = approve(revision, world)
    with pytest.raises(ValidationError, match="pengeluaran|spending"):
        services.require_unrecorded(revisions.items_of(Programme, new).get())


def test_deleting_a_spending_removes_its_receipt_and_says_so(world):
    plan, programme = approved(world)
    record = spending.spending_add(
        programme=programme,
        user=world.users["admin_staff"],
        data={"day": TODAY(), "amount": 5000, "source": "school", "description": "Fotokopi"},
        receipt=jpeg_upload(),
    )
    spending.spending_delete(spending=record, user=world.users["coordinator"])
    assert not Spending.objects.for_school(world.a).exists()
    assert not StoredFile.all_schools.filter(pk=record.receipt_id).exists()
    change = Change.objects.for_school(world.a).filter(target_id=programme.pk, fields__has_key="spending").latest("pk")
    assert change.fields["spending"] == ["Rp5.000 · Fotokopi", ""]


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    steps=st.lists(
        st.one_of(
            st.tuples(
                st.just("spend"), st.integers(1, 5_000_000), st.sampled_from(PlannedActivity.BudgetSource.values)
            ),
            st.tuples(st.just("undo"), st.integers(0, 10), st.just("")),
            st.tuples(st.just("revise"), st.just(0), st.just("")),
        ),
        max_size=10,
    )
)
def test_through_spending_undoing_and_revisions_the_sums_are_what_was_spent(world, steps):
    Spending.objects.for_school(world.a).delete()
    plan = world.plan if world.plan.status == "approved" else approve(world.plan, world)
    world.plan = plan
    kept: list[tuple[int, str]] = []
    for step, number, source in steps:
        programme = revisions.items_of(Programme, plan).get()
        if step == "spend":
            spend(world, programme, number, source=source)
            kept.append((number, source))
        elif step == "undo" and kept:
            index = number % len(kept)
            amount, source = kept.pop(index)
            record = Spending.objects.for_school(world.a).filter(amount=amount, source=source).first()
            spending.spending_delete(spending=record, user=world.users["coordinator"])
        elif step == "revise":
            plan = revise_and_approve(plan, world)
            world.plan = plan
    found = spending.summary(school=world.a, plan=plan)
    assert found.total.spent == sum(amount for amount, _ in kept)
    for source in PlannedActivity.BudgetSource.values:
        assert found.by_source.get(source, spending.Line()).spent == sum(a for a, s in kept if s == source)
    live = revisions.items_of(Programme, plan).get()
    assert set(Spending.objects.for_school(world.a).values_list("programme", flat=True)) <= {live.pk}


def test_into_a_second_school_year_each_years_plan_counts_its_own_spending(world):
    from tests.planning.test_revisions import _next_year

    first, programme = approved(world)
    spend(world, programme, 400_000, day=datetime.date(2025, 9, 1))
    second_year = _next_year(world)
    second = approve(
        services.plan_start_next_year(plan=first, user=world.users["coordinator"], academic_year=second_year), world
    )
    carried = revisions.items_of(Programme, second).get()
    assert carried.identity != programme.identity  # a new year's programme is a new one, not a revision
    spend(world, carried, 150_000, day=max(second_year.start_date, min(TODAY(), second_year.end_date)))
    assert spending.summary(school=world.a, plan=first).total.spent == 400_000
    assert spending.summary(school=world.a, plan=second).total.spent == 150_000
    assert [r.amount for r in spending.records_of(school=world.a, plan=first)] == [400_000]
    assert [r.amount for r in spending.records_of(school=world.a, plan=second)] == [150_000]
    # What was spent last year stays on last year's programme.
    assert Spending.objects.for_school(world.a).filter(programme=programme).count() == 1
