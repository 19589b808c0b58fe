"""Handing an answering link over: as a QR code to scan from the screen or a printed slip."""

import segno
from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def qr(url: str) -> str:
    """`{{ url|qr }}`: the link as a QR code, inline SVG (about 2.5 KB), dark on white with its quiet
    zone, readable by a phone's camera from the screen or from paper."""
    code = segno.make(str(url), error="m")
    drawing = code.svg_inline(scale=4, dark="#1b2420", light="#ffffff", svgclass="qr", omitsize=True)
    label = escape(_("QR code of the link"))
    return mark_safe(drawing.replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1))  # noqa: S308 (segno's own drawing; the label escaped)
