"""A report laid out as PDF (Typst, from templates/documents/typst/report.typ) and as Word
(python-docx), from the same blocks, so the two files say the same thing."""

import io

from django.utils import translation
from django.utils.translation import gettext as _
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from mitra.documents import typst_pdf, word
from mitra.reports import charts
from mitra.reports.blocks import Report
from mitra.reports.scope import Kind

GREEN = RGBColor(0x2F, 0x6F, 0x4F)
GREY = RGBColor(0x61, 0x6E, 0x7C)


def pdf(report: Report) -> bytes:
    return typst_pdf.render("report.typ", *typst_data(report))


def _typst_block(block, files: typst_pdf.Files) -> dict:
    """A block as data for templates/documents/typst/report.typ: its fields, pictures as files."""
    if block.kind == "table":
        return {
            "kind": "table",
            "columns": [str(c) for c in block.columns],
            "rows": [[str(v) for v in row] for row in block.rows],
            "total": [str(v) for v in block.total] if block.total else None,
            "numeric": sorted(block.numeric),
            "widths": block.widths,
            "empty": str(block.empty),
        }
    if block.kind == "figure":
        drawing = str(charts.svg(block.chart, font="Liberation Sans")).encode()
        return {"kind": "figure", "title": str(block.chart.title), "image": files.add(drawing, "image/svg+xml")}
    if block.kind == "photos":
        return {
            "kind": "photos",
            "items": [{"image": files.add(p.data, p.content_type), "caption": str(p.caption)} for p in block.items],
        }
    if block.kind == "figures":
        return {"kind": "figures", "items": [[str(v), str(label)] for v, label in block.items]}
    if block.kind == "subheading":
        return {"kind": "subheading", "text": str(block.text)}
    return {"kind": "paragraph", "text": str(block.text), "muted": block.muted}


def _contents_title(report: Report) -> str:
    with translation.override(report.language):
        return _("Contents")


def typst_data(report: Report) -> tuple[dict, typst_pdf.Files]:
    """The report as the data of report.typ, and the pictures it shows."""
    files = typst_pdf.Files()
    data = {
        "lang": report.language,
        "title": str(report.title),
        "author": report.letterhead.name,
        "letterhead": typst_pdf.letterhead(report.letterhead, files),
        "cover_lines": [str(line) for line in report.cover_lines],
        "date_line": str(report.date_line),
        "signing_date": "\n".join(report.date_lines),
        "footer": str(report.footer),
        # The annual report is long enough to need a table of contents; the others are a few pages.
        "contents": _contents_title(report) if report.kind == Kind.ANNUAL else "",
        "sections": [
            {
                "number": str(part.number or ""),
                "title": str(part.title),
                "level": part.level,
                "blocks": [_typst_block(block, files) for block in part.blocks],
            }
            for part in report.sections
        ],
        "signatures": [
            {"called": str(s.called), "position": str(s.position), "name": str(s.name or ""), "id_line": s.id_line}
            for s in report.signatures
        ],
    }
    return data, files


def _shade(cell, fill: str) -> None:
    properties = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    for key, value in (("w:val", "clear"), ("w:color", "auto"), ("w:fill", fill)):
        shading.set(qn(key), value)
    properties.append(shading)


def _repeat_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _paragraph(document, text: str, *, size: float | None = None, bold: bool = False, colour=None, after: float = 4):
    """A paragraph of the report's text (Normal, 10 pt); nothing when there is nothing to say."""
    if not str(text).strip():
        return None
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.space_after = Pt(after)
    run = paragraph.add_run(str(text))
    if size is not None:
        run.font.size = Pt(size)
    if bold:
        run.bold = True
    if colour is not None:
        run.font.color.rgb = colour
    return paragraph


def _table(document, block) -> None:
    if not block.rows:
        _paragraph(document, block.empty, colour=GREY)
        return
    with_head = any(block.columns)
    rows = ([block.columns] if with_head else []) + block.rows + ([block.total] if block.total else [])
    table = document.add_table(rows=len(rows), cols=len(block.columns))
    table.style = "Table Grid"
    # python-docx builds a row's cells anew at each `.cells`: read them once per row, not per cell.
    for r, (row, values) in enumerate(zip(table.rows, rows, strict=True)):
        head = with_head and r == 0
        total = block.total is not None and r == len(rows) - 1
        if head:
            _repeat_header(row)
        for c, (cell, value) in enumerate(zip(row.cells, values, strict=True)):
            paragraph = cell.paragraphs[0]
            if c in block.numeric:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            run = paragraph.add_run(str(value))
            run.font.size = Pt(8.5)
            if head or total:
                run.bold = True
            if head:
                _shade(cell, "EEF2F6")


def _figures(document, block, per_row: int = 4) -> None:
    """Key figures as cards, four to a row: the value, and under it what it counts."""
    items = block.items
    rows = [items[i : i + per_row] for i in range(0, len(items), per_row)]
    table = document.add_table(rows=len(rows), cols=min(per_row, len(items)))
    for r, row in enumerate(rows):
        for c, (value, label) in enumerate(row):
            cell = table.rows[r].cells[c]
            run = cell.paragraphs[0].add_run(value)
            run.bold, run.font.size, run.font.color.rgb = True, Pt(14), GREEN
            if str(label).strip():
                caption = cell.add_paragraph().add_run(label)
                caption.font.size = Pt(8)
            # The cards of the next row stand a little below.
            cell.paragraphs[-1].paragraph_format.space_after = Pt(6)


def _photos(document, block) -> None:
    captions = any(str(photo.caption).strip() for photo in block.items)
    table = document.add_table(rows=2 if captions else 1, cols=len(block.items))
    for c, photo in enumerate(block.items):
        table.rows[0].cells[c].paragraphs[0].add_run().add_picture(io.BytesIO(photo.data), width=Mm(75))
        if captions:
            caption = table.rows[1].cells[c].paragraphs[0].add_run(photo.caption)
            caption.font.size, caption.font.color.rgb = Pt(8), GREY


def _block(document, block) -> None:
    if block.kind == "paragraph":
        _paragraph(document, block.text, colour=GREY if block.muted else None)
    elif block.kind == "subheading":
        word.heading(document, 3, str(block.text))
    elif block.kind == "figures":
        _figures(document, block)
    elif block.kind == "table":
        _table(document, block)
    elif block.kind == "figure":
        title = _paragraph(document, block.chart.title, size=9, bold=True, colour=GREY, after=0)
        if title is not None:
            title.paragraph_format.keep_with_next = True
        picture = document.add_paragraph()
        picture.paragraph_format.space_after = Pt(6)
        picture.add_run().add_picture(io.BytesIO(charts.png(block.chart)), width=Mm(160))
    elif block.kind == "photos":
        _photos(document, block)


AFTER_TABLES = 8  # points between a table and what follows it


def docx(report: Report) -> bytes:
    document = word.new_document(
        title=str(report.title),
        author=report.letterhead.name,
        language=report.language,
        font="Arial",
        size=10,
        left_mm=25,
        right_mm=18,
    )
    # As the PDF: each stage under its green title, where the one before ended (no half-empty pages);
    # its parts and their subheadings below.
    word.heading_style(document, 1, size=15, colour=GREEN, before=18, after=6)
    word.heading_style(document, 2, size=12, before=10, after=4)
    word.heading_style(document, 3, size=10.5, before=6, after=2)
    word.title_style(document, size=20, before=96, after=12)
    word.letterhead(document, report.letterhead)
    document.add_paragraph(str(report.title), style="Title")
    for line in report.cover_lines:
        word.centred(document, line, size=12, after=4)
    word.centred(document, report.date_line, size=10, after=0)
    if report.kind == Kind.ANNUAL:
        with translation.override(report.language):
            word.table_of_contents(
                document,
                _("Contents"),
                _("Right-click here and choose Update Field to show the table of contents."),
            )
    for i, part in enumerate(report.sections):
        if part.level == 1:
            heading = word.heading(document, 1, f"{part.number}. {part.title}" if part.number else str(part.title))
            # The cover and the contents have pages of their own; then the sections follow on.
            heading.paragraph_format.page_break_before = i == 0 or None
        else:
            word.heading(document, 2, f"{part.number} {part.title}".strip())
        for block in part.blocks:
            _block(document, block)
    word.keep_with_next(document)  # the last paragraph and the signatures stay on one page
    last = len(report.signatures) - 1
    word.signature_table(
        document,
        [
            [
                *((line if i == last else "", False) for line in report.date_lines),
                (s.called, False),
                (s.position, False),
                ("", False),
                ("", False),
                (s.name, True),
                (s.id_line, False),
            ]
            for i, s in enumerate(report.signatures)
        ],
    )
    word.page_footer(document, str(report.footer), size=8, colour=GREY, cover=True)
    return word.to_bytes(document, after_tables=AFTER_TABLES)
