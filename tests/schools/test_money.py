"""Rupiah in figures and in words, both languages (issue 26): the one format every page and document uses."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from mitra.schools.money import LIMIT, in_words, rupiah, rupiah_in_words, whole


@pytest.mark.parametrize(
    ("amount", "indonesian", "english"),
    [
        (0, "Rp0", "Rp0"),
        (500, "Rp500", "Rp500"),
        (10000, "Rp10.000", "Rp10,000"),
        (1250000, "Rp1.250.000", "Rp1,250,000"),
        (Decimal("2500000000"), "Rp2.500.000.000", "Rp2,500,000,000"),
        (-5000, "-Rp5.000", "-Rp5,000"),
        (Decimal("1249.5"), "Rp1.250", "Rp1,250"),  # half up
        (Decimal("1249.49"), "Rp1.249", "Rp1,249"),
        (None, "Rp0", "Rp0"),
    ],
)
def test_figures(amount, indonesian, english):
    assert rupiah(amount, "id") == indonesian
    assert rupiah(amount, "en") == english


@pytest.mark.parametrize(
    ("amount", "indonesian", "english"),
    [
        (0, "nol", "zero"),
        (1, "satu", "one"),
        (10, "sepuluh", "ten"),
        (11, "sebelas", "eleven"),
        (12, "dua belas", "twelve"),
        (19, "sembilan belas", "nineteen"),
        (21, "dua puluh satu", "twenty-one"),
        (100, "seratus", "one hundred"),
        (111, "seratus sebelas", "one hundred eleven"),
        (1000, "seribu", "one thousand"),
        (1001, "seribu satu", "one thousand one"),
        (2000, "dua ribu", "two thousand"),
        (11000, "sebelas ribu", "eleven thousand"),
        (100000, "seratus ribu", "one hundred thousand"),
        (115000, "seratus lima belas ribu", "one hundred fifteen thousand"),
        (1000000, "satu juta", "one million"),
        (1250000, "satu juta dua ratus lima puluh ribu", "one million two hundred fifty thousand"),
        (1001000, "satu juta seribu", "one million one thousand"),
        (2500000000, "dua miliar lima ratus juta", "two billion five hundred million"),
        (10**12, "satu triliun", "one trillion"),
        (-7500, "minus tujuh ribu lima ratus", "minus seven thousand five hundred"),
    ],
)
def test_words(amount, indonesian, english):
    assert in_words(amount, "id") == indonesian
    assert in_words(amount, "en") == english


def test_in_words_with_the_currency_and_rounded_the_same_way_as_figures():
    assert rupiah_in_words(Decimal("1249999.5"), "id") == "satu juta dua ratus lima puluh ribu rupiah"
    assert rupiah_in_words(1250000, "en") == "one million two hundred fifty thousand rupiah"
    assert whole(Decimal("-0.5")) == -1 and whole("0.4") == 0


def test_beyond_the_limit_is_refused_not_miswritten():
    with pytest.raises(ValueError):
        in_words(LIMIT)


AMOUNTS = st.integers(min_value=0, max_value=LIMIT - 1)


@given(AMOUNTS)
def test_figures_read_back_as_the_amount(amount):
    assert int(rupiah(amount, "id").removeprefix("Rp").replace(".", "")) == amount
    assert int(rupiah(amount, "en").removeprefix("Rp").replace(",", "")) == amount


@given(st.integers(min_value=2, max_value=999), st.integers(min_value=0, max_value=999))
def test_thousands_are_the_number_then_ribu(thousands, rest):
    """n × 1000 + r reads as the words of n, "ribu", then the words of r (never "satu ribu")."""
    expected = f"{in_words(thousands)} ribu" + (f" {in_words(rest)}" if rest else "")
    assert in_words(thousands * 1000 + rest) == expected


@given(AMOUNTS)
def test_words_use_only_the_language_and_never_the_forms_it_does_not(amount):
    indonesian = in_words(amount, "id").split()
    english = in_words(amount, "en").replace("-", " ").split()
    assert "" not in indonesian and "and" not in english
    pairs = [" ".join(pair) for pair in zip(["<start>", *indonesian], indonesian, indonesian[1:], strict=False)]
    # "seratus", "sepuluh", "sebelas", never "satu …"; and a thousand alone is "seribu", but 691,000 is
    # "… sembilan puluh satu ribu".
    assert not [p for p in pairs if p.split(" ", 1)[1] in ("satu ratus", "satu puluh", "satu belas")]
    assert not [
        p for p in pairs if p.endswith("satu ribu") and p.split()[0] in ("<start>", "juta", "miliar", "triliun")
    ]
    assert set(english) <= {
        *[
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
        ],
        *[
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
            "thirty",
            "forty",
            "fifty",
            "sixty",
            "seventy",
            "eighty",
            "ninety",
        ],
        *["hundred", "thousand", "million", "billion", "trillion"],
    }


def test_the_template_filter_follows_the_page_language():
    template = Template("{{ amount|rupiah }}")
    with translation.override("id"):
        assert template.render(Context({"amount": Decimal("1250000")})) == "Rp1.250.000"
    with translation.override("en"):
        assert template.render(Context({"amount": Decimal("1250000")})) == "Rp1,250,000"
