"""An instrument stays editable; what was answered keeps the version it answered."""

import datetime

import pytest
from django.http import QueryDict

from mitra.evaluation import instruments, responses, results
from mitra.evaluation.models import Answer, InstrumentVersion
from tests.conftest import parent_answers

pytestmark = pytest.mark.django_db


def _answer(round_, rating, submission):
    data = QueryDict(mutable=True)
    for name, value in parent_answers(round_.version, rating=rating).items():
        data.setlist(name, value if isinstance(value, list) else [value])
    form = responses.answer_form(round_, data)
    assert form.is_valid(), form.errors
    return responses.response_save(round_=round_, form=form, group="parents", submission=submission)


def _open(world, title):
    today = datetime.date.today()
    return responses.round_open(
        school=world.a,
        user=None,
        instrument=world.instrument,
        data={"title": title, "opens_on": today, "closes_on": today, "audiences": ["parents"]},
    )


def test_editing_an_instrument_leaves_earlier_answers_and_results_unchanged(evaluation_world):
    world = evaluation_world
    first = _open(world, "Putaran 1")
    _answer(first, "4", "a")
    _answer(first, "2", "b")
    before = results.round_results(first)
    version_before = dict(first.version.definition)
    answers_before = list(Answer.objects.for_school(world.a).filter(response__round=first).values())

    item = world.item
    instruments.item_save(
        instrument=world.instrument,
        user=None,
        item=item,
        data={"section": item.section, "text": "Kata-kata baru", "kind": "yes_no", "required": False},
    )
    instruments.item_delete(item=world.instrument.items.exclude(pk=item.pk).filter(kind="rating").first(), user=None)
    new_item = instruments.item_save(
        instrument=world.instrument,
        user=None,
        data={"section": item.section, "text": "Pertanyaan tambahan", "kind": "short", "required": True},
    )

    first.refresh_from_db()
    assert first.version.definition == version_before
    assert list(Answer.objects.for_school(world.a).filter(response__round=first).values()) == answers_before
    assert results.round_results(first) == before
    assert before["sections"][0]["rows"][0]["mean"] == 3  # (4 + 2) / 2, on the words it was asked with
    assert before["sections"][0]["rows"][0]["item"]["text"] != "Kata-kata baru"

    second = _open(world, "Putaran 2")
    assert second.version.number == first.version.number + 1
    keys = [i["key"] for i in second.version.items]
    assert new_item.key in keys and new_item.key not in [i["key"] for i in first.version.items]
    # The edited question keeps its key, so the next rounds can be compared with this one.
    assert item.key in keys
    assert next(i for i in second.version.items if i["key"] == item.key)["kind"] == "yes_no"


def test_an_unchanged_instrument_reuses_its_version(evaluation_world):
    world = evaluation_world
    count = InstrumentVersion.objects.for_school(world.a).count()
    one, two = _open(world, "A"), _open(world, "B")
    assert one.version_id == two.version_id == world.round.version_id
    assert InstrumentVersion.objects.for_school(world.a).count() == count


def test_a_response_answers_the_version_its_round_was_opened_with(evaluation_world):
    world = evaluation_world
    first = _open(world, "A")
    form = responses.answer_form(first, QueryDict(""))
    instruments.item_save(
        instrument=world.instrument,
        user=None,
        data={"section": world.section, "text": "Baru", "kind": "short", "required": True},
    )
    first.refresh_from_db()
    # The form of the open round is still the old one: the new required question is not asked.
    assert set(responses.answer_form(first, QueryDict("")).fields) == set(form.fields)


def test_choice_questions_need_two_distinct_choices(evaluation_world):
    world = evaluation_world
    with pytest.raises(Exception) as raised:
        instruments.item_save(
            instrument=world.instrument,
            user=None,
            data={"section": world.section, "text": "Pilih", "kind": "single", "required": True, "options": "Ya\nya\n"},
        )
    assert "at least two choices" in str(raised.value)
