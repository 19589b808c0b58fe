import pytest
from django.core.management import CommandError, call_command

from mitra.demo import data
from mitra.partners.models import Partner
from mitra.schools.models import Foundation, FoundationMembership, Membership
from mitra.schools.roles import Role


def test_the_demo_has_a_foundation_three_schools_the_case_partners_and_every_role(db):
    call_command("demo", verbosity=0)
    foundation = Foundation.objects.get(name=data.FOUNDATION_NAME)
    schools = list(foundation.schools.all())
    assert len(schools) == 3
    main = foundation.schools.get(name=data.MAIN_SCHOOL["name"])
    kinds = list(Partner.objects.for_school(main).values_list("kind", flat=True))
    assert kinds.count(Partner.Kind.PESANTREN) == 5
    for kind in ("health_centre", "police", "university", "committee", "government", "business", "ngo"):
        assert kind in kinds
    roles = set(Membership.objects.values_list("role", flat=True)) | set(
        FoundationMembership.objects.values_list("role", flat=True)
    )
    assert roles == {role.value for role in Role}
    call_command("demo", verbosity=0)  # a second run changes nothing
    assert Foundation.objects.count() == 1


def test_the_demo_refuses_production_settings(db, settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError):
        call_command("demo")
    assert not Foundation.objects.exists()


def test_demo_users_can_log_in(client, db):
    call_command("demo", verbosity=0)
    assert client.post("/accounts/login/", {"username": "kepala", "password": data.DEMO_PASSWORD}).status_code == 302


def test_the_demo_has_an_approved_plan_for_this_year_and_a_draft_for_the_next(db):
    from mitra.planning.models import Goal, Plan, PlannedActivity

    call_command("demo", verbosity=0)
    main = Foundation.objects.get(name=data.FOUNDATION_NAME).schools.get(name=data.MAIN_SCHOOL["name"])
    plans = list(Plan.objects.for_school(main).select_related("academic_year").order_by("academic_year__start_date"))
    assert [p.status for p in plans] == ["approved", "draft"]
    assert plans[0].academic_year.is_current
    assert Goal.objects.for_school(main).filter(plan=plans[0]).count() == 3
    assert Goal.objects.for_school(main).filter(plan=plans[1]).count() == 3
    # Only the recurring activities are carried into next year's draft.
    carried = PlannedActivity.objects.for_school(main).filter(programme__plan=plans[1])
    assert sorted(a.schedule for a in carried) == ["semester", "weekly"]


def test_the_demo_has_an_expiring_signed_agreement_that_prints_and_a_draft(db):
    import datetime

    from mitra.agreements import document
    from mitra.agreements.models import Agreement
    from mitra.agreements.status import Status, status_of

    call_command("demo", verbosity=0)
    main = Foundation.objects.get(name=data.FOUNDATION_NAME).schools.get(name=data.MAIN_SCHOOL["name"])
    agreements = {a.stage: a for a in Agreement.objects.for_school(main)}
    assert status_of(agreements["signed"], datetime.date.today()) == Status.EXPIRING
    assert agreements["signed"].signed_scan is not None
    assert document.as_pdf(agreements["signed"]).startswith(b"%PDF")
    assert "draft" in agreements


def test_the_demo_has_a_numbered_letter_a_received_one_with_its_scan_and_a_draft(db):
    from mitra.letters import document
    from mitra.letters.models import Letter
    from mitra.schools.models import School

    call_command("demo", verbosity=0)
    main = School.objects.get(name=data.MAIN_SCHOOL["name"])
    letters = Letter.objects.for_school(main)
    issued = letters.get(stage=Letter.Stage.ISSUED)
    assert issued.number.startswith("001/SPm/SMP.NI/")
    assert document.as_pdf(issued).startswith(b"%PDF")
    assert letters.get(stage=Letter.Stage.RECEIVED).attachments.count() == 1
    assert letters.filter(stage=Letter.Stage.DRAFT).count() == 1


def test_the_demo_runs_the_cycle_with_evidence_a_rotating_team_and_a_whatsapp_log(db):
    from mitra.activities.models import Activity, ChatMessage, TeamTerm
    from mitra.activities.selectors import UNDOCUMENTED

    call_command("demo", verbosity=0)
    main = Foundation.objects.get(name=data.FOUNDATION_NAME).schools.get(name=data.MAIN_SCHOOL["name"])
    activities = Activity.objects.for_school(main)
    assert set(activities.values_list("review", flat=True)) == {"verified", "submitted", "draft"}
    assert activities.filter(UNDOCUMENTED).count() == 1
    assert activities.get(review="verified").partner_confirmed_at is not None
    assert TeamTerm.objects.for_school(main).filter(role="rotating").count() == 2
    assert ChatMessage.objects.for_school(main).filter(is_system=False).count() == 6


def test_the_demo_evaluates_the_counselling_with_results_obstacles_and_a_recommendation(db):
    from mitra.evaluation import results
    from mitra.evaluation.models import Instrument, Obstacle, Recommendation, Round

    call_command("demo", verbosity=0)
    main = Foundation.objects.get(name=data.FOUNDATION_NAME).schools.get(name=data.MAIN_SCHOOL["name"])
    # Seeded in Bahasa Indonesia, the school's language.
    assert set(Instrument.objects.for_school(main).values_list("title", flat=True)) == {
        "Evaluasi kegiatan",
        "Tinjauan kemitraan akhir tahun",
    }
    round_ = Round.objects.for_school(main).get()
    found = results.round_results(round_)
    assert found["total"] == 15
    first = found["sections"][0]["rows"][0]
    assert (first["answered"], first["dont_know"]) == (15, 0)
    rates = {r["group"]: r["rate"] for r in found["rates"]}
    assert rates["parents"] == 40  # 12 of 30
    obstacles = Obstacle.objects.for_school(main)
    assert set(obstacles.values_list("status", flat=True)) == {"handling", "resolved"}
    assert obstacles.filter(from_response__isnull=False).count() == 1
    assert Recommendation.objects.for_school(main).get().actions.count() == 2
