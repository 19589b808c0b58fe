"""What every kind of block knows: how it is written into the PDF's data (templates/documents/typst/
report.typ draws it with the function its dispatch names for the block's kind) and how it is laid
out in Word (python-docx). A block kind that lacks either cannot be registered (blocks/__init__.py)."""

from abc import ABC, abstractmethod

from docx.shared import Pt, RGBColor

GREEN = RGBColor(0x2F, 0x6F, 0x4F)
GREY = RGBColor(0x61, 0x6E, 0x7C)


class Block(ABC):
    """A piece of a written report. Subclasses are dataclasses with a `kind` field: the name
    report.typ's `draw` dispatch knows the block by."""

    kind: str

    @abstractmethod
    def typst(self, files) -> dict:
        """The block as data for report.typ: its `kind` and its fields, pictures added to `files`
        (mitra.documents.typst_pdf.Files)."""

    @abstractmethod
    def word(self, document) -> None:
        """The block appended to a python-docx document."""


def paragraph(document, text: str, *, size: float | None = None, bold: bool = False, colour=None, after: float = 4):
    """A paragraph of the report's text (Normal, 10 pt); nothing when there is nothing to say."""
    if not str(text).strip():
        return None
    written = document.add_paragraph()
    written.paragraph_format.space_after = Pt(after)
    run = written.add_run(str(text))
    if size is not None:
        run.font.size = Pt(size)
    if bold:
        run.bold = True
    if colour is not None:
        run.font.color.rgb = colour
    return written
