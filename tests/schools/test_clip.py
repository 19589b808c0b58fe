"""`clip` (schools/templatetags/ui.py) says what Django's truncatechars says, faster for short values."""

from django.template import Context, Template
from django.template.defaultfilters import truncatechars
from hypothesis import given
from hypothesis import strategies as st


@given(text=st.text(max_size=120), length=st.integers(min_value=1, max_value=100))
def test_clip_says_what_truncatechars_says(text, length):
    clipped = Template("{{ value|clip:length }}").render(Context({"value": text, "length": length}))
    expected = Template("{{ value|truncatechars:length }}").render(Context({"value": text, "length": length}))
    assert clipped == expected


def test_a_short_value_is_put_in_the_same_normal_form():
    """Found by Hypothesis: Truncator writes a compatibility ideograph in its usual form."""
    for text in ("\U0002f800", "e\u0301", "\u0958"):
        assert Template("{{ v|clip:5 }}").render(Context({"v": text})) == truncatechars(text, 5)


def test_a_long_value_is_cut_with_an_ellipsis_and_a_number_is_shown_as_it_is():
    assert Template("{{ v|clip:10 }}").render(Context({"v": "Penyuluhan kesehatan remaja"})) == truncatechars(
        "Penyuluhan kesehatan remaja", 10
    )
    assert Template("{{ v|clip:10 }}").render(Context({"v": 12345})) == "12345"
    assert Template("{{ v|clip:3 }}").render(Context({"v": "<b>x</b>"})) == "&lt;b…"
