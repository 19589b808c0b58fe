import datetime
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError

from mitra.history.models import Change
from mitra.planning import selectors, services
from mitra.planning.models import (
    Candidate,
    Criterion,
    Goal,
    Indicator,
    KindSuggestion,
    Need,
    Plan,
    PlannedActivity,
    Programme,
    Value,
)
from mitra.schools.access import Access
from mitra.schools.models import AcademicYear
from tests.conftest import make_partner


def a_goal(plan, user, **extra):
    values = list(Value.objects.for_school(plan.school).filter(name__in=["ta'awun", "maslahah"]))
    fields = {"title": "Citra sekolah", "serves": "Membangun citra sekolah", **extra}
    return services.goal_save(plan=plan, user=user, fields=fields, values=values)


def test_a_new_plan_brings_the_schools_starting_lists(plan, world):
    assert Value.objects.for_school(world.a).count() == 9
    assert sum(Criterion.objects.for_school(world.a).values_list("weight", flat=True)) == 100
    assert KindSuggestion.objects.for_school(world.a).filter(area="health").get().kind == "health_centre"
    services.ensure_defaults(world.a)  # idempotent
    assert Value.objects.for_school(world.a).count() == 9


def test_a_goal_serves_a_line_of_the_vision_or_mission(plan, world):
    goal = a_goal(plan, world.users["coordinator"])
    assert sorted(goal.values.values_list("name", flat=True)) == ["maslahah", "ta'awun"]
    with pytest.raises(ValidationError) as caught:
        a_goal(plan, world.users["coordinator"], serves="Something the school never wrote")
    assert "serves" in caught.value.message_dict
    assert Goal.objects.for_school(world.a).count() == 1


def test_an_indicator_target_must_move_the_right_way(plan, world):
    goal = a_goal(plan, world.users["coordinator"])
    fields = {
        "name": "Guru terlatih",
        "baseline": Decimal(4),
        "target": Decimal(2),
        "unit": "guru",
        "direction": "increase",
        "frequency": "semester",
    }
    with pytest.raises(ValidationError):
        services.indicator_save(goal=goal, user=world.users["coordinator"], fields=fields)
    services.indicator_save(goal=goal, user=world.users["coordinator"], fields={**fields, "target": Decimal(12)})
    assert Indicator.objects.for_school(world.a).get().target == 12


def test_submitting_needs_a_goal_then_the_principal_approves(plan, world):
    with pytest.raises(ValidationError):
        services.plan_submit(plan=plan, user=world.users["coordinator"])
    a_goal(plan, world.users["coordinator"])
    services.plan_submit(plan=plan, user=world.users["coordinator"], comment="Mohon diperiksa")
    services.plan_approve(plan=plan, user=world.users["principal"], comment="Disetujui")
    plan.refresh_from_db()
    assert plan.status == Plan.Status.APPROVED and plan.approved_by == world.users["principal"]
    assert [c.text for c in plan.comments.all()] == ["Mohon diperiksa", "Disetujui"]


def test_an_approved_plan_is_not_edited_in_place(plan, world):
    goal = a_goal(plan, world.users["coordinator"])
    services.plan_submit(plan=plan, user=world.users["coordinator"])
    services.plan_approve(plan=plan, user=world.users["principal"])
    with pytest.raises(ValidationError) as caught:
        services.goal_save(
            plan=plan,
            user=world.users["coordinator"],
            fields={"title": "X", "serves": goal.serves},
            values=[],
            goal=goal,
        )
    assert caught.value.code == "not_editable"
    goal.refresh_from_db()
    assert goal.title == "Citra sekolah"


def test_returning_a_plan_needs_a_reason(plan, world):
    a_goal(plan, world.users["coordinator"])
    services.plan_submit(plan=plan, user=world.users["coordinator"])
    with pytest.raises(ValidationError):
        services.plan_return(plan=plan, user=world.users["principal"], comment=" ")
    services.plan_return(plan=plan, user=world.users["principal"], comment="Tambahkan indikator")
    plan.refresh_from_db()
    assert plan.status == Plan.Status.DRAFT


def test_a_revision_copies_the_plan_and_supersedes_it_once_approved(plan, world):
    goal = a_goal(plan, world.users["coordinator"])
    services.indicator_save(
        goal=goal,
        user=None,
        fields={
            "name": "Liputan media",
            "baseline": 1,
            "target": 4,
            "unit": "kali",
            "direction": "increase",
            "frequency": "yearly",
        },
    )
    services.plan_submit(plan=plan, user=None)
    services.plan_approve(plan=plan, user=world.users["principal"])
    revision = services.plan_revise(plan=plan, user=world.users["coordinator"])
    assert revision.revision == 2 and revision.status == Plan.Status.DRAFT
    copied = Goal.objects.for_school(world.a).get(plan=revision)
    assert copied.pk != goal.pk and copied.title == goal.title
    assert copied.indicators.get().name == "Liputan media"
    assert set(copied.values.all()) == set(goal.values.all())
    services.plan_submit(plan=revision, user=None)
    services.plan_approve(plan=revision, user=world.users["principal"])
    plan.refresh_from_db()
    assert plan.status == Plan.Status.SUPERSEDED
    assert selectors.latest_plan(access=_access(world), academic_year=world.year) == revision


def _access(world, role="coordinator"):
    return Access(user=world.users[role], school=world.a, role=role)


def test_next_year_starts_from_goals_and_recurring_activities(plan, world):
    goal = a_goal(plan, world.users["coordinator"])
    programme = Programme.all_schools.create(school=world.a, plan=plan, name="Sekolah sehat")
    programme.goals.add(goal)
    PlannedActivity.all_schools.create(
        school=world.a,
        programme=programme,
        title="Senam pagi",
        schedule="weekly",
        start_date=datetime.date(2025, 7, 18),
        end_date=datetime.date(2026, 6, 12),
    )
    PlannedActivity.all_schools.create(
        school=world.a,
        programme=programme,
        title="Seminar sekali",
        schedule="date",
        start_date=datetime.date(2025, 9, 1),
    )
    next_year = AcademicYear.all_schools.create(
        school=world.a,
        name="2026/2027",
        start_date=datetime.date(2026, 7, 1),
        second_semester_start=datetime.date(2027, 1, 1),
        end_date=datetime.date(2027, 6, 30),
    )
    services.plan_submit(plan=plan, user=world.users["coordinator"])
    services.plan_approve(plan=plan, user=world.users["principal"])
    new = services.plan_start_next_year(plan=plan, user=world.users["coordinator"], academic_year=next_year)
    activities = PlannedActivity.objects.for_school(world.a).filter(programme__plan=new)
    assert [(a.title, a.start_date) for a in activities] == [("Senam pagi", datetime.date(2026, 7, 18))]
    assert activities[0].programme.goals.get().title == "Citra sekolah"


def test_weights_that_sum_to_zero_are_refused(plan, world):
    before = list(Criterion.objects.for_school(world.a).values_list("name", "weight"))
    with pytest.raises(ValidationError) as caught:
        services.criteria_save(
            school=world.a, user=None, rows=[{"name": "Kapasitas", "weight": 0}, {"name": "Jarak", "weight": 0}]
        )
    assert caught.value.code == "zero_weights"
    assert list(Criterion.objects.for_school(world.a).values_list("name", "weight")) == before


def test_the_weighted_score_matches_a_hand_computation(plan, world):
    criteria = services.criteria_save(
        school=world.a,
        user=None,
        rows=[
            {"name": "Relevansi", "weight": 30},
            {"name": "Kapasitas", "weight": 20},
            {"name": "Jarak", "weight": 10},
        ],
    )
    scores = {criteria[0].pk: 5, criteria[1].pk: 3, criteria[2].pk: 1}
    # (30×5 + 20×3 + 10×1) / (30 + 20 + 10) = 220 / 60 = 3.666… → 3.67
    assert selectors.weighted_score(scores, criteria) == Decimal("3.67")
    # A criterion not yet scored does not count against the candidate: (30×5 + 20×3) / 50 = 4.20
    assert selectors.weighted_score({criteria[0].pk: 5, criteria[1].pk: 3}, criteria) == Decimal("4.20")
    assert selectors.weighted_score({}, criteria) is None


def test_a_decision_is_kept_with_its_reason_and_the_comparison_ranks_candidates(plan, world):
    need = services.need_save(
        plan=plan, user=None, fields={"title": "Tahfidz", "area": "religious_character", "priority": 1}
    )
    criteria = services.criteria_save(
        school=world.a, user=None, rows=[{"name": "Relevansi", "weight": 3}, {"name": "Jarak", "weight": 1}]
    )
    near = services.candidate_add(need=need, user=None, partner=make_partner(world.a, "PP Dekat", kind="pesantren"))
    far = services.candidate_add(need=need, user=None, partner=make_partner(world.a, "PP Jauh", kind="pesantren"))
    with pytest.raises(ValidationError):
        services.candidate_assess(candidate=far, user=None, scores={}, decision="rejected", reason="")
    services.candidate_assess(
        candidate=far,
        user=None,
        scores={criteria[0].pk: 4, criteria[1].pk: 1},
        decision="rejected",
        reason="Terlalu jauh",
    )
    services.candidate_assess(
        candidate=near,
        user=None,
        scores={criteria[0].pk: 4, criteria[1].pk: 5},
        decision="selected",
        reason="Dekat dan relevan",
    )
    comparison = selectors.selection_for(access=_access(world), need=need)
    # near: (3×4 + 1×5)/4 = 4.25; far: (3×4 + 1×1)/4 = 3.25
    assert [(a.candidate.partner.name, a.total) for a in comparison["assessments"]] == [
        ("PP Dekat", Decimal("4.25")),
        ("PP Jauh", Decimal("3.25")),
    ]
    far.refresh_from_db()
    assert far.decision == Candidate.Decision.REJECTED and far.reason == "Terlalu jauh"
    change = Change.objects.for_school(world.a).get(
        target_type=ContentType.objects.get_for_model(Candidate), target_id=near.pk, action="update"
    )
    assert change.fields["scores"][1] == "Relevansi: 4; Jarak: 5"


def test_the_coverage_matrix(plan, world):
    # world.partner (Puskesmas Kergon) offers health; Polsek Barat offers nothing recorded.
    health = services.need_save(plan=plan, user=None, fields={"title": "UKS", "area": "health", "priority": 1})
    religious = services.need_save(
        plan=plan, user=None, fields={"title": "Tahfidz", "area": "religious_character", "priority": 2}
    )
    funding = services.need_save(
        plan=plan, user=None, fields={"title": "Dana mushala", "area": "funding", "priority": 3}
    )
    pesantren = make_partner(world.a, "PP Al-Hidayah", kind="pesantren")
    from mitra.partners.models import Potential

    Potential.all_schools.create(school=world.a, partner=pesantren, area="religious_character")
    candidate = services.candidate_add(need=religious, user=None, partner=pesantren)
    services.candidate_assess(candidate=candidate, user=None, scores={}, decision="selected", reason="Terdekat")
    matrix = selectors.coverage_matrix(access=_access(world), plan=plan)
    rows = {row.need.pk: row for row in matrix["rows"]}
    assert rows[health.pk].cells == {world.partner.pk: "potential"} and rows[health.pk].strength == "possible"
    assert rows[religious.pk].cells == {pesantren.pk: "selected"} and rows[religious.pk].strength == "strong"
    assert rows[funding.pk].strength == "none"
    assert set(rows[funding.pk].suggestions) == {"Dunia usaha / swasta", "Komite sekolah", "Instansi pemerintah"}
    assert [r.need.pk for r in matrix["uncovered"]] == [funding.pk]
    assert [p.pk for p in matrix["partners"]] == [pesantren.pk, world.partner.pk]  # by name


def test_needs_are_kept_per_plan(plan, world):
    services.need_save(plan=plan, user=None, fields={"title": "UKS", "area": "health", "priority": 1})
    assert Need.objects.for_school(world.a).filter(plan=plan).count() == 1
    assert Need.objects.for_school(world.b).count() == 0


def test_the_kind_suggestions_are_the_schools_to_change(plan, world):
    services.suggestions_save(
        school=world.a, user=None, mapping={"funding": ["business"], "health": ["health_centre", "ngo"]}
    )
    assert sorted(KindSuggestion.objects.for_school(world.a).values_list("area", "kind")) == [
        ("funding", "business"),
        ("health", "health_centre"),
        ("health", "ngo"),
    ]
    with pytest.raises(ValidationError):
        services.suggestions_save(school=world.a, user=None, mapping={"funding": ["bank"]})
    funding = services.need_save(plan=plan, user=None, fields={"title": "Dana", "area": "funding", "priority": 1})
    row = next(r for r in selectors.coverage_matrix(access=_access(world), plan=plan)["rows"] if r.need == funding)
    assert row.suggestions == ["Dunia usaha / swasta"]
