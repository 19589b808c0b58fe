"""An amount in words, both languages (issue 26): the documents' own terbilang with "rupiah", rounded as
the figures are; and the Indonesian rules checked over many amounts, not a few."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from mitra.documents.dates import number_in_words
from mitra.documents.money import rupiah_in_words


def test_an_amount_in_words_in_both_languages():
    assert rupiah_in_words(Decimal("1250000"), "id") == "satu juta dua ratus lima puluh ribu rupiah"
    assert rupiah_in_words(1250000, "en") == "one million two hundred and fifty thousand rupiah"
    assert rupiah_in_words(10000, "id") == "sepuluh ribu rupiah"
    assert rupiah_in_words(0, "id") == "nol rupiah"


def test_words_are_rounded_as_the_figures_are():
    assert rupiah_in_words(Decimal("1249999.5"), "id") == "satu juta dua ratus lima puluh ribu rupiah"
    assert rupiah_in_words(Decimal("1000.49"), "en") == "one thousand rupiah"


@given(st.integers(min_value=2, max_value=999), st.integers(min_value=0, max_value=999))
def test_thousands_are_the_number_then_ribu(thousands, rest):
    """n × 1000 + r reads as the words of n, "ribu", then the words of r (never "satu ribu")."""
    expected = f"{number_in_words(thousands)} ribu" + (f" {number_in_words(rest)}" if rest else "")
    assert number_in_words(thousands * 1000 + rest) == expected


@given(st.integers(min_value=0, max_value=10**15 - 1))
def test_indonesian_says_se_where_it_should(amount):
    """ "seratus", "sepuluh", "sebelas", never "satu …"; a thousand alone is "seribu", but 691,000 is
    "… sembilan puluh satu ribu"."""
    words = number_in_words(amount).split()
    triples = list(zip(["<start>", *words], words, words[1:], strict=False))
    assert "" not in words
    assert not [t for t in triples if f"{t[1]} {t[2]}" in ("satu ratus", "satu puluh", "satu belas")]
    assert not [
        t for t in triples if (t[1], t[2]) == ("satu", "ribu") and t[0] in ("<start>", "juta", "miliar", "triliun")
    ]
