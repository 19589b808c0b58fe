"""Writing a table as XLSX (openpyxl, write-only, so memory stays flat however many rows) or as CSV
(UTF-8 with a byte-order mark, so Excel opens Indonesian names right): with commas, or with
semicolons for Excel set to Indonesian, which reads a comma as the decimal mark and so expects its
CSV files separated by semicolons (`csv_bytes(..., excel_id=True)`).

In XLSX each column is as wide as its widest cell as Excel shows it (a date by its shown format, a
text of several lines by its longest line) within WIDTH_MIN..WIDTH_MAX, measured over the first
WIDTH_SAMPLE rows: the write-only sheet needs its widths before its first row, and a sample keeps
the memory of a long export (the worker's job) flat. The header is bold, frozen and filtered.

A cell that begins with = + - @ would be run as a formula by a spreadsheet: in XLSX every text is
written as text, never as a formula; in CSV such a text gets a leading apostrophe."""

import csv
import datetime
import io
import itertools
import unicodedata
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"

WIDTH_MIN, WIDTH_MAX = 8, 60
WIDTH_SAMPLE = 1000
DATE_FORMAT, DATETIME_FORMAT = "DD/MM/YYYY", "DD/MM/YYYY HH:MM"
FILTER_BUTTON = 2  # the header's filter arrow takes about two characters


def _plain(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return value
    if isinstance(value, datetime.datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, (int, float, Decimal, datetime.date)):
        return value
    return str(value)


def _shown_length(value) -> int:
    """How many characters wide Excel shows a (plain) value: a date in its cell format, TRUE/FALSE,
    a text by its longest line, a wide (East Asian) character as two."""
    if isinstance(value, bool):
        return len("FALSE" if not value else "TRUE")
    if isinstance(value, datetime.datetime):
        return len(DATETIME_FORMAT)
    if isinstance(value, datetime.date):
        return len(DATE_FORMAT)
    if isinstance(value, (int, float, Decimal)):
        return len(str(value))
    return max((_text_width(line) for line in str(value).splitlines()), default=0)


def _text_width(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


def column_widths(headers: list[str], rows: list[list]) -> list[int]:
    """Each column's width in characters: its widest cell, the header with its filter button, a
    margin of two, within WIDTH_MIN..WIDTH_MAX."""
    widest = [_text_width(str(h)) + FILTER_BUTTON for h in headers]
    for row in rows:
        for i, value in enumerate(row[: len(widest)]):
            widest[i] = max(widest[i], _shown_length(_plain(value)))
    return [min(max(w + 2, WIDTH_MIN), WIDTH_MAX) for w in widest]


def xlsx(title: str, headers: list[str], rows) -> bytes:
    rows = iter(rows)
    sample = [list(row) for row in itertools.islice(rows, WIDTH_SAMPLE)]
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=_sheet_title(title))
    sheet.freeze_panes = "A2"
    for i, width in enumerate(column_widths(headers, sample), start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    bold, wrapped = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    head = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=header)
        cell.font = bold
        head.append(cell)
    sheet.append(head)
    written = 1
    for row in itertools.chain(sample, rows):
        cells = []
        for value in row:
            value = _plain(value)
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # text stays text, even "=HYPERLINK(…)"
                if "\n" in value:
                    cell.alignment = wrapped  # shown on its lines, as wide as the longest
            elif isinstance(value, datetime.datetime):
                cell.number_format = DATETIME_FORMAT
            elif isinstance(value, datetime.date):
                cell.number_format = DATE_FORMAT
            cells.append(cell)
        sheet.append(cells)
        written += 1
    if headers:
        # The filter covers the header and every row; written when the sheet closes, after its rows.
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{written}"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet_title(title: str) -> str:
    # Excel allows 31 characters and none of []:*?/\
    cleaned = "".join(" " if c in "[]:*?/\\" else c for c in title)
    return cleaned[:31] or "Data"


def _csv_text(value, *, decimal_comma: bool = False) -> str:
    value = _plain(value)
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat(sep=" ") if isinstance(value, datetime.datetime) else value.isoformat()
    if decimal_comma and isinstance(value, (float, Decimal)):
        return str(value).replace(".", ",")  # Excel in Indonesian reads 75.50 as seven thousand
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def csv_bytes(headers: list[str], rows, *, excel_id: bool = False) -> bytes:
    """CSV with commas, or for Excel set to Indonesian (excel_id): semicolons and decimal commas.
    Both start with the byte-order mark and end their lines with CRLF, as Excel does."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";" if excel_id else ",", lineterminator="\r\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow([_csv_text(v, decimal_comma=excel_id) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
