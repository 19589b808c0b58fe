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

from mitra.documents import LIBERATION

INK, MUTED, BAR, GRID = "#1f2933", "#616e7c", "#2f6f4f", "#d9e2ec"
# Arial's widths everywhere: the PDF draws the SVG with Liberation Sans (the same widths), Word's
# picture is drawn with it here, and a browser takes Arial or what its system gives for it.
FONT = "Arial, Liberation Sans, Helvetica, sans-serif"
MEASURE_FONT = LIBERATION / "LiberationSans-Regular.ttf"
SPARE = 1.05  # a browser's own sans-serif may be a little wider than Arial


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
# A label wraps onto this many lines, LINE_H apart (COLUMN_LINE_H under a column), before it is cut:
# only a label longer than that (a whole sentence as a question's text) ends in "…", and the report
# then gives it whole in a table beside the chart (`cut_labels`).
LABEL_LINES, LINE_H = 3, 13
COLUMN_LABEL_LINES, COLUMN_LINE_H = 2, 14
BAR_TEXT, COLUMN_TEXT = 11, 12  # type sizes of the labels, in px


@dataclass(frozen=True)
class Frame:
    """The drawing's width, the part of it the bars' labels take, and its type sizes: the report's
    (640 px, shrunk to the page) and the screen's (narrower, so that drawn across a phone its texts
    stay at about 11 px instead of 6)."""

    width: int = WIDTH
    label_w: int = LABEL_W
    value_w: int = VALUE_W
    bar_text: int = BAR_TEXT
    column_text: int = COLUMN_TEXT
    value_text: int = 12
    label_lines: int = LABEL_LINES


REPORT = Frame()
SCREEN = Frame(width=360, label_w=140, value_w=40, bar_text=13, column_text=13, value_text=13, label_lines=5)


def _text_width(text: str, size: int) -> float:
    """How wide a text is drawn, in px: measured with the vendored Liberation Sans (Arial's widths),
    with a little to spare for a browser's sans-serif, so a line measured to fit fits."""
    return _font(size).getlength(text) / SCALE * SPARE


def _wrap(text: str, width: float, size: int, lines: int) -> tuple[list[str], bool]:
    """(the text on at most `lines` lines of `width` px, whether it had to be cut). Lines break
    between words, inside a word only when it is wider than a line; what does not fit is cut, and
    its last line ends in "…"."""
    out, current = [], ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if _text_width(candidate, size) <= width:
            current = candidate
            continue
        if current:
            out.append(current)
        while len(word) > 1 and _text_width(word, size) > width:
            cut = next((n for n in range(len(word) - 1, 1, -1) if _text_width(word[:n], size) <= width), 1)
            out.append(word[:cut])
            word = word[cut:]
        current = word
    if current:
        out.append(current)
    if len(out) <= lines:
        return out or [""], False
    last = out[lines - 1]
    while last and _text_width(last + "…", size) > width:
        last = last[:-1]
    return [*out[: lines - 1], last.rstrip() + "…"], True


def _bar_label(bar: Bar, frame: Frame = REPORT) -> tuple[list[str], bool]:
    return _wrap(bar.label, frame.label_w - 12, frame.bar_text, frame.label_lines)


def _column_label(chart: Chart, bar: Bar, frame: Frame = REPORT) -> tuple[list[str], bool]:
    slot = (frame.width - 20) / max(len(chart.bars), 1)
    return _wrap(bar.label, slot - 4, frame.column_text, COLUMN_LABEL_LINES)


def cut_labels(chart: Chart) -> list[str]:
    """The labels too long to be drawn whole, which the report must then give in full beside it."""
    if chart.shape == "columns":
        return [bar.label for bar in chart.bars if _column_label(chart, bar)[1]]
    return [bar.label for bar in chart.bars if _bar_label(bar)[1]]


def _bars_layout(chart: Chart, frame: Frame = REPORT):
    """(height, [(label lines [(text, baseline)], x, bar top, width, value text, value baseline)]) for
    horizontal bars: a row grows by a line for each line its label takes beyond the first."""
    span = frame.width - frame.label_w - frame.value_w
    line_h = LINE_H + frame.bar_text - BAR_TEXT
    rows, y = [], 8
    for bar in chart.bars:
        lines, _cut = _bar_label(bar, frame)
        extra = (len(lines) - 1) * line_h
        middle = y + 11 + extra / 2  # the bar's middle, and the label block's
        baselines = [middle + 4 + (j - (len(lines) - 1) / 2) * line_h for j in range(len(lines))]
        width = 0 if not chart.top else span * float(bar.value) / chart.top
        rows.append(
            (
                list(zip(lines, baselines, strict=True)),
                frame.label_w,
                middle - 8,
                max(width, 0),
                chart.text_of(bar),
                middle + 4,
            )
        )
        y += ROW + extra
    return y + 8, rows


def _columns_layout(chart: Chart, frame: Frame = REPORT):
    """(height, [(label lines, x, y, width, height, value text)]) for columns."""
    count = max(len(chart.bars), 1)
    slot = (frame.width - 20) / count
    width = min(48, slot * 0.7)
    cols = []
    for i, bar in enumerate(chart.bars):
        h = 0 if not chart.top else (COLUMNS_H - 20) * float(bar.value) / chart.top
        x = 10 + i * slot + (slot - width) / 2
        cols.append((_column_label(chart, bar, frame)[0], x, COLUMNS_H - h, width, h, chart.text_of(bar)))
    lines = max((len(col[0]) for col in cols), default=1)
    return COLUMNS_H + COLUMN_LABEL_H + (lines - 1) * COLUMN_LINE_H, cols


# --- SVG -------------------------------------------------------------------------------------------


def svg(chart: Chart, font: str = FONT, frame: Frame = REPORT) -> SafeString:
    """The chart as SVG; `font` is the family its texts name (Typst draws them with its own fonts);
    `frame` its width and type sizes (SCREEN on a page)."""
    width_all = frame.width
    if chart.shape == "columns":
        height, cols = _columns_layout(chart, frame)
        parts = [f'<line x1="0" y1="{COLUMNS_H}" x2="{width_all}" y2="{COLUMNS_H}" stroke="{GRID}"/>']
        for lines, x, y, w, h, shown in cols:
            mid = x + w / 2
            parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" fill="{BAR}"/>')
            parts.append(
                f'<text x="{mid:.1f}" y="{y - 4:.1f}" text-anchor="middle" font-size="{frame.value_text}" '
                f'fill="{INK}">{escape(shown)}</text>'
            )
            for j, line in enumerate(lines):
                parts.append(
                    f'<text x="{mid:.1f}" y="{COLUMNS_H + 16 + j * COLUMN_LINE_H}" text-anchor="middle" '
                    f'font-size="{frame.column_text}" fill="{MUTED}">{escape(line)}</text>'
                )
    else:
        height, rows = _bars_layout(chart, frame)
        parts = []
        for lines, x, y, w, shown, value_y in rows:
            for line, baseline in lines:  # one text a line: every renderer draws them alike
                parts.append(
                    f'<text x="{x - 8}" y="{baseline:.1f}" text-anchor="end" font-size="{frame.bar_text}" '
                    f'fill="{INK}">{escape(line)}</text>'
                )
            span = width_all - frame.label_w - frame.value_w
            parts.append(f'<rect x="{x}" y="{y:.1f}" width="{span}" height="16" fill="{GRID}"/>')
            parts.append(f'<rect x="{x}" y="{y:.1f}" width="{w:.1f}" height="16" fill="{BAR}"/>')
            parts.append(
                f'<text x="{width_all - frame.value_w + 6}" y="{value_y:.1f}" font-size="{frame.value_text}" '
                f'fill="{INK}">{escape(shown)}</text>'
            )
    return mark_safe(  # noqa: S308 (every text in it went through escape above)
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width_all} {height}" width="{width_all}" '
        f'height="{height}" role="img" aria-label="{escape(chart.title)}" font-family="{escape(font)}" class="chart">'
        f"<title>{escape(chart.title)}</title>{''.join(parts)}</svg>"
    )


# --- PNG (for Word) --------------------------------------------------------------------------------

SCALE = 2  # drawn at twice the size, so it stays sharp when Word shrinks it to the page


@cache
def _font(size: int):
    from PIL import ImageFont

    return ImageFont.truetype(str(MEASURE_FONT), size * SCALE)


def png(chart: Chart) -> bytes:
    from PIL import Image, ImageDraw

    s = SCALE
    if chart.shape == "columns":
        height, cols = _columns_layout(chart)
    else:
        height, rows = _bars_layout(chart)
    image = Image.new("RGB", (WIDTH * s, height * s), "white")
    draw = ImageDraw.Draw(image)
    font, small = _font(12), _font(BAR_TEXT)
    if chart.shape == "columns":
        draw.line([(0, COLUMNS_H * s), (WIDTH * s, COLUMNS_H * s)], fill=GRID, width=s)
        for lines, x, y, w, h, shown in cols:
            mid = (x + w / 2) * s
            draw.rectangle([x * s, y * s, (x + w) * s, COLUMNS_H * s], fill=BAR if h else None)
            draw.text((mid, (y - 4) * s), shown, fill=INK, font=font, anchor="ms")
            for j, line in enumerate(lines):
                draw.text((mid, (COLUMNS_H + 16 + j * COLUMN_LINE_H) * s), line, fill=MUTED, font=font, anchor="ms")
    else:
        span = WIDTH - LABEL_W - VALUE_W
        for lines, x, y, w, shown, value_y in rows:
            for line, baseline in lines:
                draw.text(((x - 8) * s, baseline * s), line, fill=INK, font=small, anchor="rs")
            draw.rectangle([x * s, y * s, (x + span) * s, (y + 16) * s], fill=GRID)
            if w:
                draw.rectangle([x * s, y * s, (x + w) * s, (y + 16) * s], fill=BAR)
            draw.text(((WIDTH - VALUE_W + 6) * s, value_y * s), shown, fill=INK, font=font, anchor="ls")
    out = io.BytesIO()
    # Not `optimize`: it tries every filter to save 3 % of the bytes and takes 3.5 times as long.
    image.save(out, "PNG", compress_level=6)
    return out.getvalue()
