"""The kinds of question an evaluation instrument asks. Each kind is one class in its own module here
(base.Kind says what a kind knows: its form field, how an answer is stored, summarised, shown and
reported), and this list is the one place that names them; the order is the instrument editor's.

Adding a kind: its module beside these, one line in KINDS, its summary's template
(templates/evaluation/kinds/<key>.html) and its words' translations. A kind that lacks a part is
refused when the registry is read (check); tests/evaluation/test_kinds.py reads it."""

import importlib
from functools import cache

from django.template import TemplateDoesNotExist
from django.template.loader import get_template

from mitra.evaluation.kinds.base import DONT_KNOW, READS, Kind, ReportContext

KINDS = [
    "rating.Rating",
    "yes_no.YesNo",
    "number.Number",
    "date.Date",
    "single.Single",
    "multiple.Multiple",
    "short.Short",
    "long.Long",
]

__all__ = ["DONT_KNOW", "KINDS", "Kind", "ReportContext", "all_kinds", "api_answers", "check", "choices", "get", "keys"]


class IncompleteKind(TypeError):
    pass


def check(cls: type[Kind]) -> Kind:
    """The kind, if it is whole: every part of base.Kind its own, a key, a label, what it reads
    from the database known, its summary's template there. Otherwise IncompleteKind says what is missing."""
    missing = sorted(getattr(cls, "__abstractmethods__", ()))
    if not cls.key:
        missing.append("key")
    if not cls.label:
        missing.append("label")
    if not cls.api_answer:
        missing.append("api_answer")
    if not cls.reads or not cls.reads <= READS:
        missing.append(f"reads (some of {sorted(READS)})")
    if missing:
        raise IncompleteKind(f"The question kind {cls.__name__} lacks: {', '.join(missing)}")
    kind = cls()
    try:
        get_template(kind.template)
    except TemplateDoesNotExist:
        raise IncompleteKind(f"The question kind {cls.__name__} lacks its template {kind.template}") from None
    return kind


@cache
def registry() -> dict[str, Kind]:
    """{key: kind}, read once (lazily: the models name the kinds before the templates can be read)."""
    found = {}
    for path in KINDS:
        module, name = path.rsplit(".", 1)
        kind = check(getattr(importlib.import_module(f"{__name__}.{module}"), name))
        if kind.key in found:
            raise IncompleteKind(f"Two question kinds are called {kind.key!r}")
        found[kind.key] = kind
    return found


def get(key: str) -> Kind:
    """The kind of a question or an answer by its key (KeyError for a key no kind has)."""
    return registry()[key]


def all_kinds() -> list[Kind]:
    return list(registry().values())


def choices() -> list[tuple[str, str]]:
    """The kinds as a model's or a form's choices (Item.kind, Answer.kind, the API)."""
    return [(kind.key, kind.label) for kind in all_kinds()]


def api_answers() -> str:
    """What an answer of each kind is, for the API's documentation."""
    return "; ".join(dict.fromkeys(kind.api_answer for kind in all_kinds()))


def keys(**flags) -> list[str]:
    """The keys of the kinds with these flags, e.g. keys(rated=True), keys(has_options=True)."""
    return [k.key for k in all_kinds() if all(getattr(k, flag) == value for flag, value in flags.items())]


def report_groups(rows: list[dict]) -> list[tuple[Kind, list[dict]]]:
    """A round's rows (round_results) by the kind that reports them, in the registry's order, each
    group's rows in the instrument's order."""
    groups: dict[str, list[dict]] = {}
    for row in rows:
        groups.setdefault(get(row["kind"]).group, []).append(row)
    return [(kind, groups.pop(kind.group)) for kind in all_kinds() if kind.group in groups]
