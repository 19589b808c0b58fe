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


def test_a_long_value_is_cut_with_an_ellipsis_and_a_number_is_shown_as_it_is():
    assert Template("{{ v|clip:10 }}").render(Context({"v": "Penyuluhan kesehatan remaja"})) == truncatechars(
        "Penyuluhan kesehatan remaja", 10
    )
    assert Template("{{ v|clip:10 }}").render(Context({"v": 12345})) == "12345"
    assert Template("{{ v|clip:3 }}").render(Context({"v": "<b>x</b>"})) == "&lt;b…"
