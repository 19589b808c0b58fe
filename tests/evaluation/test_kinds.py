"""The registry of question kinds (mitra/evaluation/kinds/): every kind in it is whole, a kind that
lacks a part is refused, and what the models, the editor and the API offer is exactly what it holds."""

import pytest
from django.core.management import call_command
from django.utils.translation import gettext_lazy

from mitra.api.evaluation import ItemSerializer
from mitra.evaluation import kinds
from mitra.evaluation.kinds import IncompleteKind, Kind, check
from mitra.evaluation.kinds.rating import Rating
from mitra.evaluation.models import Answer, Item


class NoSummary(Kind):
    """Everything but its summary."""

    key = "nosummary"
    label = gettext_lazy("No summary")
    api_answer = "a text"
    reads = frozenset({"answered"})

    def field(self, item, common, messages):
        return None

    def store(self, value):
        return {"text": value}

    def report(self, rows, context):
        return []


def test_a_kind_without_its_summary_is_refused():
    with pytest.raises(IncompleteKind, match="NoSummary lacks: summarise$"):
        check(NoSummary)


def test_a_kind_without_a_label_or_reading_what_nobody_computes_is_refused():
    class Unnamed(Rating):
        key, label = "unnamed", ""

    class Guessing(Rating):
        key, reads = "guessing", frozenset({"scale", "median"})

    with pytest.raises(IncompleteKind, match="Unnamed lacks: label"):
        check(Unnamed)
    with pytest.raises(IncompleteKind, match="Guessing lacks: reads"):
        check(Guessing)


def test_a_kind_without_its_results_template_is_refused():
    class Untemplated(Rating):
        key = "untemplated"  # templates/evaluation/kinds/untemplated.html does not exist

    with pytest.raises(IncompleteKind, match="lacks its template evaluation/kinds/untemplated.html"):
        check(Untemplated)


def test_every_registered_kind_is_whole_and_named_once():
    found = kinds.registry()
    assert len(found) == len(kinds.KINDS)
    for kind in found.values():
        assert check(type(kind)).key == kind.key


def test_the_models_the_editor_and_the_api_offer_exactly_the_registered_kinds():
    registered = [(kind.key, str(kind.label)) for kind in kinds.all_kinds()]
    for model in (Item, Answer):
        assert [(key, str(label)) for key, label in model._meta.get_field("kind").choices] == registered
    assert sorted(ItemSerializer().fields["kind"].choices) == sorted(key for key, _ in registered)
    assert Item._meta.get_field("kind").default in kinds.registry()


@pytest.mark.django_db
def test_the_kinds_need_no_migration_of_their_own():
    """The models take their choices from the registry, so adding a kind changes no table."""
    call_command("makemigrations", "evaluation", check=True, dry_run=True, verbosity=0)


def test_an_instrument_with_a_kind_nobody_registered_is_refused():
    from django.core.exceptions import ValidationError

    from mitra.evaluation.instruments import clean_options

    with pytest.raises(ValidationError, match="Choose one of the kinds of answer shown."):
        clean_options("stars", [])


@pytest.mark.django_db
def test_a_text_answer_that_reads_dk_is_kept_as_written(client, evaluation_world):
    """Only the kinds that offer "don't know" read "dk" as it: a respondent who writes "dk" in a
    text keeps their words (it was stored as a blank "don't know" whatever the kind)."""
    from django.urls import reverse

    from mitra.evaluation.models import Answer
    from tests.conftest import parent_answers

    world = evaluation_world
    data = {**parent_answers(world.round.version, text="dk"), "submission": "dk1"}
    assert client.post(reverse("answer_by_link", args=[world.link.token]), data).status_code in (200, 302)
    texts = Answer.objects.for_school(world.a).filter(response__submission="dk1", kind="long")
    assert texts.exists()
    assert set(texts.values_list("text", "dont_know")) == {("dk", False)}
