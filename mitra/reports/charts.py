"""Charts drawn by Mitra itself, with no outside service: one description of a chart, drawn as SVG
for the page and the PDF (Typst draws the same SVG, so both show the same picture) and as a PNG
of the same layout for Word, which cannot show SVG.

Two shapes cover what the reports need: horizontal bars (one row per label: areas, kinds, the means
of an instrument's items on its 1–4 scale) and columns (a value per month)."""

import io
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

INK, MUTED, BAR, GRID = "#1f2933", "#616e7c", "#2f6f4f", "#d9e2ec"
FONT = "DejaVu Sans, Liberation Sans, Arial, sans-serif"


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal | int | float
    shown: str = ""  # the value as printed beside the bar; the value itself when empty


@dataclass(frozen=True)
class Chart:
    title: str
    bars: list[Bar] = field(default_factory=list)
    shape: str = "bars"  # "bars" (horizontal) or "columns" (vertical, e.g. per month)
    scale_max: Decimal | int | float | None = None  # a fixed end of the scale (4 for a 1–4 rating)

    @property
    def top(self) -> float:
        highest = max((float(b.value) for b in self.bars), default=0)
        return float(self.scale_max) if self.scale_max else max(highest, 1)

    def text_of(self, bar: Bar) -> str:
        return bar.shown or _number(bar.value)


def _number(value) -> str:
    value = Decimal(str(value))
    return f"{value:.2f}".rstrip("0").rstrip(".") if value != value.to_integral() else str(int(value))


# --- Layout, shared by both drawings -------------------------------------------------------------

WIDTH = 640
ROW, LABEL_W, VALUE_W = 24, 270, 56
COLUMNS_H, COLUMN_LABEL_H = 130, 24


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _bars_layout(chart: Chart):
    """(height, [(label, x, y, width, value text)]) for horizontal bars."""
    span = WIDTH - LABEL_W - VALUE_W
    rows = []
    for i, bar in enumerate(chart.bars):
        y = 8 + i * ROW
        width = 0 if not chart.top else span * float(bar.value) / chart.top
        rows.append((_clip(bar.label, 40), LABEL_W, y, max(width, 0), chart.text_of(bar)))
    return 16 + ROW * len(chart.bars), rows


def _columns_layout(chart: Chart):
    """(height, [(label, x, y, width, height, value text)]) for columns."""
    count = max(len(chart.bars), 1)
    slot = (WIDTH - 20) / count
    width = min(48, slot * 0.7)
    cols = []
    for i, bar in enumerate(chart.bars):
        h = 0 if not chart.top else (COLUMNS_H - 20) * float(bar.value) / chart.top
        x = 10 + i * slot + (slot - width) / 2
        cols.append((_clip(bar.label, 8), x, COLUMNS_H - h, width, h, chart.text_of(bar)))
    return COLUMNS_H + COLUMN_LABEL_H, cols


# --- SVG -------------------------------------------------------------------------------------------


def svg(chart: Chart, font: str = FONT) -> SafeString:
    """The chart as SVG; `font` is the family its texts name (Typst draws them with its own fonts)."""
    if chart.shape == "columns":
        height, cols = _columns_layout(chart)
        parts = [f'<line x1="0" y1="{COLUMNS_H}" x2="{WIDTH}" y2="{COLUMNS_H}" stroke="{GRID}"/>']
        for label, x, y, w, h, shown in cols:
            mid = x + w / 2
            parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" fill="{BAR}"/>')
            parts.append(
                f'<text x="{mid:.1f}" y="{y - 4:.1f}" text-anchor="middle" font-size="12" fill="{INK}">'
                f"{escape(shown)}</text>"
            )
            parts.append(
                f'<text x="{mid:.1f}" y="{COLUMNS_H + 16}" text-anchor="middle" font-size="12" fill="{MUTED}">'
                f"{escape(label)}</text>"
            )
    else:
        height, rows = _bars_layout(chart)
        parts = []
        for label, x, y, w, shown in rows:
            parts.append(
                f'<text x="{x - 8}" y="{y + 15}" text-anchor="end" font-size="11" fill="{INK}">{escape(label)}</text>'
            )
            parts.append(f'<rect x="{x}" y="{y + 3}" width="{WIDTH - LABEL_W - VALUE_W}" height="16" fill="{GRID}"/>')
            parts.append(f'<rect x="{x}" y="{y + 3}" width="{w:.1f}" height="16" fill="{BAR}"/>')
            parts.append(
                f'<text x="{WIDTH - VALUE_W + 6}" y="{y + 15}" font-size="12" fill="{INK}">{escape(shown)}</text>'
            )
    return mark_safe(  # noqa: S308 (every text in it went through escape above)
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" '
        f'height="{height}" role="img" aria-label="{escape(chart.title)}" font-family="{escape(font)}" class="chart">'
        f"<title>{escape(chart.title)}</title>{''.join(parts)}</svg>"
    )


# --- PNG (for Word) --------------------------------------------------------------------------------

SCALE = 2  # drawn at twice the size, so it stays sharp when Word shrinks it to the page


@cache
def _font(size: int):
    from PIL import ImageFont

    try:
        return ImageFont.truetype("DejaVuSans.ttf", size * SCALE)
    except OSError:
        return ImageFont.load_default(size * SCALE)


def png(chart: Chart) -> bytes:
    from PIL import Image, ImageDraw

    s = SCALE
    if chart.shape == "columns":
        height, cols = _columns_layout(chart)
    else:
        height, rows = _bars_layout(chart)
    image = Image.new("RGB", (WIDTH * s, height * s), "white")
    draw = ImageDraw.Draw(image)
    font, small = _font(12), _font(11)
    if chart.shape == "columns":
        draw.line([(0, COLUMNS_H * s), (WIDTH * s, COLUMNS_H * s)], fill=GRID, width=s)
        for label, x, y, w, h, shown in cols:
            mid = (x + w / 2) * s
            draw.rectangle([x * s, y * s, (x + w) * s, COLUMNS_H * s], fill=BAR if h else None)
            draw.text((mid, (y - 4) * s), shown, fill=INK, font=font, anchor="ms")
            draw.text((mid, (COLUMNS_H + 16) * s), label, fill=MUTED, font=font, anchor="ms")
    else:
        span = WIDTH - LABEL_W - VALUE_W
        for label, x, y, w, shown in rows:
            draw.text(((x - 8) * s, (y + 15) * s), label, fill=INK, font=small, anchor="rs")
            draw.rectangle([x * s, (y + 3) * s, (x + span) * s, (y + 19) * s], fill=GRID)
            if w:
                draw.rectangle([x * s, (y + 3) * s, (x + w) * s, (y + 19) * s], fill=BAR)
            draw.text(((WIDTH - VALUE_W + 6) * s, (y + 15) * s), shown, fill=INK, font=font, anchor="ls")
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()
