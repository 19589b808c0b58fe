"""Letter numbers from a pattern of tokens, and the counter that never gives a number twice.

Tokens: {seq} (or {seq:03} for zero-padding), {type}, {school}, {roman} (Roman month), {mm} (two-digit
month), {year}, {hijri_year}. Defaults follow DOMAIN.md §1:
- the generic school pattern "045/SPm/SMP.NU/VII/2024": {seq:03}/{type}/{school}/{roman}/{year};
- the Kemenag madrasah pattern "B-123/Mts.11.26/PP.00.6/06/2026": B-{seq}/{school}/{type}/{mm}/{year}.
"""

import datetime
import re
import string

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from mitra.documents.dates import hijri_parts, roman_month
from mitra.letters.models import LetterCounter

GENERIC_PATTERN = "{seq:03}/{type}/{school}/{roman}/{year}"
KEMENAG_PATTERN = "B-{seq}/{school}/{type}/{mm}/{year}"
TOKENS = {"seq", "type", "school", "roman", "mm", "year", "hijri_year"}


def check_pattern(pattern: str) -> None:
    """A pattern must hold {seq} and only known tokens; it is refused before any number is given."""
    try:
        fields = [(name, spec) for _text, name, spec, _conv in string.Formatter().parse(pattern) if name is not None]
    except ValueError:
        raise ValidationError(_("The pattern has an unclosed brace.")) from None
    unknown = sorted({name for name, _spec in fields} - TOKENS)
    if unknown:
        raise ValidationError(
            _("Unknown part of the pattern: %(tokens)s. Use %(known)s.")
            % {
                "tokens": ", ".join("{" + t + "}" for t in unknown),
                "known": ", ".join("{" + t + "}" for t in sorted(TOKENS)),
            }
        )
    if "seq" not in {name for name, _spec in fields}:
        raise ValidationError(_("The pattern needs {seq}, the running number."))
    for name, spec in fields:
        if spec and not (name == "seq" and re.fullmatch(r"0\d", spec)):
            raise ValidationError(_("Only {seq} may carry a width, such as {seq:03}."))


def format_number(
    pattern: str, *, seq: int, type_code: str, school_code: str, day: datetime.date, hijri_offset: int = 0
) -> str:
    check_pattern(pattern)
    return pattern.format(
        seq=seq,
        type=type_code,
        school=school_code,
        roman=roman_month(day),
        mm=f"{day.month:02d}",
        year=day.year,
        hijri_year=hijri_parts(day, hijri_offset)[0],
    )


def take_next(*, school, year: int) -> int:
    """The next running number of the school's year, in its own transaction step.

    The increment is a single UPDATE … SET value = value + 1: on PostgreSQL the row stays locked until
    the surrounding transaction commits, so a concurrent caller waits and then counts on from the new
    value; on SQLite the IMMEDIATE transaction holds the write lock. No two callers get the same number.
    """
    with transaction.atomic():
        counters = LetterCounter.objects.for_school(school).filter(year=year)
        if not counters.update(value=F("value") + 1):
            try:
                with transaction.atomic():
                    LetterCounter.objects.for_school(school).create(year=year, value=1)
                    return 1
            except IntegrityError:  # another request created this year's counter first
                counters.update(value=F("value") + 1)
        return counters.values_list("value", flat=True).get()
