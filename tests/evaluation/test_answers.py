"""Bad answers get a clear message in the respondent's language, keep what was typed, and save
nothing."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mitra.evaluation.models import Response
from mitra.evaluation.responses import MAX_LONG, field_name
from tests.conftest import parent_answers

pytestmark = pytest.mark.django_db


def _items(world, kind):
    return [i for i in world.round.version.items if i["kind"] == kind]


def _post(client, world, **changes):
    data = {**parent_answers(world.round.version), "submission": "bad", **changes}
    return client.post(reverse("answer_by_link", args=[world.link.token]), data)


def test_a_rating_out_of_range_is_refused_and_the_rest_is_kept(client, evaluation_world):
    world = evaluation_world
    rating, text = _items(world, "rating")[0], _items(world, "long")[0]
    before = Response.objects.for_school(world.a).count()
    response = _post(client, world, **{field_name(rating["key"]): "7", field_name(text["key"]): "Proyektor rusak"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Choose one of the answers shown." in page
    assert "Proyektor rusak" in page  # what was typed is still there
    assert Response.objects.for_school(world.a).count() == before


def test_a_required_question_left_empty_is_named(client, evaluation_world):
    world = evaluation_world
    rating = _items(world, "rating")[1]
    before = Response.objects.for_school(world.a).count()
    response = _post(client, world, **{field_name(rating["key"]): ""})
    assert response.status_code == 400
    page = response.content.decode()
    assert "This question needs an answer." in page and f'id="q-{field_name(rating["key"])}"' in page
    assert Response.objects.for_school(world.a).count() == before


def test_an_oversized_text_is_refused_with_its_length(client, evaluation_world):
    world = evaluation_world
    text = _items(world, "long")[0]
    response = _post(client, world, **{field_name(text["key"]): "x" * (MAX_LONG + 1)})
    assert response.status_code == 400
    assert f"Keep this answer to {MAX_LONG} characters (it has {MAX_LONG + 1})." in response.content.decode()


def test_the_messages_are_in_bahasa_indonesia_for_an_indonesian_respondent(client, evaluation_world):
    world = evaluation_world
    rating = _items(world, "rating")[0]
    client.cookies["mitra_language"] = "id"
    response = client.post(
        reverse("answer_by_link", args=[world.link.token]),
        {**parent_answers(world.round.version), field_name(rating["key"]): "0"},
    )
    assert response.status_code == 400
    assert "Pilih salah satu jawaban yang tersedia." in response.content.decode()


def test_a_number_question_refuses_words(client, evaluation_world):
    world = evaluation_world
    from mitra.evaluation import instruments, responses

    instruments.item_save(
        instrument=world.instrument,
        user=None,
        data={"section": world.section, "text": "Jumlah siswa", "kind": "number", "required": True},
    )
    world.round = responses.round_open(
        school=world.a,
        user=None,
        instrument=world.instrument,
        data={
            "title": "N",
            "opens_on": world.round.opens_on,
            "closes_on": world.round.closes_on,
            "audiences": ["parents"],
        },
    )
    link = world.round.links.get()
    number = _items(world, "number")[0]
    data = {**parent_answers(world.round.version), field_name(number["key"]): "dua puluh"}
    response = client.post(reverse("answer_by_link", args=[link.token]), data)
    assert response.status_code == 400 and "Write a number" in response.content.decode()
    assert "dua puluh" in response.content.decode()


def test_a_team_member_answers_signed_in_once(client, evaluation_world):
    world = evaluation_world
    client.force_login(world.users["team_member"])
    url = reverse("evaluation:round_answer", args=[world.a.pk, world.round.pk])
    home = client.get(reverse("evaluation:home", args=[world.a.pk])).content.decode()
    assert url in home  # due in their list
    assert client.post(url, {**parent_answers(world.round.version), "submission": "t1"}).status_code == 302
    saved = Response.objects.for_school(world.a).get(user=world.users["team_member"])
    assert saved.group == "team"
    again = client.post(url, {**parent_answers(world.round.version), "submission": "t2"})
    assert again.status_code == 302
    assert Response.objects.for_school(world.a).filter(user=world.users["team_member"]).count() == 1
    assert url not in client.get(reverse("evaluation:home", args=[world.a.pk])).content.decode()


def test_the_round_page_keeps_its_figures_until_an_answer_arrives(client, evaluation_world):
    """The results are kept ({% kept %}) until the school's data changes; an answer by link, which
    keeps no history, still moves the school's data on, so the next page counts it."""
    world = evaluation_world
    page_url = reverse("evaluation:round", args=[world.a.pk, world.round.pk])
    staff = Client()
    staff.force_login(world.users["coordinator"])
    staff.get(page_url)
    before = Response.objects.for_school(world.a).filter(round=world.round).count()
    kept = staff.get(page_url).content.decode()
    with CaptureQueriesContext(connection) as read_again:
        staff.get(page_url)

    done = client.post(
        reverse("answer_by_link", args=[world.link.token]), {**parent_answers(world.round.version), "submission": "s1"}
    )
    assert done.status_code in (200, 302)
    with CaptureQueriesContext(connection) as computed:
        after = staff.get(page_url).content.decode()
    assert len(computed) > len(read_again)  # computed again, not the kept copy
    assert Response.objects.for_school(world.a).filter(round=world.round).count() == before + 1
    assert after != kept
