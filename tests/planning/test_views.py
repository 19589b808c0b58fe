from django.urls import reverse

from mitra.planning import services
from mitra.planning.models import Criterion, Plan


def plan_url(name, world, **extra):
    return reverse(name, kwargs={"school_id": world.a.pk, "plan_id": world.plan.pk, **extra})


def test_the_plan_page_shows_an_assessment_in_its_history(principal_client, world):
    criterion = Criterion.objects.for_school(world.a).first()
    services.candidate_assess(
        candidate=world.candidate,
        user=world.users["coordinator"],
        scores={criterion.pk: 4},
        decision="selected",
        reason="Dekat",
    )
    page = principal_client.get(plan_url("planning:plan", world))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Skor" in body and f"{criterion.name}: 4" in body


def test_a_goal_form_offers_the_schools_vision_and_mission(principal_client, world):
    form = principal_client.get(plan_url("planning:goal_create", world)).context["form"]
    assert [c[0] for c in form.fields["serves"].choices] == [
        "Unggul dalam prestasi, santun dalam akhlak",
        "Pendidikan bermutu",
        "Membangun citra sekolah",
    ]


def test_a_goal_without_a_vision_or_mission_link_is_refused_in_indonesian(principal_client, world):
    response = principal_client.post(plan_url("planning:goal_create", world), {"title": "Tanpa arah"})
    assert response.status_code == 200
    assert "serves" in response.context["form"].errors
    assert "Tidak ada yang disimpan" in response.content.decode()


def test_editing_an_approved_plan_says_why_and_saves_nothing(principal_client, world):
    services.plan_submit(plan=world.plan, user=None)
    services.plan_approve(plan=world.plan, user=world.users["principal"])
    response = principal_client.post(
        plan_url("planning:goal_edit", world, goal_id=world.goal.pk),
        {"title": "Diubah", "serves": "Pendidikan bermutu"},
    )
    assert response.status_code == 200
    assert "Mulai revisi untuk mengubahnya" in response.content.decode()
    world.goal.refresh_from_db()
    assert world.goal.title == "Citra sekolah"


def test_a_negative_baseline_direction_mistake_is_explained(principal_client, world):
    response = principal_client.post(
        plan_url("planning:indicator_create", world, goal_id=world.goal.pk),
        {"name": "Turun?", "baseline": "5", "target": "3", "unit": "x", "direction": "increase", "frequency": "yearly"},
    )
    assert "di atas nilai awal" in str(response.context["form"].errors["target"])


def test_weights_summing_to_zero_are_refused_on_the_page(principal_client, world):
    response = principal_client.post(
        reverse("planning:criteria", kwargs={"school_id": world.a.pk}), {"name_0": "Relevansi", "weight_0": "0"}
    )
    assert response.status_code == 200 and "bobot di atas nol" in response.content.decode()
    assert Criterion.objects.for_school(world.a).count() == 6


def test_the_principal_approves_and_a_revision_opens_a_new_draft(client, world):
    client.force_login(world.users["coordinator"])
    client.post(plan_url("planning:plan_submit", world), {"comment": "Mohon diperiksa"})
    # The coordinator cannot approve their own plan.
    assert client.post(plan_url("planning:plan_approve", world)).status_code == 403
    client.force_login(world.users["principal"])
    client.post(plan_url("planning:plan_approve", world), {"comment": "Setuju"})
    world.plan.refresh_from_db()
    assert world.plan.status == Plan.Status.APPROVED
    response = client.post(plan_url("planning:plan_revise", world))
    revision = Plan.objects.for_school(world.a).get(revision=2)
    assert response["Location"] == reverse("planning:plan", kwargs={"school_id": world.a.pk, "plan_id": revision.pk})


def test_next_year_is_offered_only_for_later_years_without_a_plan(principal_client, world):
    services.plan_submit(plan=world.plan, user=None)
    services.plan_approve(plan=world.plan, user=world.users["principal"])
    page = principal_client.get(plan_url("planning:plan", world))
    assert list(page.context["next_years"]) == []  # the only other year, 2024/2025, lies before
