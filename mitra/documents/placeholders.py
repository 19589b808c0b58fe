"""Placeholders in braces ("{partner}") in the texts schools write: agreement articles and letter
templates. Each kind of text has its own set of known names; the checks are the same."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

TOKEN = re.compile(r"\{([^{}]*)\}")


def names_in(text: str) -> list[str]:
    return [name.strip() for name in TOKEN.findall(text)]


def fill_present(text: str, known, obj) -> str:
    """Text with each placeholder that has a value for `obj` replaced; the empty ones stay as written."""

    def one(match):
        placeholder = known.get(match.group(1).strip())
        value = str(placeholder.value(obj)) if placeholder else ""
        return value if value.strip() else match.group(0)

    return TOKEN.sub(one, text)


def check_known(text: str, known) -> None:
    """Refuse text whose braces name no known placeholder, or that leaves a brace open."""
    unknown = sorted({name for name in names_in(text) if name not in known})
    if unknown:
        raise ValidationError(
            _("Unknown placeholder: %(names)s. Known placeholders: %(known)s.")
            % {
                "names": ", ".join("{" + name + "}" for name in unknown),
                "known": ", ".join("{" + name + "}" for name in known),
            },
            code="unknown_placeholder",
        )
    if "{" in TOKEN.sub("", text) or "}" in TOKEN.sub("", text):
        raise ValidationError(
            _("A brace is not closed. Write placeholders as {partner}, with both braces."), code="open_brace"
        )
