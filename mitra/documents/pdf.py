"""HTML to PDF with WeasyPrint. Documents are drawn from Mitra's own templates; the only resources
they may load are data: URIs (the logo) and the emoji font Mitra ships, so text a user typed can
never make the server fetch a URL.

Emoji (a 👍 in an activity's title, a ✅ in a chat) are drawn with Noto Emoji, the monochrome
outline font vendored in static/mitra/fonts/noto-emoji/ (SIL OFL): the server's own fonts have none,
and WeasyPrint would print each as an empty box. Only a document that holds an emoji loads it. The
templates name it ("Mitra Emoji") last before the generic family in their font stacks, so every other
character keeps its own font."""

import functools
from pathlib import Path

from django.template.loader import render_to_string

EMOJI_FAMILY = "Mitra Emoji"
EMOJI_FONT = (
    Path(__file__).resolve().parent.parent.parent
    / "static"
    / "mitra"
    / "fonts"
    / "noto-emoji"
    / "NotoEmoji-Regular.ttf"
)
EMOJI_URL = "mitra-font:NotoEmoji-Regular.ttf"
# Characters the emoji font has that also fill ordinary text (digits, #, *, ©, ®, ™, arrows, the
# joiner and the variation selectors): they alone do not make a document load it.
ORDINARY = set(range(0x2000)) | {0x200D, 0xFE0E, 0xFE0F}


@functools.cache
def emoji_characters() -> frozenset[int]:
    from fontTools.ttLib import TTFont

    with TTFont(EMOJI_FONT, lazy=True) as font:
        return frozenset(font.getBestCmap()) - ORDINARY


def emoji_font_face(text: str) -> str:
    """The @font-face rule of the emoji font when `text` holds an emoji; else nothing."""
    if not any(ord(ch) in emoji_characters() for ch in text if ord(ch) >= 0x2000):
        return ""
    return f'@font-face {{ font-family: "{EMOJI_FAMILY}"; src: url({EMOJI_URL}) format("truetype"); }}'


def _fetcher():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class Fetcher(URLFetcher):
        """data: URIs, and the emoji font; nothing else."""

        def fetch(self, url, headers=None):
            if url == EMOJI_URL:
                return URLFetcherResponse(url, body=EMOJI_FONT.read_bytes(), headers={"Content-Type": "font/ttf"})
            return super().fetch(url, headers)

    return Fetcher(allowed_protocols={"data"}, timeout=5)


def render_pdf(template_name: str, context: dict) -> bytes:
    # Imported here: WeasyPrint takes about 3 s to import on a modest machine, and every process
    # (each web worker, each management command) would pay it at start-up, most never making a PDF.
    from weasyprint import HTML

    html = render_to_string(template_name, context)
    face = emoji_font_face(html)
    if face:
        style = f"<style>{face}</style>"
        html = html.replace("</head>", style + "</head>", 1) if "</head>" in html else style + html
    return HTML(string=html, base_url=None, url_fetcher=_fetcher()).write_pdf()
