"""Building blocks for Word documents (python-docx): the page, the kop surat, centred title lines,
justified text and signature tables. Documents stay plain Word — no fields, no macros — so a
school can open and finish them in any version of Word or LibreOffice."""

import io

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from mitra.documents.letterhead import Letterhead

FONT = "Times New Roman"


def new_document():
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(20)
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(12)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.15
    return document


def _tight(paragraph, after: float = 0):
    paragraph.paragraph_format.space_after = Pt(after)
    paragraph.paragraph_format.space_before = Pt(0)
    return paragraph


def _bottom_rule(paragraph) -> None:
    """The double rule under the kop surat."""
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "thinThickSmallGap"), ("w:sz", "18"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def letterhead(document, head: Letterhead) -> None:
    table = document.add_table(rows=1, cols=2 if head.logo else 1)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    text_cell = table.rows[0].cells[-1]
    if head.logo:
        logo_cell = table.rows[0].cells[0]
        logo_cell.width, text_cell.width = Mm(28), Mm(132)
        logo_cell.paragraphs[0].add_run().add_picture(io.BytesIO(head.logo), width=Mm(22))
    first = True
    lines = [(line, 12, False) for line in head.lines_above] + [(head.name.upper(), 16, True)]
    lines += [(line, 10, False) for line in (head.address, head.contacts) if line]
    for text, size, bold in lines:
        paragraph = text_cell.paragraphs[0] if first else text_cell.add_paragraph()
        first = False
        _tight(paragraph).alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(text)
        run.bold, run.font.size = bold, Pt(size)
    rule = _tight(document.add_paragraph(), after=12)
    _bottom_rule(rule)


def centred(document, text: str, *, bold: bool = False, after: float = 0, size: float | None = None):
    paragraph = _tight(document.add_paragraph(), after=after)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.bold = bold
    if size:
        run.font.size = Pt(size)
    return paragraph


def text(document, value: str, *, after: float = 6, indent_mm: float = 0):
    paragraph = _tight(document.add_paragraph(), after=after)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    if indent_mm:
        paragraph.paragraph_format.left_indent = Mm(indent_mm)
    paragraph.add_run(value)
    return paragraph


def right(document, value: str, *, after: float = 0):
    paragraph = _tight(document.add_paragraph(), after=after)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    paragraph.add_run(value)
    return paragraph


def lines(document, values: list[str], *, after: float = 6):
    """One paragraph of several lines (a line break between them), as typed in a letter."""
    paragraph = _tight(document.add_paragraph(), after=after)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    for i, value in enumerate(values):
        run = paragraph.add_run(value)
        if i < len(values) - 1:
            run.add_break()
    return paragraph


def label_rows(document, rows: list[tuple[str, str]], *, indent_mm: float = 0) -> None:
    """ "Nomor : …" rows with the colons aligned, as a borderless table."""
    table = document.add_table(rows=len(rows), cols=3)
    label_width = max(25, min(45, 2.6 * max(len(label) for label, _value in rows)))
    if indent_mm:
        indent = OxmlElement("w:tblInd")
        indent.set(qn("w:w"), str(int(indent_mm * 56.7)))  # twentieths of a point
        indent.set(qn("w:type"), "dxa")
        table._tbl.tblPr.append(indent)
    for cells, (label, value) in zip(table.rows, rows, strict=True):
        widths = (Mm(label_width), Mm(5), Mm(160 - label_width - indent_mm))
        for cell, width, content in zip(cells.cells, widths, (label, ":", value), strict=True):
            cell.width = width
            _tight(cell.paragraphs[0]).add_run(content)


def signature_block(document, block: list[tuple[str, bool]]) -> None:
    """One signature on the right half of the page, as letters are signed."""
    table = document.add_table(rows=1, cols=2)
    cell = table.rows[0].cells[1]
    for i, (line, bold) in enumerate(block):
        paragraph = _tight(cell.paragraphs[0] if i == 0 else cell.add_paragraph())
        run = paragraph.add_run(line)
        run.bold = bold
    _tight(document.add_paragraph(), after=6)


def signature_table(document, blocks: list[list[tuple[str, bool]]], *, columns: int = 2) -> None:
    """Blocks side by side, `columns` to a row; each block is lines of (text, bold). An empty text
    leaves a line of space for the signature."""
    rows = [blocks[i : i + columns] for i in range(0, len(blocks), columns)]
    for row_blocks in rows:
        table = document.add_table(rows=1, cols=columns)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for cell, block in zip(table.rows[0].cells, row_blocks, strict=False):
            for i, (line, bold) in enumerate(block):
                paragraph = _tight(cell.paragraphs[0] if i == 0 else cell.add_paragraph())
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
                run = paragraph.add_run(line)
                run.bold = bold
        _tight(document.add_paragraph(), after=6)


def to_bytes(document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
