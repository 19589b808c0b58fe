"""Indonesian phone numbers, stored in one form: +62 followed by the number without its leading 0.

Shared by every app that keeps a number (a school, a partner, a contact, an import), so it lives in
the core: the form field that takes one, the rule that stores it, the grouping that shows it."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def normalize_phone(raw: str) -> str:
    """'0812-3456-7890', '62 812 3456 7890' and '+62 (812) 3456-7890' all become '+6281234567890'.

    Raises ValidationError for anything that is not an Indonesian number of 8 to 13 digits.
    """
    text = (raw or "").strip()
    if not text:
        return ""
    if re.search(r"[^\d\s+().\-]", text) or text.count("+") > 1 or ("+" in text and not text.startswith("+")):
        raise ValidationError(_("A phone number may only hold digits, spaces, dashes, dots, brackets and a leading +."))
    digits = re.sub(r"\D", "", text)
    if text.startswith("+") or digits.startswith("62"):
        if not digits.startswith("62"):
            raise ValidationError(_("Only Indonesian numbers (+62) are accepted."))
        national = digits[2:]
    elif digits.startswith("0"):
        national = digits[1:]
    else:
        raise ValidationError(_("Start the number with 0 or +62, e.g. 0812 3456 7890."))
    if national.startswith("0") or not 8 <= len(national) <= 13:
        raise ValidationError(_("This does not look like a complete Indonesian phone number, e.g. 0812 3456 7890."))
    return "+62" + national


def display_phone(stored: str) -> str:
    """'+6281234567890' → '+62 812-3456-7890'; a landline '+62285421234' → '+62 285 421234'."""
    if not stored.startswith("+62"):
        return stored
    national = stored[3:]
    if national.startswith("8"):
        return f"+62 {national[:3]}-{national[3:7]}-{national[7:]}".rstrip("-")
    return f"+62 {national[:3]} {national[3:]}"


class PhoneField(forms.CharField):
    """A phone number as people type it, cleaned into the stored +62… form."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 25)
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "tel", "autocomplete": "tel", "placeholder": "0812 3456 7890"})

    def clean(self, value):
        return normalize_phone(super().clean(value))
