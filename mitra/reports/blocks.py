"""What a written report is made of, independent of how it is printed: sections of headings,
paragraphs, key figures, tables, charts and photos. The content (`content.py`) says what the report
says; the PDF template and the Word builder (`render.py`) only lay these blocks out, so the two
files always say the same thing."""

from dataclasses import dataclass, field

from mitra.documents.letterhead import Letterhead
from mitra.reports.charts import Chart


@dataclass
class Paragraph:
    text: str
    muted: bool = False
    kind: str = "paragraph"


@dataclass
class Subheading:
    text: str
    kind: str = "subheading"


@dataclass
class Figures:
    """Key figures side by side: [(value, label)]."""

    items: list[tuple[str, str]]
    kind: str = "figures"


@dataclass
class Table:
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


# In characters of the tables' 8.5 pt type (about 1.8 mm each): a line of the A4 page, the widest a
# column asks for, the longest value kept on one line (a date, a number), a cell's padding.
LINE, WIDEST, SHORT, NARROWEST, PADDING = 90, 40, 14, 4, 2


@dataclass
class Figure:
    chart: Chart
    kind: str = "figure"


@dataclass
class Photo:
    data: bytes
    content_type: str
    caption: str

    @property
    def data_uri(self) -> str:
        import base64

        return f"data:{self.content_type};base64,{base64.b64encode(self.data).decode()}"


@dataclass
class Photos:
    items: list[Photo]
    kind: str = "photos"


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
