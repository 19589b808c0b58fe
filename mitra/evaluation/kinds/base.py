"""What every kind of question knows about itself. A kind is one class (one module in this package)
with every part of its life: the form field a respondent answers it with, how a cleaned answer is
stored in an Answer row, how a round's answers to it are summarised, how that summary is shown on the
round's page (its template, templates/evaluation/kinds/<key>.html) and what blocks of a written
report it becomes. The registry (kinds/__init__.py) refuses a kind that lacks a part."""

from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django import forms
from django.utils.translation import gettext as _

from mitra.documents.blocks import Paragraph

DONT_KNOW = "dk"

# What a round's results can read from the database for the items of a kind, each read once for all
# the items that ask for it (mitra/evaluation/results.py, RoundAnswers):
#   "scale": count, "don't know" count, mean, lowest, highest of `number`;
#   "distribution": how many gave each whole `number`;
#   "values": how many gave each `text`;   "several": how many chose each of the `choices`;
#   "texts": the latest texts written;      "answered": how many answered at all.
READS = frozenset({"scale", "distribution", "values", "several", "texts", "answered"})


def round2(value) -> Decimal | None:
    return None if value is None else Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def share(part: int, whole: int) -> Decimal | None:
    """part of whole in percent, two decimals; None of nothing."""
    return None if not whole else round2(Decimal(100) * part / whole)


@dataclass
class ReportContext:
    """What a kind's report blocks are written with: the round's number of responses, and numbers
    and dates as the report's language writes them."""

    total: int
    language: str
    number: Callable[[object], str]  # 3.25 → "3,25" in Bahasa Indonesia, "–" for none


class Kind(ABC):
    key: str = ""  # stored in Item.kind and Answer.kind; never changed once used
    label = ""  # shown in the instrument editor (gettext_lazy)
    api_answer = ""  # what an answer is in the API's submission, for its documentation (English)
    reads: frozenset[str] = frozenset()  # of READS
    has_options = False  # the editor asks for its choices, one per line
    # Its answers are on the 1–4 rating scale: they make a round's mean rating (reports) and a
    # partnership's evaluation score (partnership.py).
    rated = False
    # Kinds whose rows one `report` writes together (the short and long texts quote from both).
    report_group = ""

    @property
    def template(self) -> str:
        """How the summary of one question is shown on the round's page (a `row` of round_results)."""
        return f"evaluation/kinds/{self.key}.html"

    @property
    def group(self) -> str:
        return self.report_group or self.key

    @abstractmethod
    def field(self, item: dict, common: dict, messages: dict) -> forms.Field:
        """The form field a respondent answers `item` with. `common` holds its label, help text and
        whether it is required; `messages` the usual words for "required" and "invalid_choice"."""

    @abstractmethod
    def store(self, value) -> dict:
        """A cleaned, non-blank answer as the fields of its Answer row (number, text, choices, dont_know)."""

    @abstractmethod
    def summarise(self, item: dict, found, total: int) -> dict:
        """What a round's answers to `item` say, added to its row of round_results. `found` is the
        round's RoundAnswers (its `reads`, by item key); `total` the round's number of responses."""

    @abstractmethod
    def report(self, rows: list[dict], context: ReportContext) -> list:
        """The blocks (mitra.documents.blocks) a written report says for a round's rows of this kind
        (and of the kinds in its report_group), in the order of the instrument; [] for none."""

    def said(self, answer) -> str:
        """One Answer in words (an obstacle raised from it quotes it)."""
        return answer.text or ", ".join(answer.choices) or ("" if answer.number is None else str(answer.number))


class DontKnow:
    """A kind answered on a scale with "don't know" as a real answer, kept apart from the scale and a blank."""

    def store(self, value) -> dict:
        if value == DONT_KNOW:
            return {"dont_know": True}
        return {"number": Decimal(value)}


def scale_summary(key: str, found, total: int) -> dict:
    """A question answered with a number: how many answered on the scale, said "don't know", left
    it blank; the mean over the scale only, the lowest, the highest, the share of "don't know"."""
    stats = found.scale.get(key, {})
    answered, dont_know = stats.get("n_scale", 0), stats.get("n_dont_know", 0)
    return {
        "answered": answered,
        "dont_know": dont_know,
        "missing": total - answered - dont_know,
        "mean": round2(stats.get("mean")),
        "low": stats.get("low"),
        "high": stats.get("high"),
        "dont_know_share": share(dont_know, answered + dont_know),
    }


def radio(choices, common: dict, messages: dict) -> forms.ChoiceField:
    return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, error_messages=messages, **common)


def dont_know_choice():
    return (DONT_KNOW, _("Don't know"))


class Choice(Kind):
    """One or several of the choices the instrument gives (Item.options): how many chose each."""

    has_options = True

    @property
    def template(self) -> str:
        return "evaluation/kinds/choice.html"

    @abstractmethod
    def counts(self, key: str, found) -> dict:
        """{choice: how many chose it}"""

    def summarise(self, item, found, total):
        answered = found.answered.get(item["key"], 0)
        counts = self.counts(item["key"], found)
        return {
            "answered": answered,
            "missing": total - answered,
            "options": [
                {"option": o, "n": counts.get(o, 0), "share": share(counts.get(o, 0), answered)}
                for o in item["options"]
            ],
        }

    def report(self, rows, context):
        return []  # the round's page shows the choices; the report leaves them out


class Text(Kind):
    """Words the respondent writes, up to `limit` characters. The report quotes the first two questions
    answered (short and long together), three different answers each."""

    reads = frozenset({"texts", "answered"})
    report_group = "texts"
    limit = 0

    @property
    def template(self) -> str:
        return "evaluation/kinds/text.html"

    @abstractmethod
    def widget(self) -> forms.Widget: ...

    def field(self, item, common, messages):
        widget = self.widget()
        widget.attrs["maxlength"] = str(self.limit)
        return forms.CharField(
            max_length=self.limit,
            widget=widget,
            error_messages={
                "max_length": _("Keep this answer to %(limit_value)d characters (it has %(show_value)d)."),
                "required": messages["required"],
            },
            **common,
        )

    def store(self, value):
        return {"text": value.strip()}

    def summarise(self, item, found, total):
        return {"texts": found.texts.get(item["key"], []), "answered": found.answered.get(item["key"], 0)}

    def report(self, rows, context):
        blocks = []
        for row in [row for row in rows if row.get("texts")][:2]:
            distinct = list(dict.fromkeys(t["text"] for t in row["texts"]))
            quoted = "; ".join(f"“{text}”" for text in distinct[:3])
            blocks.append(Paragraph(f"{row['item']['text']} — {quoted}"))
        return blocks
