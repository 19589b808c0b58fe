"""The question kind added through the registry (mitra/evaluation/kinds/date.py): offered in the editor,
answered through the link's form (a picked day, a typed one, a wrong one), summarised on the round's
page, and written into the report, read back from the Word file and the PDF."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from mitra.evaluation import instruments, responses
from mitra.evaluation.forms import ItemForm
from mitra.evaluation.models import Answer
from mitra.evaluation.responses import field_name
from mitra.reports import generate
from mitra.reports.scope import Kind, Scope
from mitra.schools.access import access_for
from tests.conftest import parent_answers
from tests.documents.reading import docx_text, pdf_text, squeeze

pytestmark = pytest.mark.django_db

QUESTION = "Tanggal yang cocok untuk pertemuan berikutnya"


@pytest.fixture
def dated(evaluation_world):
    world = evaluation_world
    instruments.item_save(
        instrument=world.instrument,
        user=None,
        data={"section": world.section, "text": QUESTION, "kind": "date", "required": True},
    )
    world.round = responses.round_open(
        school=world.a,
        user=None,
        instrument=world.instrument,
        data={
            "title": "Jadwal pertemuan",
            "opens_on": world.round.opens_on,
            "closes_on": world.round.closes_on,
            "audiences": ["parents"],
        },
    )
    world.link = world.round.links.get()
    world.date_key = next(i["key"] for i in world.round.version.items if i["kind"] == "date")
    return world


def _answer(client, world, day: str, n: int):
    data = {**parent_answers(world.round.version), field_name(world.date_key): day, "submission": f"d{n}"}
    return client.post(reverse("answer_by_link", args=[world.link.token]), data)


def test_the_editor_offers_a_date_question(dated):
    offered = dict(ItemForm(instrument=dated.instrument).fields["kind"].choices)
    assert offered["date"] == "Date"


def test_a_date_is_answered_summarised_and_reported(client, dated):
    world = dated
    wrong = _answer(client, world, "32/13/2026", 0)
    assert wrong.status_code == 400
    assert "Write a date as day/month/year, e.g. 17/08/2026." in wrong.content.decode()
    assert not Answer.objects.for_school(world.a).filter(response__round=world.round).exists()

    for n, day in enumerate(["2026-08-20", "17/08/2026", "2026-08-20"], start=1):  # picked, typed, picked
        assert _answer(client, world, day, n).status_code in (200, 302)
    stored = Answer.objects.for_school(world.a).filter(response__round=world.round, item_key=world.date_key)
    assert sorted(stored.values_list("text", flat=True)) == ["2026-08-17", "2026-08-20", "2026-08-20"]

    staff = Client()
    staff.force_login(world.users["coordinator"])
    page = squeeze(staff.get(reverse("evaluation:round", args=[world.a.pk, world.round.pk])).content.decode())
    assert "from 17 Aug 2026 to 20 Aug 2026, 3 answered" in page
    assert '<th scope="row">20 Aug 2026</th><td><progress max="3" value="2">' in page

    round_ = world.round  # held within the report's school year, once answered
    round_.opens_on, round_.closes_on = world.year.start_date, world.year.end_date
    round_.save(update_fields=["opens_on", "closes_on"])
    scope = Scope(
        access=access_for(world.users["principal"], world.a.pk), kind=Kind.ANNUAL, year=world.year, language="en"
    )
    row = f"{QUESTION} 17 Aug 2026 20 Aug 2026 20 Aug 2026 (2); 17 Aug 2026 (1) 3"
    for file_format, read in (("docx", docx_text), ("pdf", pdf_text)):
        text = squeeze(read(generate.make(scope, file_format).data))
        assert "Question Earliest Latest Named most often Answered" in text, file_format
        assert row in text, file_format


def test_an_obstacle_raised_from_a_date_quotes_the_day(dated, client):
    from mitra.evaluation import services

    world = dated
    _answer(client, world, "2026-08-17", 1)
    answer = Answer.objects.for_school(world.a).get(response__round=world.round, item_key=world.date_key)
    initial = services.obstacle_initial_from_response(
        school=world.a, response_id=answer.response_id, item_key=world.date_key
    )
    assert initial["description"] == f"{QUESTION}\n— 17 August 2026"
    assert datetime.date(2026, 8, 17).isoformat() == answer.text
