"""What a written report is made of, independent of how it is printed: sections of blocks (paragraphs,
key figures, tables, charts, photos: one module per kind in mitra/documents/blocks/, each knowing
how it is printed), the signatures, the report itself. The content (`content.py`) says what the
report says; the PDF template and the Word builder (`render.py`) only lay these blocks out, so the
two files always say the same thing."""

from dataclasses import dataclass, field

from mitra.documents.blocks import LINE, Figure, Figures, Paragraph, Photo, Photos, Subheading, Table
from mitra.documents.letterhead import Letterhead

__all__ = [
    "LINE",
    "Figure",
    "Figures",
    "Paragraph",
    "Photo",
    "Photos",
    "Report",
    "Section",
    "Signature",
    "Subheading",
    "Table",
]


@dataclass
class Section:
    title: str
    blocks: list = field(default_factory=list)
    level: int = 1  # 1 a stage of the cycle, 2 a part of it
    # "A", "A.2": given by the report's table of contents as it assembles the parts (content.PARTS),
    # never by a part itself, so a part is numbered where it stands in each kind of report.
    number: str = ""


@dataclass
class Signature:
    called: str  # "Mengetahui,"
    name: str  # as the person signs, with their titles
    position: str = ""  # "Kepala Madrasah", under what they are called
    id_line: str = ""  # "NIP/NIY 19750412 200501 1 003", under the name, when the school has it


@dataclass
class Report:
    kind: str
    language: str
    title: str
    cover_lines: list[str]  # under the title on the cover: the school, the period
    letterhead: Letterhead
    sections: list[Section]
    date_line: str
    signatures: list[Signature]
    file_stem: str  # the download's name, without extension
    footer: str

    @property
    def date_lines(self) -> list[str]:
        """The date line as it stands above a signature: the Hijri date, and under it the common era's
        ("Pekalongan, 2 Ramadan 1445 H" / "12 Maret 2024 M"), so it never breaks inside a date."""
        return self.date_line.rsplit(" / ", 1)
