from django import template
from django.urls import reverse
from django.utils.formats import localize
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language

from mitra.reports import charts
from mitra.reports.foundation import COLUMNS, MONEY_COLUMNS, PERCENT_COLUMNS
from mitra.schools import money

register = template.Library()


@register.filter
def svg(chart):
    """A chart drawn as inline SVG, as the report draws it but narrower, with larger type: legible
    across a phone (charts.SCREEN)."""
    return charts.svg(chart, frame=charts.SCREEN)


# How the foundation dashboard writes each figure of a school's row (reports/foundation.py's
# COLUMNS, in their order): a share with its percent sign, what needs attention as a badge unless it
# is 0, a count as it is, and – where there is no figure.
_FIGURES = COLUMNS[1:]
_ROW = (
    '<tr><th scope="row"><a href="{}">{}</a><div class="small muted">{}{}</div></th>'
    + "<td>{}</td>" * len(_FIGURES)
    + "</tr>"
)
_SHARES = PERCENT_COLUMNS - {"health"}  # the health is a score out of 100, written without the sign
_FLAGGED = {"expiring": "expiring", "overdue": "prospect"}


def _cell(key: str, value):
    if value is None:
        return "–"
    if key in MONEY_COLUMNS:
        return money.rupiah(value, get_language() or "id")
    # A whole number as the template writes it (no thousands separator); any other localised.
    text = value if isinstance(value, int) else localize(value)
    if key in _SHARES:
        return f"{text}%"
    if key in _FLAGGED and value:
        return format_html('<span class="badge {}">{}</span>', _FLAGGED[key], text)
    return text


@register.simple_tag
def foundation_rows(rows):
    """The foundation dashboard's table body, a school a row (reports/foundation.html): written here
    rather than in the template, which took twice as long for its fifty rows of twelve columns."""
    return format_html_join(
        "",
        _ROW,
        (
            (
                reverse("reports:dashboard", args=[row["school"].pk]),
                row["school"].name,
                row["school"].level_short,
                f" · {row['school'].region}" if row["school"].region else "",
                *(_cell(key, row.get(key)) for key in _FIGURES),
            )
            for row in rows
        ),
    )
