"""Placeholders in article text: "{partner}" becomes the partner's name when the document is made.

Articles keep their placeholders, so that changing the agreement's dates or parties changes every
article that mentions them. Text with a placeholder Mitra does not know is refused when it is saved,
and a document is refused while a placeholder it uses has nothing to say (e.g. an empty purpose):
a signed agreement never carries a blank.
"""

import calendar
import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mitra.documents.dates import long_date, number_in_words
from mitra.documents.placeholders import TOKEN, check_known, fill_present, names_in


@dataclass(frozen=True)
class Placeholder:
    label: str
    value: Callable  # (agreement) -> str


def _partners(agreement) -> list:
    return [party for party in agreement.parties.all() if not party.is_school]


def _school_party(agreement):
    return next((party for party in agreement.parties.all() if party.is_school), None)


def _nth_party(agreement, n: int, field: str = "") -> str:
    parties = list(agreement.parties.all())
    if len(parties) <= n:
        return ""
    return getattr(parties[n], field) if field else parties[n].name()


def joined(names: list[str], language: str) -> str:
    """ "A, B dan C" / "A, B and C"."""
    if len(names) <= 1:
        return "".join(names)
    conjunction = " and " if language == "en" else " dan "
    return ", ".join(names[:-1]) + conjunction + names[-1]


def _add_months(day: datetime.date, months: int) -> datetime.date:
    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def duration(agreement) -> str:
    """The term in years, months and days, each written out as an Indonesian agreement does
    ("2 (dua) tahun 1 (satu) bulan dan 19 (sembilan belas) hari"), never as 780 days. "1 July 2024 –
    30 June 2026" is two whole years: the term ends the day before the anniversary."""
    start, after = agreement.start_date, agreement.end_date + datetime.timedelta(days=1)
    months = (after.year - start.year) * 12 + after.month - start.month
    while months > 0 and _add_months(start, months) > after:
        months -= 1
    days = (after - _add_months(start, max(months, 0))).days
    years, months = divmod(max(months, 0), 12)
    units = {"id": ("tahun", "bulan", "hari"), "en": ("year", "month", "day")}
    language = "en" if agreement.language == "en" else "id"
    parts = []
    for count, unit in zip((years, months, days), units[language], strict=True):
        if count:
            plural = "s" if language == "en" and count != 1 else ""
            parts.append(f"{count} ({number_in_words(count, language)}) {unit}{plural}")
    if not parts:
        return ""
    if len(parts) == 1:
        return parts[0]
    joined = ", ".join(parts[:-1]) if language == "en" else " ".join(parts[:-1])
    return f"{joined} and {parts[-1]}" if language == "en" else f"{joined} dan {parts[-1]}"


PLACEHOLDERS: dict[str, Placeholder] = {
    "school": Placeholder(gettext_lazy("the school's name"), lambda a: a.school.name),
    "school_address": Placeholder(gettext_lazy("the school's address"), lambda a: a.school.address),
    "partner": Placeholder(
        gettext_lazy("the partners' names"), lambda a: joined([p.name() for p in _partners(a)], a.language)
    ),
    "partner_address": Placeholder(
        gettext_lazy("the first partner's address"),
        lambda a: next((p.address() for p in _partners(a)), ""),
    ),
    "first_party": Placeholder(gettext_lazy("the name of PIHAK PERTAMA"), lambda a: _nth_party(a, 0)),
    "second_party": Placeholder(gettext_lazy("the name of PIHAK KEDUA"), lambda a: _nth_party(a, 1)),
    "first_party_rights": Placeholder(
        gettext_lazy("the rights of PIHAK PERTAMA"), lambda a: _nth_party(a, 0, "rights")
    ),
    "first_party_obligations": Placeholder(
        gettext_lazy("the obligations of PIHAK PERTAMA"), lambda a: _nth_party(a, 0, "obligations")
    ),
    "second_party_rights": Placeholder(gettext_lazy("the rights of PIHAK KEDUA"), lambda a: _nth_party(a, 1, "rights")),
    "second_party_obligations": Placeholder(
        gettext_lazy("the obligations of PIHAK KEDUA"), lambda a: _nth_party(a, 1, "obligations")
    ),
    "principal": Placeholder(
        gettext_lazy("who signs for the school"),
        lambda a: getattr(_school_party(a), "signatory_name", ""),
    ),
    "title": Placeholder(gettext_lazy("the agreement's title"), lambda a: a.title),
    "purpose": Placeholder(gettext_lazy("the purpose"), lambda a: a.purpose),
    "scope": Placeholder(gettext_lazy("the scope"), lambda a: a.scope),
    "benefits": Placeholder(gettext_lazy("the benefits"), lambda a: a.benefits),
    "financing": Placeholder(gettext_lazy("the financing"), lambda a: a.financing),
    "dispute_settlement": Placeholder(gettext_lazy("how disputes are settled"), lambda a: a.dispute_settlement),
    "start_date": Placeholder(gettext_lazy("the start date"), lambda a: long_date(a.start_date, a.language)),
    "end_date": Placeholder(gettext_lazy("the end date"), lambda a: long_date(a.end_date, a.language)),
    "duration": Placeholder(gettext_lazy("the term, e.g. 2 (dua) tahun"), duration),
    "signing_place": Placeholder(gettext_lazy("the place of signing"), lambda a: a.signing_place),
}


def check_text(text: str) -> None:
    check_known(text, PLACEHOLDERS)


def fill(text: str, agreement) -> str:
    """Text with its placeholders replaced; `check_text` and `empty_in` have been asked first."""
    return TOKEN.sub(lambda match: str(PLACEHOLDERS[match.group(1).strip()].value(agreement)), text)


def preview(text: str, agreement) -> str:
    """Text as the document will read, with the placeholders that have nothing yet left as they are."""
    return fill_present(text, PLACEHOLDERS, agreement)


def empty_in(agreement, texts: list[tuple[str, str]]) -> list[str]:
    """For (where, text) pairs, what stops a document: unknown placeholders and empty values."""
    problems = []
    for where, text in texts:
        for name in dict.fromkeys(names_in(text)):
            placeholder = PLACEHOLDERS.get(name)
            if placeholder is None:
                problems.append(_("%(where)s: unknown placeholder {%(name)s}.") % {"where": where, "name": name})
            elif not str(placeholder.value(agreement)).strip():
                problems.append(
                    _("%(where)s uses {%(name)s} (%(label)s), which is empty.")
                    % {"where": where, "name": name, "label": placeholder.label}
                )
    return problems
