"""Handing an answering link over: as a QR code to scan from the screen or a printed slip, or as a
WhatsApp message."""

from urllib.parse import quote

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


@register.simple_tag
def whatsapp_href(title: str, group: str, url: str) -> str:
    """`{% whatsapp_href round.title group link_url %}`: WhatsApp's address that opens a chat with the
    invitation written, the round's title as typed (no HTML escapes in a chat) and the link last."""
    message = _("Assalamu'alaikum. Please answer the evaluation “%(title)s” (%(group)s), it takes a few minutes:") % {
        "title": title,
        "group": group,
    }
    return "https://wa.me/?text=" + quote(f"{message} {url}", safe="")
