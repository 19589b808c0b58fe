from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from mitra.reports import charts

register = template.Library()


@register.filter
def svg(chart):
    """A chart drawn as inline SVG: the same drawing on the page and in the PDF."""
    return charts.svg(chart)


def _share(value) -> str:
    return "–" if value is None else f"{value}%"


def _flagged(value, css: str):
    return format_html('<span class="badge {}">{}</span>', css, value) if value else "0"


@register.simple_tag
def foundation_rows(rows):
    """The foundation dashboard's table body, a school a row (reports/foundation.html): written here
    rather than in the template, which took three times as long for its fifty rows of twelve figures."""
    return format_html_join(
        "",
        '<tr><th scope="row"><a href="{}">{}</a><div class="small muted">{}{}</div></th><td>{}</td><td>{}</td>'
        "<td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
        (
            (
                reverse("reports:dashboard", args=[row["school"].pk]),
                row["school"].name,
                row["school"].level_short,
                f" · {row['school'].region}" if row["school"].region else "",
                row["partners"],
                row["agreements"],
                _flagged(row["expiring"], "expiring"),
                row["done"],
                _share(row["documented"]),
                _share(row["verified"]),
                row["responses"],
                row["obstacles"],
                _flagged(row["overdue"], "prospect"),
                _share(row["indicators"]),
                "–" if row["health"] is None else row["health"],
            )
            for row in rows
        ),
    )
