import datetime

from django import forms
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mitra.documents.blocks import Table
from mitra.documents.dates import short_date
from mitra.evaluation.kinds.base import Kind, share

NAMED = 5  # the days named most often, on the round's page and in the report


def _day(text: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        return None


class Date(Kind):
    """A day: when the activity took place, which date suits the next meeting. Stored as YYYY-MM-DD in
    the answer's text; summarised as the earliest and latest day named and the days named most often."""

    key = "date"
    label = gettext_lazy("Date")
    api_answer = "a date as YYYY-MM-DD"
    reads = frozenset({"values", "answered"})

    def field(self, item, common, messages):
        return forms.DateField(
            # Phones show their date picker; typed by hand, the day comes first, as Indonesians write it.
            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            input_formats=["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"],
            error_messages={
                "invalid": _("Write a date as day/month/year, e.g. 17/08/2026."),
                "required": messages["required"],
            },
            **common,
        )

    def store(self, value):
        return {"text": value.isoformat()}

    def summarise(self, item, found, total):
        answered = found.answered.get(item["key"], 0)
        counts = {day: n for text, n in found.values.get(item["key"], {}).items() if (day := _day(text))}
        days = sorted(counts)
        named = sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))[:NAMED]
        return {
            "answered": answered,
            "missing": total - answered,
            "earliest": days[0] if days else None,
            "latest": days[-1] if days else None,
            "dates": [{"date": day, "n": n, "share": share(n, answered)} for day, n in named],
        }

    def report(self, rows, context):
        if not context.total:
            return []

        def day(value) -> str:
            return short_date(value, context.language) if value else "–"

        return [
            Table(
                [_("Question"), _("Earliest"), _("Latest"), _("Named most often"), _("Answered")],
                [
                    [
                        row["item"]["text"],
                        day(row["earliest"]),
                        day(row["latest"]),
                        "; ".join(f"{day(d['date'])} ({d['n']})" for d in row["dates"][:2]) or "–",
                        str(row["answered"]),
                    ]
                    for row in rows
                ],
                numeric={4},
            )
        ]

    def said(self, answer):
        day = _day(answer.text)
        return formats.date_format(day, "j F Y") if day else answer.text
