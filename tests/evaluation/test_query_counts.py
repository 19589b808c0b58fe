"""The evaluation pages and API lists make as many queries with 1 row as with 25."""

import datetime

import pytest
from django.http import QueryDict
from django.urls import reverse

from mitra.evaluation import instruments, responses, services
from mitra.evaluation.models import Instrument, Obstacle, Recommendation, Response, Round
from tests.conftest import parent_answers, queries_of_fresh_page

pytestmark = pytest.mark.django_db


def _fill(world, n: int) -> None:
    Round.all_schools.filter(school=world.a).exclude(pk=world.round.pk).delete()
    Response.all_schools.filter(school=world.a).delete()
    Obstacle.all_schools.filter(school=world.a).delete()
    Recommendation.all_schools.filter(school=world.a).delete()
    Instrument.all_schools.filter(school=world.a, rounds__isnull=True).delete()
    today = datetime.date.today()
    for i in range(n):
        instruments.instrument_create(
            school=world.a,
            user=None,
            title=f"Angket {i}",
            purpose="other",
            sections=[("Bagian", [{"kind": "rating", "text": f"Puas {i}?"}])],
        )
        data = QueryDict(mutable=True)
        for name, value in parent_answers(world.round.version, text=f"Saran {i}").items():
            data.setlist(name, value if isinstance(value, list) else [value])
        form = responses.answer_form(world.round, data)
        assert form.is_valid()
        responses.response_save(round_=world.round, form=form, group="parents", submission=f"q{n}-{i}")
        if i:
            responses.round_open(
                school=world.a,
                user=None,
                instrument=world.instrument,
                data={
                    "title": f"R{i}",
                    "opens_on": today - datetime.timedelta(days=i),
                    "closes_on": today,
                    "audiences": ["parents", "team"],
                    "partner": world.partner,
                },
                respondents=[world.users["team_member"]],
            )
        services.obstacle_save(
            school=world.a,
            user=None,
            data={
                "title": f"Kendala {i}",
                "category": "schedule",
                "severity": 2,
                "partner": world.partner,
                "owner": world.users["team_member"],
                "activity": world.done_activity,
            },
        )
        recommendation = services.recommendation_save(
            school=world.a,
            user=None,
            data={"partner": world.partner, "decision": "continue", "reasons": f"R {i}", "round": world.round},
        )
        services.action_save(recommendation=recommendation, user=None, data={"text": f"Aksi {i}", "status": "open"})


PAGES = [
    ("evaluation:home", {}),
    ("evaluation:partnerships", {}),
    ("evaluation:journal", {"partner_id": None}),
    ("evaluation:rounds", {}),
    ("evaluation:round", {"round_id": None}),
    ("evaluation:obstacles", {}),
    ("evaluation:recommendations", {}),
    ("evaluation:instruments", {}),
    ("evaluation:plan", {}),
    ("api:round_list", {}),
    ("api:round_results", {"round_id": None}),
    ("api:response_list", {"round_id": None}),
    ("api:obstacle_list", {}),
    ("api:recommendation_list", {}),
    ("api:instrument_list", {}),
]


@pytest.mark.parametrize("name,extra", PAGES)
def test_query_count_does_not_grow_with_rows(client, evaluation_world, name, extra):
    world = evaluation_world
    client.force_login(world.users["coordinator"])
    ids = {"round_id": world.round.pk, "partner_id": world.partner.pk}
    kwargs = {"school_id": world.a.pk, **{key: ids[key] for key in extra}}
    url = reverse(name, kwargs=kwargs)
    _fill(world, 1)
    queries_of_fresh_page(client, url)  # the first request of a session also writes the session
    few = queries_of_fresh_page(client, url)
    _fill(world, 25)
    many = queries_of_fresh_page(client, url)
    assert many == few, f"{url}: {few} queries with 1 row, {many} with 25"
