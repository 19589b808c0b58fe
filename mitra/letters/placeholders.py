"""Placeholders in a letter type's template, filled in once when a letter is drafted from it.

Unlike an agreement's articles, a letter's text becomes the person's own text at drafting: they finish
it by hand. A placeholder that had nothing to say stays in braces, and a letter is not issued or
printed while any remains, so a sent letter never carries "{partner}"."""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy

from mitra.documents.dates import long_date
from mitra.documents.placeholders import check_known, fill_present, names_in


@dataclass(frozen=True)
class Placeholder:
    label: str
    value: Callable  # (letter) -> str


PLACEHOLDERS: dict[str, Placeholder] = {
    "school": Placeholder(gettext_lazy("the school's name"), lambda letter: letter.school.name),
    "school_address": Placeholder(gettext_lazy("the school's address"), lambda letter: letter.school.address),
    "principal": Placeholder(gettext_lazy("who signs the letter"), lambda letter: letter.signatory_name),
    "recipient": Placeholder(gettext_lazy("who the letter is addressed to"), lambda letter: letter.correspondent),
    "partner": Placeholder(
        gettext_lazy("the partner's name"), lambda letter: letter.partner.name if letter.partner_id else ""
    ),
    "date": Placeholder(
        gettext_lazy("the date of the letter"), lambda letter: long_date(letter.dated, letter.language)
    ),
    "agreement": Placeholder(
        gettext_lazy("the linked agreement's title"),
        lambda letter: letter.agreement.title if letter.agreement_id else "",
    ),
    "programme": Placeholder(
        gettext_lazy("the linked programme"), lambda letter: letter.programme.name if letter.programme_id else ""
    ),
}


def check_text(text: str) -> None:
    check_known(text, PLACEHOLDERS)


def fill(text: str, letter) -> str:
    """Text with every placeholder that has a value replaced; the empty ones stay for the person."""
    return fill_present(text, PLACEHOLDERS, letter)


def left_in(text: str) -> list[str]:
    """The placeholders still in a letter's text, e.g. ["{partner}"]."""
    return ["{" + name + "}" for name in dict.fromkeys(names_in(text))]
