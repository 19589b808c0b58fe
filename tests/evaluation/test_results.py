"""Statistics against figures worked out by hand, "don't know" and blanks included."""

import datetime
from decimal import Decimal

import pytest
from django.http import QueryDict
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mitra.evaluation import instruments, responses, results
from mitra.evaluation.responses import field_name

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(world):
    """An instrument with one question of each kind; optional, so that blanks can be tested."""
    instrument = instruments.instrument_create(
        school=world.a,
        user=None,
        title="Angket",
        purpose="other",
        sections=[
            (
                "Semua",
                [
                    {"key": "rate", "kind": "rating", "text": "Puas?", "required": False},
                    {"key": "yn", "kind": "yes_no", "text": "Lanjut?", "required": False},
                    {"key": "num", "kind": "number", "text": "Berapa kali?", "required": False},
                    {"key": "one", "kind": "single", "text": "Hari", "required": False, "options": ["Senin", "Sabtu"]},
                    {
                        "key": "many",
                        "kind": "multiple",
                        "text": "Kendala",
                        "required": False,
                        "options": ["Jadwal", "Dana", "Tempat"],
                    },
                    {"key": "txt", "kind": "long", "text": "Saran", "required": False},
                ],
            )
        ],
    )
    today = datetime.date.today()
    return responses.round_open(
        school=world.a,
        user=None,
        instrument=instrument,
        data={"title": "R", "opens_on": today, "closes_on": today, "audiences": ["parents", "students"]},
        expected={"parents": 8, "students": 0},
    )


SENT = [0]


def _send(round_, answers: dict, group="parents"):
    SENT[0] += 1
    n = SENT
    data = QueryDict(mutable=True)
    for key, value in answers.items():
        data.setlist(field_name(key), value if isinstance(value, list) else [value])
    form = responses.answer_form(round_, data)
    assert form.is_valid(), form.errors
    return responses.response_save(round_=round_, form=form, group=group, submission=f"s{n[0]}")


def _row(found, key):
    return next(row for row in found["sections"][0]["rows"] if row["key"] == key)


def test_figures_match_the_hand_computed_ones(survey):
    # Five responses. rate: 4, 3, 1, don't know, blank -> mean (4+3+1)/3 = 2.67; don't know 1/(3+1) = 25 %.
    # yn: yes, yes, no, don't know, blank -> yes 2/3 = 66.67 %.
    # num: 2, 5, blank x3 -> mean 3.5, from 2 to 5.
    # one: Senin, Sabtu, Senin, blank x2. many: [Jadwal, Dana], [Jadwal], blank x3.
    _send(survey, {"rate": "4", "yn": "1", "num": "2", "one": "Senin", "many": ["Jadwal", "Dana"], "txt": "Lebih awal"})
    _send(survey, {"rate": "3", "yn": "1", "num": "5", "one": "Sabtu", "many": ["Jadwal"]})
    _send(survey, {"rate": "1", "yn": "0", "one": "Senin"}, group="students")
    _send(survey, {"rate": "dk", "yn": "dk"})
    _send(survey, {})
    found = results.round_results(survey)
    assert found["total"] == 5

    rate = _row(found, "rate")
    assert (rate["answered"], rate["dont_know"], rate["missing"]) == (3, 1, 1)
    assert rate["mean"] == Decimal("2.67")
    assert rate["dont_know_share"] == Decimal("25.00")
    assert [d["n"] for d in rate["distribution"]] == [1, 0, 1, 1]
    assert [d["share"] for d in rate["distribution"]] == [
        Decimal("33.33"),
        Decimal("0"),
        Decimal("33.33"),
        Decimal("33.33"),
    ]

    yn = _row(found, "yn")
    assert (yn["yes"], yn["no"], yn["dont_know"], yn["missing"]) == (2, 1, 1, 1)
    assert yn["yes_share"] == Decimal("66.67")

    num = _row(found, "num")
    assert (num["answered"], num["missing"], num["mean"], num["low"], num["high"]) == (2, 3, Decimal("3.50"), 2, 5)

    one = _row(found, "one")
    assert [(o["option"], o["n"]) for o in one["options"]] == [("Senin", 2), ("Sabtu", 1)]
    assert (one["answered"], one["missing"]) == (3, 2)

    many = _row(found, "many")
    assert [(o["option"], o["n"]) for o in many["options"]] == [("Jadwal", 2), ("Dana", 1), ("Tempat", 0)]
    assert many["options"][0]["share"] == Decimal("100.00")  # of those who answered it

    assert [t["text"] for t in _row(found, "txt")["texts"]] == ["Lebih awal"]

    rates = {r["group"]: r for r in found["rates"]}
    assert (rates["parents"]["responses"], rates["parents"]["asked"], rates["parents"]["rate"]) == (
        4,
        8,
        Decimal("50.00"),
    )
    assert (rates["students"]["responses"], rates["students"]["rate"]) == (1, None)  # nobody counted as asked


def test_a_round_without_answers_has_no_averages(survey):
    found = results.round_results(survey)
    rate = _row(found, "rate")
    assert found["total"] == 0
    assert (rate["mean"], rate["dont_know_share"], rate["missing"]) == (None, None, 0)


def test_only_dont_know_gives_no_mean_and_a_full_share(survey):
    _send(survey, {"rate": "dk"})
    rate = _row(results.round_results(survey), "rate")
    assert (rate["mean"], rate["dont_know_share"]) == (None, Decimal("100.00"))


def test_earlier_rounds_are_compared_by_question(survey, world):
    _send(survey, {"rate": "2"})
    _send(survey, {"rate": "3"})
    later = responses.round_open(
        school=world.a,
        user=None,
        instrument=survey.instrument,
        data={
            "title": "R2",
            "opens_on": survey.opens_on + datetime.timedelta(days=30),
            "closes_on": survey.opens_on + datetime.timedelta(days=40),
            "audiences": ["parents"],
        },
    )
    earlier = _row(results.round_results(later), "rate")["earlier"]
    assert [(e["title"], e["mean"], e["n"]) for e in earlier] == [("R", Decimal("2.50"), 2)]


def _exact(values) -> Decimal | None:
    """The mean to two decimals, half up, from the exact sum over the count."""
    if not values:
        return None
    return (sum(values, Decimal(0)) / len(values)).quantize(Decimal("0.01"), rounding="ROUND_HALF_UP")


ANSWER = st.fixed_dictionaries(
    {},
    optional={
        "rate": st.sampled_from(["1", "2", "3", "4", "dk"]),
        "yn": st.sampled_from(["0", "1", "dk"]),
        "num": st.integers(0, 500).map(str),
        "one": st.sampled_from(["Senin", "Sabtu"]),
        "many": st.lists(st.sampled_from(["Jadwal", "Dana", "Tempat"]), min_size=1, max_size=3, unique=True),
    },
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sent=st.lists(ANSWER, max_size=12))
def test_the_figures_are_the_answers_counted_one_by_one(survey, sent):
    """For any set of responses, each figure of the page is what counting the answers one by one
    gives: the scale apart from "don't know" and blanks, the mean exact to the cent."""
    from django.db import transaction

    with transaction.atomic():
        for answers in sent:
            _send(survey, answers)
        found = results.round_results(survey)
        total = len(sent)
        assert found["total"] == total
        for key in ("rate", "yn", "num"):
            given_ = [a[key] for a in sent if key in a]
            scale = [Decimal(v) for v in given_ if v != "dk"]
            row = _row(found, key)
            assert row["dont_know"] == given_.count("dk") and row["missing"] == total - len(given_)
            assert row["mean"] == _exact(scale), key
        rate = _row(found, "rate")
        assert [d["n"] for d in rate["distribution"]] == [
            [a.get("rate") for a in sent].count(str(v)) for v in range(1, 5)
        ]
        num = _row(found, "num")
        numbers = [int(a["num"]) for a in sent if "num" in a]
        assert (num["answered"], num["low"], num["high"]) == (
            len(numbers),
            min(numbers, default=None),
            max(numbers, default=None),
        )
        yn = _row(found, "yn")
        assert (yn["yes"], yn["no"]) == ([a.get("yn") for a in sent].count("1"), [a.get("yn") for a in sent].count("0"))
        one = _row(found, "one")
        assert one["answered"] == sum("one" in a for a in sent)
        many = _row(found, "many")
        assert many["answered"] == sum("many" in a for a in sent)
        assert [o["n"] for o in many["options"]] == [
            sum(o in a.get("many", []) for a in sent) for o in ("Jadwal", "Dana", "Tempat")
        ]
        transaction.set_rollback(True)
