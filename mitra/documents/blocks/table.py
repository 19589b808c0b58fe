from dataclasses import dataclass, field

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from mitra.documents.blocks.base import GREY, Block, paragraph

# In characters of the tables' 8.5 pt type (about 1.8 mm each): a line of the A4 page, the widest a
# column asks for, the longest value kept on one line (a date, a number), a cell's padding.
LINE, WIDEST, SHORT, NARROWEST, PADDING = 90, 40, 14, 4, 2


@dataclass
class Table(Block):
    columns: list[str]
    rows: list[list[str]]
    empty: str = ""  # said instead of the table when it has no rows
    numeric: set[int] = field(default_factory=set)  # columns aligned right
    total: list[str] | None = None  # a last row in bold
    kind: str = "table"

    @property
    def widths(self) -> list[float]:
        """Each column's share of the width (%), from the length of what it holds: the PDF lays its
        tables out with these (table-layout: fixed) instead of measuring every cell twice, which took
        most of a long report's time. Every column gets at least its header's longest word (bold, so
        a fifth wider) and short values whole (dates, numbers); what is left of the line goes to the
        columns with longer texts, which wrap (none asks for more than WIDEST characters)."""
        need, least = [], []
        for c, header in enumerate(self.columns):
            word = round(1.2 * max((len(w) for w in str(header).split()), default=0)) + PADDING
            longest = max((len(str(row[c])) for row in self.rows), default=0) + PADDING
            need.append(max(NARROWEST, word, min(WIDEST, longest)))
            least.append(max(NARROWEST, word, longest if longest <= SHORT else 0))
        if sum(need) <= LINE:  # room to spare: it widens the texts, not the dates and numbers
            texts = [n if lo < n or n > SHORT else 0 for n, lo in zip(need, least, strict=True)]
            grow = (LINE - sum(need)) / (sum(texts) or 1)
            chars = [n + t * grow for n, t in zip(need, texts, strict=True)]
        elif sum(least) >= LINE:
            chars = least
        else:
            spare, wanted = LINE - sum(least), sum(need) - sum(least)
            chars = [lo + spare * (n - lo) / wanted for n, lo in zip(need, least, strict=True)]
        return [round(100 * c / sum(chars), 1) for c in chars]

    def typst(self, files) -> dict:
        return {
            "kind": self.kind,
            "columns": [str(c) for c in self.columns],
            "rows": [[str(v) for v in row] for row in self.rows],
            "total": [str(v) for v in self.total] if self.total else None,
            "numeric": sorted(self.numeric),
            "widths": self.widths,
            "empty": str(self.empty),
        }

    def word(self, document) -> None:
        if not self.rows:
            paragraph(document, self.empty, colour=GREY)
            return
        with_head = any(self.columns)
        rows = ([self.columns] if with_head else []) + self.rows + ([self.total] if self.total else [])
        table = document.add_table(rows=len(rows), cols=len(self.columns))
        table.style = "Table Grid"
        # python-docx builds a row's cells anew at each `.cells`: read them once per row, not per cell.
        for r, (row, values) in enumerate(zip(table.rows, rows, strict=True)):
            head = with_head and r == 0
            total = self.total is not None and r == len(rows) - 1
            if head:
                _repeat_header(row)
            for c, (cell, value) in enumerate(zip(row.cells, values, strict=True)):
                written = cell.paragraphs[0]
                if c in self.numeric:
                    written.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                run = written.add_run(str(value))
                run.font.size = Pt(8.5)
                if head or total:
                    run.bold = True
                if head:
                    _shade(cell, "EEF2F6")


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
