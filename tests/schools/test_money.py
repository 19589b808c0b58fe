"""Rupiah in figures, both languages (issue 26): the one format every page and document uses. In
words: tests/documents/test_money_words.py."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from mitra.schools.money import rupiah, whole


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


@given(st.integers(min_value=0, max_value=10**15))
def test_figures_read_back_as_the_amount(amount):
    assert int(rupiah(amount, "id").removeprefix("Rp").replace(".", "")) == amount
    assert int(rupiah(amount, "en").removeprefix("Rp").replace(",", "")) == amount


def test_rounding_is_half_up_once():
    assert whole(Decimal("-0.5")) == -1 and whole("0.4") == 0 and whole(None) == 0


def test_the_template_filter_follows_the_page_language():
    template = Template("{{ amount|rupiah }}")
    with translation.override("id"):
        assert template.render(Context({"amount": Decimal("1250000")})) == "Rp1.250.000"
    with translation.override("en"):
        assert template.render(Context({"amount": Decimal("1250000")})) == "Rp1,250,000"
