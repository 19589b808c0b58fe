"""Template filters every page may use: role checks and readable values."""

import unicodedata

from django import template
from django.template.defaultfilters import truncatechars
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import get_language

from mitra.schools import money
from mitra.schools.phones import display_phone

register = template.Library()


@register.filter
def can(access, permission: str) -> bool:
    """`{% if access|can:"partners.edit" %}`: the same role check the views make."""
    return bool(access) and access.can(permission)


@register.filter
def phone(stored: str) -> str:
    """A stored +62… number grouped for reading."""
    return display_phone(stored or "")


@register.filter
def rupiah(amount) -> str:
    """`{{ a.budget|rupiah }}`: "Rp1.250.000" on an Indonesian page, "Rp1,250,000" on an English one."""
    return money.rupiah(amount, get_language() or "id")


@register.filter
def get_item(mapping, key):
    """`{{ row.cells|get_item:partner.pk }}`: a dictionary lookup by a variable key."""
    return mapping.get(key, "") if mapping else ""


@register.filter
def fields(form, names: str) -> list:
    """`{% for field in form|fields:"title status" %}`: some of a form's fields, in this order."""
    return [form[name] for name in names.split() if name in form.fields]


@register.filter
def field(form, name: str):
    """`{% with f=form|field:name %}`: one bound field by a variable name."""
    return form[name]


@register.filter(is_safe=True)
def clip(value, length):
    """`truncatechars`, returning a value already short enough without walking it: a record's history
    shows hundreds of values, and Django's Truncator walks every character of each. The text is put in
    NFC as Truncator puts it (a compatibility character becomes its usual form); what Truncator counts
    is never more than the length, so the result is the same."""
    text = unicodedata.normalize("NFC", str(value))
    if len(text) <= int(length):
        return text
    return truncatechars(value, length)


@register.simple_tag
def icon(name: str, label: str = "") -> str:
    """`{% icon "camera" %}`: one icon of the sprite (static/mitra/icons.svg, scripts/icons.py), beside
    words that say the same, so hidden from screen readers; `label` when the icon stands alone."""
    href = f"{static('mitra/icons.svg')}#{name}"
    if label:
        return format_html('<svg class="icon" role="img" aria-label="{}"><use href="{}"></use></svg>', label, href)
    return format_html('<svg class="icon" aria-hidden="true" focusable="false"><use href="{}"></use></svg>', href)
