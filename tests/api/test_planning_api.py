import pytest
from django.test import Client
from django.urls import reverse

from mitra.accounts.models import ApiToken
from mitra.planning import services
from mitra.planning.models import Goal, PlannedActivity


@pytest.fixture
def api(world):
    _token, raw = ApiToken.issue(user=world.users["coordinator"], name="test")
    return Client(headers={"Authorization": f"Bearer {raw}"})


def url(name, world, **extra):
    return reverse(name, kwargs={"school_id": world.a.pk, "plan_id": world.plan.pk, **extra})


def test_it_lists_the_plans_and_their_goals(world, api):
    plans = api.get(reverse("api:plan_list", kwargs={"school_id": world.a.pk})).json()["results"]
    assert [(p["id"], p["status"], p["in_force"]) for p in plans] == [(world.plan.pk, "draft", True)]
    goals = api.get(url("api:goal_list", world)).json()["results"]
    assert goals == [
        {
            "id": world.goal.pk,
            "identity": str(world.goal.identity),
            "ended_at": None,
            "title": "Citra sekolah",
            "description": "",
            "serves": "Membangun citra sekolah",
            "values": [world.value.pk],
        }
    ]


def test_it_creates_through_the_same_rules_as_the_pages(world, api):
    bad = api.post(url("api:goal_list", world), {"title": "Tanpa arah", "serves": "—"}, content_type="application/json")
    assert bad.status_code == 400 and "serves" in bad.json()
    good = api.post(
        url("api:goal_list", world),
        {"title": "Mutu", "serves": "Pendidikan bermutu", "values": [world.value.pk]},
        content_type="application/json",
    )
    assert good.status_code == 201
    assert Goal.objects.for_school(world.a).get(pk=good.json()["id"]).values.get() == world.value


def test_a_negative_budget_and_an_end_before_the_start_are_400(world, api):
    data = {
        "programme": world.programme.pk,
        "title": "X",
        "schedule": "range",
        "start_date": "2025-10-02",
        "end_date": "2025-10-01",
        "budget": "-5",
        "budget_source": "school",
    }
    response = api.post(url("api:activity_list", world), data, content_type="application/json")
    assert response.status_code == 400
    assert PlannedActivity.objects.for_school(world.a).count() == 1


def test_a_partial_update_keeps_what_it_does_not_name(world, api):
    response = api.patch(
        url("api:goal_detail", world, item_id=world.goal.pk), {"title": "Citra"}, content_type="application/json"
    )
    assert response.status_code == 200, response.json()
    world.goal.refresh_from_db()
    assert world.goal.title == "Citra" and list(world.goal.values.all()) == [world.value]


def test_an_approved_plan_refuses_changes_through_the_api(world, api):
    services.plan_submit(plan=world.plan, user=None)
    services.plan_approve(plan=world.plan, user=world.users["principal"])
    response = api.patch(
        url("api:need_detail", world, item_id=world.need.pk), {"title": "Diubah"}, content_type="application/json"
    )
    assert response.status_code == 400
    world.need.refresh_from_db()
    assert world.need.title == "UKS"


def test_links_to_another_schools_records_are_refused(world, api):
    from tests.conftest import make_partner

    stranger = make_partner(world.c, "Mitra sekolah lain")
    response = api.post(
        url("api:programme_list", world),
        {"name": "X", "goals": [world.goal.pk], "partners": [stranger.pk]},
        content_type="application/json",
    )
    assert response.status_code == 400 and "partners" in response.json()


def test_an_indicator_says_what_it_reached_across_revisions(world, api):
    """The API's figure is the dashboard's: measured once, still there after a revision."""
    import datetime
    from decimal import Decimal

    from mitra.activities import services as activities

    services.plan_submit(plan=world.plan, user=None)
    services.plan_approve(plan=world.plan, user=world.users["principal"])
    activities.activity_save(
        school=world.a,
        user=None,
        data={"title": "Liputan koran", "status": "done", "start_date": datetime.date(2025, 9, 1)},
        results={world.indicator: (Decimal(3), "")},
    )
    revision = services.plan_revise(plan=world.plan, user=None)
    services.plan_submit(plan=revision, user=None)
    services.plan_approve(plan=revision, user=world.users["principal"])
    kwargs = {"school_id": world.a.pk, "plan_id": revision.pk}
    [row] = api.get(reverse("api:indicator_list", kwargs=kwargs)).json()["results"]
    assert (row["identity"], row["actual"], row["progress"]) == (str(world.indicator.identity), "3.00", "66.67")
    plans = api.get(reverse("api:plan_list", kwargs={"school_id": world.a.pk})).json()["results"]
    assert {(p["revision"], p["status"], p["in_force"]) for p in plans} == {
        (1, "superseded", False),
        (2, "approved", True),
    }
