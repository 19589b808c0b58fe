from dataclasses import dataclass

from docx.shared import Pt

from mitra.documents.blocks.base import GREEN, Block

PER_ROW = 4


@dataclass
class Figures(Block):
    """Key figures side by side: [(value, label)]."""

    items: list[tuple[str, str]]
    kind: str = "figures"

    def typst(self, files) -> dict:
        return {"kind": self.kind, "items": [[str(v), str(label)] for v, label in self.items]}

    def word(self, document) -> None:
        """Key figures as cards, four to a row: the value, and under it what it counts."""
        items = self.items
        rows = [items[i : i + PER_ROW] for i in range(0, len(items), PER_ROW)]
        table = document.add_table(rows=len(rows), cols=min(PER_ROW, len(items)))
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
