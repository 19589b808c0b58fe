from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from mitra.documents.blocks import Figure, Table
from mitra.documents.charts import Bar, Chart, cut_labels
from mitra.evaluation.kinds.base import DontKnow, Kind, dont_know_choice, radio, scale_summary, share

WORDS = {
    "1": pgettext_lazy("rating", "Strongly disagree"),
    "2": pgettext_lazy("rating", "Disagree"),
    "3": pgettext_lazy("rating", "Agree"),
    "4": pgettext_lazy("rating", "Strongly agree"),
}


class Rating(DontKnow, Kind):
    """Agreement on a scale of 1 to 4, or "don't know"."""

    key = "rating"
    label = gettext_lazy("Rating 1–4")
    api_answer = '"1"–"4" or "dk" for a rating'
    reads = frozenset({"scale", "distribution"})
    rated = True

    def field(self, item, common, messages):
        return radio([(v, f"{v} · {words}") for v, words in WORDS.items()] + [dont_know_choice()], common, messages)

    def summarise(self, item, found, total):
        row = scale_summary(item["key"], found, total)
        counts = found.distribution.get(item["key"], {})
        row["distribution"] = [
            {"value": v, "n": counts.get(v, 0), "share": share(counts.get(v, 0), row["answered"])} for v in (1, 2, 3, 4)
        ]
        return row

    def report(self, rows, context):
        """The mean of each question as a bar; the questions whole in a table if the chart cut one."""
        if not context.total:
            return []
        chart = Chart(
            _("Mean rating per question (1–4)"),
            [Bar(row["item"]["text"], row["mean"] or 0, context.number(row["mean"])) for row in rows],
            scale_max=4,
        )
        blocks = [Figure(chart)]
        if cut_labels(chart):  # a question too long for the chart is read whole here
            blocks.append(
                Table(
                    [_("Question"), _("Mean rating")],
                    [[row["item"]["text"], context.number(row["mean"])] for row in rows],
                    numeric={1},
                )
            )
        return blocks
