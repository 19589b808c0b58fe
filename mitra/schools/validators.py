"""Checks for Indonesian school identifiers (DOMAIN.md §5)."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

NSM_TYPES = {"101", "111", "121", "131"}  # RA, MI, MTs, MA


def validate_npsn(value: str) -> None:
    # Real NPSNs are eight digits; some sources allow letters, so letters and digits both pass.
    if not re.fullmatch(r"[0-9A-Za-z]{8}", value or ""):
        raise ValidationError(_("An NPSN has exactly 8 letters or digits, e.g. 20328415."), code="npsn")


def validate_nsm(value: str) -> None:
    if not re.fullmatch(r"\d{12}", value or ""):
        raise ValidationError(_("An NSM has exactly 12 digits, e.g. 121233260001."), code="nsm")
    if value[:3] not in NSM_TYPES:
        raise ValidationError(_("An NSM starts with 101 (RA), 111 (MI), 121 (MTs) or 131 (MA)."), code="nsm_type")
    if value[3] not in "12":
        raise ValidationError(_("The fourth digit of an NSM is 1 (negeri) or 2 (swasta)."), code="nsm_status")


def validate_academic_year_name(value: str) -> None:
    match = re.fullmatch(r"(\d{4})/(\d{4})", value or "")
    if not match or int(match.group(2)) != int(match.group(1)) + 1:
        raise ValidationError(_("Write the school year as two consecutive years, e.g. 2024/2025."))


def reminder_days(value: str) -> list[int]:
    """ "90, 30, 7" -> [90, 30, 7]: whole days from 1 to 365, largest first, each once."""
    parts = [part.strip() for part in value.replace(";", ",").split(",") if part.strip()]
    if not parts or not all(part.isdigit() and 1 <= int(part) <= 365 for part in parts):
        raise ValidationError(
            _("Write whole numbers of days from 1 to 365, separated by commas, e.g. 90, 30, 7."),
            code="reminder_days",
        )
    return sorted({int(part) for part in parts}, reverse=True)


def validate_reminder_days(value: str) -> None:
    reminder_days(value)
