"""A report laid out as PDF (Typst, from templates/documents/typst/report.typ) and as Word
(python-docx), from the same blocks, so the two files say the same thing. Each block writes itself
(mitra/documents/blocks/: its `typst` data and its `word` layout); this lays out the rest."""

from django.utils import translation
from django.utils.translation import gettext as _

from mitra.documents import typst_pdf, word
from mitra.documents.blocks.base import GREEN, GREY
from mitra.reports.blocks import Report
from mitra.reports.scope import Kind


def pdf(report: Report) -> bytes:
    return typst_pdf.render("report.typ", *typst_data(report))


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
                "blocks": [block.typst(files) for block in part.blocks],
            }
            for part in report.sections
        ],
        "signatures": [
            {"called": str(s.called), "position": str(s.position), "name": str(s.name or ""), "id_line": s.id_line}
            for s in report.signatures
        ],
    }
    return data, files


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
            block.word(document)
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
