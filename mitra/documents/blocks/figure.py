import io
from dataclasses import dataclass

from docx.shared import Mm, Pt

from mitra.documents import charts
from mitra.documents.blocks.base import GREY, Block, paragraph


@dataclass
class Figure(Block):
    """A chart: the same SVG in the PDF, a PNG of the same layout in Word (which cannot show SVG)."""

    chart: charts.Chart
    kind: str = "figure"

    def typst(self, files) -> dict:
        drawing = str(charts.svg(self.chart, font="Liberation Sans")).encode()
        return {"kind": self.kind, "title": str(self.chart.title), "image": files.add(drawing, "image/svg+xml")}

    def word(self, document) -> None:
        title = paragraph(document, self.chart.title, size=9, bold=True, colour=GREY, after=0)
        if title is not None:
            title.paragraph_format.keep_with_next = True
        picture = document.add_paragraph()
        picture.paragraph_format.space_after = Pt(6)
        picture.add_run().add_picture(io.BytesIO(charts.png(self.chart)), width=Mm(160))
