"""The evaluation API: the same services, scoping and validation as the pages."""

import pytest
from django.urls import reverse

from mitra.evaluation.models import Obstacle, Response
from tests.conftest import parent_answers

pytestmark = pytest.mark.django_db


def _answers(world, **changes):
    answers = {k.removeprefix("i_"): v for k, v in parent_answers(world.round.version).items()}
    return {**answers, **changes}


def test_a_respondent_submits_answers_through_the_api(client, evaluation_world):
    world = evaluation_world
    client.force_login(world.users["team_member"])
    url = reverse("api:response_list", kwargs={"school_id": world.a.pk, "round_id": world.round.pk})
    created = client.post(url, {"answers": _answers(world), "submission": "api-1"}, content_type="application/json")
    assert created.status_code == 201, created.content
    saved = Response.objects.for_school(world.a).get(pk=created.json()["id"])
    assert (saved.user, saved.group, saved.answers.count()) == (
        world.users["team_member"],
        "team",
        len(world.round.version.items),
    )
    again = client.post(url, {"answers": _answers(world)}, content_type="application/json")
    assert again.status_code == 400 and "already answered" in again.content.decode()


def test_bad_answers_are_named_by_question_key_and_nothing_is_kept(client, evaluation_world):
    world = evaluation_world
    client.force_login(world.users["coordinator"])
    key = world.item.key
    url = reverse("api:response_list", kwargs={"school_id": world.a.pk, "round_id": world.round.pk})
    before = Response.objects.for_school(world.a).count()
    refused = client.post(url, {"answers": _answers(world, **{key: "9"})}, content_type="application/json")
    assert refused.status_code == 400
    assert refused.json()[key] == ["Choose one of the answers shown."]
    assert Response.objects.for_school(world.a).count() == before


def test_someone_not_asked_cannot_answer(client, evaluation_world):
    world = evaluation_world
    client.force_login(world.users["principal"])
    url = reverse("api:response_list", kwargs={"school_id": world.a.pk, "round_id": world.round.pk})
    assert client.post(url, {"answers": _answers(world)}, content_type="application/json").status_code == 403


def test_results_and_links_come_through_the_api(client, evaluation_world):
    world = evaluation_world
    client.force_login(world.users["coordinator"])
    kwargs = {"school_id": world.a.pk, "round_id": world.round.pk}
    found = client.get(reverse("api:round_results", kwargs=kwargs)).json()
    assert found["total"] == 1
    detail = client.get(reverse("api:round_detail", kwargs=kwargs)).json()
    assert any(world.link.token in link["url"] for link in detail["links"])
    client.force_login(world.users["committee_viewer"])
    assert client.get(reverse("api:round_detail", kwargs=kwargs)).json()["links"] == []


def test_an_obstacle_resolved_without_a_response_taken_is_refused(client, evaluation_world):
    world = evaluation_world
    client.force_login(world.users["team_member"])
    url = reverse("api:obstacle_detail", kwargs={"school_id": world.a.pk, "obstacle_id": world.obstacle.pk})
    refused = client.patch(url, {"status": "resolved"}, content_type="application/json")
    assert refused.status_code == 400 and "response_taken" in refused.json()
    assert Obstacle.objects.for_school(world.a).get(pk=world.obstacle.pk).status == "open"
    done = client.patch(
        url, {"status": "resolved", "response_taken": "Jadwal disepakati"}, content_type="application/json"
    )
    assert done.status_code == 200 and done.json()["resolved_at"]


def test_lists_hold_only_the_schools_own_rows(client, evaluation_world):
    world = evaluation_world
    client.force_login(world.users["outsider"])
    for name in ("api:obstacle_list", "api:round_list", "api:instrument_list", "api:recommendation_list"):
        assert client.get(reverse(name, kwargs={"school_id": world.a.pk})).status_code == 404
    client.force_login(world.users["coordinator"])
    ids = {
        row["id"]
        for row in client.get(reverse("api:obstacle_list", kwargs={"school_id": world.a.pk})).json()["results"]
    }
    assert ids == set(Obstacle.objects.for_school(world.a).values_list("pk", flat=True))
