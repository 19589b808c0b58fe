"""An outgoing letter as a document, in the letter's language: the kop surat; either the Nomor /
Sifat / Lampiran / Hal block with the date line and "Kepada Yth." (an addressed letter) or the type
as a centred heading with its number (a surat tugas, a berita acara); the text; the signature block;
the copies (Tembusan). `build` describes it once; `as_docx` and `as_pdf` draw it."""

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from mitra.documents import typst_pdf, word
from mitra.documents.dates import place_and_date
from mitra.documents.letterhead import Letterhead, letterhead_of
from mitra.letters import services
from mitra.letters.models import Letter, LetterType

# Words of the document, by the letter's language (not the reader's).
WORDS = {
    "id": {
        "number": "Nomor",
        "nature": "Sifat",
        "enclosures": "Lampiran",
        "subject": "Hal",
        "to": "Kepada Yth.",
        "at": "di",
        "place": "Tempat",
        "copies": "Tembusan:",
        "none": "-",
        "draft": "DRAF",
    },
    "en": {
        "number": "Number",
        "nature": "Nature",
        "enclosures": "Enclosures",
        "subject": "Subject",
        "to": "To",
        "at": "",
        "place": "",
        "copies": "Copies to:",
        "none": "-",
        "draft": "DRAFT",
    },
}


# "Hari, tanggal : Sabtu, 6 Juli 2024": a line of the details block letters set out with aligned colons.
LABEL_LINE = re.compile(r"^\s*([^:\n]{1,30}?)\s*:\s+(.*)$")


@dataclass(frozen=True)
class Block:
    """A paragraph as typed (lines), or a details block whose lines are all "label : value" (rows)."""

    lines: list[str] = field(default_factory=list)
    rows: list[tuple[str, str]] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def _block(text: str) -> Block:
    lines = text.split("\n")
    matches = [LABEL_LINE.match(line) for line in lines]
    if all(matches):
        return Block(rows=[(m.group(1).strip(), m.group(2).strip()) for m in matches])
    return Block(lines=lines)


@dataclass(frozen=True)
class LetterDocument:
    letterhead: Letterhead
    titled: bool
    heading: str  # the centred title of a titled letter
    number_line: str
    header_rows: list[tuple[str, str]]  # (label, value) of an addressed letter
    date_line: str
    address_lines: list[str]
    blocks: list[Block]
    signer_position: str
    signer_name: str
    signer_id: str
    copies_heading: str
    copies: list[str]
    is_draft: bool
    draft_mark: str
    with_hijri: bool = False

    @property
    def signing_date_lines(self) -> list[str]:
        """The date line as it stands above the signature of a titled letter, in its narrow column:
        the Hijri date, and under it the common era's, so it never breaks inside a date. (Without a
        Hijri date it is one line, whatever its place holds.)"""
        return self.date_line.rsplit(" / ", 1) if self.with_hijri else [self.date_line]


def build(letter: Letter) -> LetterDocument:
    problems = services.issue_problems(letter)
    if problems:
        raise ValidationError(problems)
    words = WORDS[letter.language]
    number = letter.number or "…………"
    titled = bool(letter.letter_type_id) and letter.letter_type.layout == LetterType.Layout.TITLED
    header_rows = [(words["number"], number)]
    if letter.nature:
        header_rows.append((words["nature"], letter.nature))
    header_rows += [(words["enclosures"], letter.enclosures or words["none"]), (words["subject"], letter.subject)]
    address = [line.strip() for line in letter.correspondent_address.splitlines() if line.strip()]
    # "Kepada Yth. / Kepala UPT Puskesmas Kergon / di / Pekalongan" — or "di / Tempat" without an address.
    address_lines = [words["to"], letter.correspondent]
    address_lines += ([words["at"]] + (address or [words["place"]])) if words["at"] else address
    # Paragraphs are kept as typed; a blank line separates them, a single line break starts a new line.
    paragraphs = [block.strip("\n") for block in letter.body.replace("\r\n", "\n").split("\n\n") if block.strip()]
    blocks = [_block(paragraph) for paragraph in paragraphs]
    return LetterDocument(
        letterhead=letterhead_of(letter.school),
        titled=titled,
        heading=letter.subject.upper(),
        number_line=f"{words['number']}: {number}",
        header_rows=header_rows,
        date_line=place_and_date(
            letter.place,
            letter.dated,
            language=letter.language,
            hijri=letter.with_hijri_date,
            offset=letter.school.hijri_offset,
        ),
        address_lines=address_lines,
        blocks=blocks,
        signer_position=letter.signatory_position,
        signer_name=letter.signatory_name,
        signer_id=f"NIP/NIY {letter.signatory_id}" if letter.signatory_id else "",
        copies_heading=words["copies"],
        copies=[line.strip() for line in letter.copies_to.splitlines() if line.strip()],
        is_draft=letter.stage == Letter.Stage.DRAFT,
        draft_mark=words["draft"],
        with_hijri=letter.with_hijri_date,
    )


def file_name(letter: Letter, extension: str) -> str:
    code = letter.letter_type.code if letter.letter_type_id else "surat"
    stem = "".join(ch if ch.isalnum() else "-" for ch in f"{code}-{letter.subject}")[:60].strip("-") or "surat"
    suffix = f"-{letter.sequence_year}-{letter.sequence:03d}" if letter.sequence else "-draft"
    return f"{stem}{suffix}.{extension}"


def as_docx(letter: Letter) -> bytes:
    doc = build(letter)
    out = word.new_document(title=letter.subject, author=letter.school.name, language=letter.language)
    word.heading_style(out, 1, size=13, centred=True)
    word.letterhead(out, doc.letterhead)
    below_letterhead = 12  # the space between the kop surat's rule and what comes first under it
    if doc.is_draft:
        word.centred(out, doc.draft_mark, bold=True, before=below_letterhead, after=6)
        below_letterhead = 0
    if doc.titled:
        word.heading(out, 1, doc.heading, before=below_letterhead)
        word.centred(out, doc.number_line, after=12)
    else:
        word.right(out, doc.date_line, before=below_letterhead, after=6)
        word.label_rows(out, doc.header_rows)
        for i, line in enumerate(doc.address_lines):
            word.text(out, line, before=12 if i == 0 else 0, after=18 if i == len(doc.address_lines) - 1 else 0)
    for block in doc.blocks:
        if block.rows:
            word.label_rows(out, block.rows, indent_mm=10)
        else:
            word.lines(out, block.lines)
    word.keep_with_next(out)  # the last paragraph and the signature stay on one page
    block = [(line, False) for line in doc.signing_date_lines] if doc.titled else []
    block += [(doc.signer_position, False), ("", False), ("", False), ("", False), (doc.signer_name, True)]
    if doc.signer_id:
        block.append((doc.signer_id, False))
    word.signature_block(out, block, before=18)
    if doc.copies:
        word.text(out, doc.copies_heading, before=18, after=0)
        copies = word.new_list(out)
        for line in doc.copies:
            word.list_item(out, line, copies, after=0)
    word.page_footer(out)
    return word.to_bytes(out)


def typst_data(letter: Letter) -> tuple[dict, typst_pdf.Files]:
    """The letter as the data of templates/documents/typst/letter.typ."""
    doc, files = build(letter), typst_pdf.Files()
    data = {
        "lang": letter.language,
        "title": letter.subject,
        "author": doc.letterhead.name,
        "letterhead": typst_pdf.letterhead(doc.letterhead, files),
        "draft_mark": doc.draft_mark if doc.is_draft else "",
        "titled": doc.titled,
        "heading": doc.heading,
        "number_line": doc.number_line,
        "header_rows": doc.header_rows,
        "date_line": doc.date_line,
        "signing_date_lines": doc.signing_date_lines,
        "address_lines": doc.address_lines,
        "blocks": [{"lines": block.lines, "rows": block.rows} for block in doc.blocks],
        "signer_position": doc.signer_position,
        "signer_name": doc.signer_name,
        "signer_id": doc.signer_id,
        "copies_heading": doc.copies_heading,
        "copies": doc.copies,
    }
    return data, files


def as_pdf(letter: Letter) -> bytes:
    return typst_pdf.render("letter.typ", *typst_data(letter))
