"""Issue 22: the Word files Mitra writes are built as a person would build them in Word — headings in
the Heading styles (Word's navigation pane and a table of contents find them), real numbered and
lettered lists, page numbers in the footer, the document's own proofing language, the school as
author, spacing by paragraph formatting instead of empty paragraphs, and a table of contents in the
annual report. Each file is opened with python-docx and its XML read back."""

import datetime
import io

import docx
import pytest
from docx.oxml.ns import qn

from mitra.agreements import document as agreement_document
from mitra.agreements import services as agreements
from mitra.documents import lists, word
from mitra.letters import document as letter_document
from mitra.letters import services as letters
from mitra.reports import generate
from mitra.reports.scope import Kind, Scope
from mitra.schools.access import access_for
from tests.conftest import draft_letter, filled_mou

FIELD_TAGS = (qn("w:fldChar"), qn("w:fldSimple"), qn("w:instrText"))


def _open(data: bytes):
    return docx.Document(io.BytesIO(data))


def _text(element) -> str:
    """What a w:p says, its line breaks as spaces."""
    parts = []
    for node in element.iter(qn("w:t"), qn("w:br"), qn("w:tab")):
        parts.append(node.text or "" if node.tag == qn("w:t") else " ")
    return "".join(parts)


def _holds_something(p) -> bool:
    return bool(_text(p).strip()) or any(True for _node in p.iter(qn("w:drawing"), qn("w:pict"), *FIELD_TAGS))


def _between_tables(p) -> bool:
    before, after = p.getprevious(), p.getnext()
    return before is not None and after is not None and before.tag == after.tag == qn("w:tbl")


def empty_paragraphs(document) -> list[str]:
    """Paragraphs that only make space: in the body, every paragraph with no text, no picture and no
    field, but the one Word keeps between two tables (without it Word joins them into one); in a
    table cell, such a paragraph beside others (a cell left empty keeps the one paragraph Word
    requires). Each is named by what comes before it, to find it."""
    found, before = [], "(start)"
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            if not _holds_something(child) and not _between_tables(child):
                found.append(f"body paragraph after {before!r}")
            else:
                before = _text(child)[:40]
        elif child.tag == qn("w:tbl"):
            before = "(table)"
    for cell in document.element.body.iter(qn("w:tc")):
        paragraphs = cell.findall(qn("w:p"))
        if len(paragraphs) > 1:
            found += [f"cell paragraph in {_text(cell)[:40]!r}" for p in paragraphs if not _holds_something(p)]
    return found


def headings(document, level: int) -> list[str]:
    return [_text(p._p) for p in document.paragraphs if p.style.name == f"Heading {level}"]


def list_items(document) -> list[tuple[str, int, int]]:
    """(text, list id, level) of every paragraph in a numbered or lettered list."""
    items = []
    for p in document.paragraphs:
        numbering = p._p.pPr.numPr if p._p.pPr is not None else None
        if numbering is not None and numbering.numId is not None:
            items.append((p.text, numbering.numId.val, numbering.ilvl.val if numbering.ilvl is not None else 0))
    return items


def _numbering(document):
    return document.part.numbering_part.element


def level_formats(document, num_id: int) -> dict[int, tuple[str, str]]:
    """(numFmt, lvlText) by level of a list, read from its abstract definition."""
    numbering = _numbering(document)
    num = numbering.xpath(f'./w:num[@w:numId="{num_id}"]')[0]
    abstract_id = num.find(qn("w:abstractNumId")).get(qn("w:val"))
    abstract = numbering.xpath(f'./w:abstractNum[@w:abstractNumId="{abstract_id}"]')[0]
    return {
        int(lvl.get(qn("w:ilvl"))): (
            lvl.find(qn("w:numFmt")).get(qn("w:val")),
            lvl.find(qn("w:lvlText")).get(qn("w:val")),
        )
        for lvl in abstract.findall(qn("w:lvl"))
    }


def starts_at_one(document, num_id: int) -> bool:
    """The list counts from 1 on its own: its first level is restarted at 1, or its definition is
    shared with no other list (Word continues the count across lists of one definition)."""
    numbering = _numbering(document)
    num = numbering.xpath(f'./w:num[@w:numId="{num_id}"]')[0]
    override = num.xpath('./w:lvlOverride[@w:ilvl="0"]/w:startOverride/@w:val')
    if override:
        return override == ["1"]
    abstract_id = num.find(qn("w:abstractNumId")).get(qn("w:val"))
    return len(numbering.xpath(f'./w:num[w:abstractNumId/@w:val="{abstract_id}"]')) == 1


def footer_fields(document) -> list[str]:
    instructions = []
    for section in document.sections:
        footer = section.footer._element
        instructions += [" ".join((node.text or "").split()) for node in footer.iter(qn("w:instrText"))]
        instructions += [node.get(qn("w:instr")).strip() for node in footer.iter(qn("w:fldSimple"))]
    return instructions


def languages(document) -> set[str]:
    """The proofing language of the document's defaults and of its Normal style."""
    styles = document.styles.element
    found = {node.get(qn("w:val")) for node in styles.xpath("./w:docDefaults/w:rPrDefault/w:rPr/w:lang")}
    found |= {node.get(qn("w:val")) for node in document.styles["Normal"].element.xpath("./w:rPr/w:lang")}
    return found


def style_fonts(document) -> dict[str, str]:
    fonts = document.styles["Normal"].element.xpath("./w:rPr/w:rFonts")
    return {key: fonts[0].get(qn(f"w:{key}")) for key in ("ascii", "hAnsi", "eastAsia", "cs")} if fonts else {}


def assert_made_by_the_school(document, *, school: str, title: str, language: str) -> None:
    properties = document.core_properties
    assert properties.author == school and properties.last_modified_by == school
    assert properties.title == title
    assert properties.language == language
    now = datetime.datetime.now(datetime.UTC)
    for moment in (properties.created, properties.modified):
        moment = moment if moment.tzinfo else moment.replace(tzinfo=datetime.UTC)
        assert abs(now - moment) < datetime.timedelta(minutes=5), moment
    assert "python-docx" not in f"{properties.comments} {properties.author} {properties.last_modified_by}"


def assert_paged(document) -> None:
    assert any(instruction.startswith("PAGE") for instruction in footer_fields(document)), footer_fields(document)


# --- Agreements -------------------------------------------------------------------------------------

LISTS = {
    "id": {
        "purpose": "1. Meningkatkan derajat kesehatan peserta didik.\n2. Membiasakan perilaku hidup bersih dan sehat.",
        "scope": "1) Pemeriksaan kesehatan:\na) penjaringan kesehatan kelas 7;\nb) pemeriksaan berkala.\n"
        "2) Penyuluhan kesehatan dan gizi.",
    },
    "en": {
        "purpose": "1. To raise the health of the students.\n2. To build clean and healthy habits.",
        "scope": "1. Health checks:\na. screening of grade 7;\nb. regular checks.\n2. Health and nutrition education.",
    },
}
# How Word draws the scope's two levels: as they were typed.
SCOPE_FORMATS = {
    "id": {0: ("decimal", "%1)"), 1: ("lowerLetter", "%2)")},
    "en": {0: ("decimal", "%1."), 1: ("lowerLetter", "%2.")},
}


@pytest.mark.parametrize(
    "language,template,article,lang_code",
    [("id", "Nota Kesepahaman", "Pasal", "id-ID"), ("en", "Memorandum of Understanding", "Article", "en-US")],
)
def test_an_agreement_has_headings_lists_page_numbers_its_language_and_no_empty_paragraphs(
    world, language, template, article, lang_code
):
    mou = filled_mou(world, language=language, template=template, number_suffix=f"-{language}")
    agreements.agreement_update(agreement=mou, user=world.users["principal"], data=LISTS[language])
    out = _open(agreement_document.as_docx(mou))

    # The title block is the one Heading 1; each article is a Heading 2 that names it (navigation pane).
    assert [h.split()[:2] for h in headings(out, 1)] == [
        ["NOTA", "KESEPAHAMAN"] if language == "id" else ["MEMORANDUM", "OF"]
    ]
    articles = headings(out, 2)
    assert [h.split()[:2] for h in articles] == [[article, str(n)] for n in range(1, mou.articles.count() + 1)]
    assert articles[0].endswith("Maksud dan Tujuan" if language == "id" else "Purpose")
    assert all(p.style.name in ("Normal", "Heading 1", "Heading 2") for p in out.paragraphs)

    # The parties and the typed "1." / "a)" paragraphs are lists Word numbers itself.
    items = list_items(out)
    by_text = {text: (num, level) for text, num, level in items}
    parties = [
        (num, level) for text, num, level in items if text.startswith("H. Ahmad Fauzi") or text.startswith("dr. Ratna")
    ]
    assert len(parties) == 2 and parties[0][0] == parties[1][0] and {level for _n, level in parties} == {0}
    purpose = by_text[LISTS[language]["purpose"].split("\n")[0][3:]]
    scope_lines = LISTS[language]["scope"].split("\n")
    checks, screening, education = (by_text[scope_lines[i][3:]] for i in (0, 1, 3))
    assert checks[1] == 0 and screening[1] == 1 and education[1] == 0  # the letters nest under their number
    assert checks[0] == screening[0] == education[0]
    assert len({parties[0][0], purpose[0], checks[0]}) == 3  # each list numbered on its own ...
    for num in (parties[0][0], purpose[0], checks[0]):
        assert starts_at_one(out, num)  # ... from 1
    assert level_formats(out, parties[0][0])[0] == ("decimal", "%1.")
    assert level_formats(out, purpose[0])[0] == ("decimal", "%1.")
    assert level_formats(out, checks[0]) == SCOPE_FORMATS[language]
    texts = [p.text for p in out.paragraphs]
    assert not any(text.startswith(("1. ", "2. ", "1) ", "a) ", "a. ")) for text in texts), texts

    assert_paged(out)
    assert languages(out) == {lang_code}
    assert style_fonts(out) == dict.fromkeys(("ascii", "hAnsi", "eastAsia", "cs"), "Times New Roman")
    assert_made_by_the_school(out, school="SMP A", title=mou.title, language=lang_code)
    assert empty_paragraphs(out) == []


@pytest.mark.parametrize(
    "line,marker",
    [
        ("1. Meningkatkan mutu.", ("1.", 1, "Meningkatkan mutu.")),
        ("12) Penutup", ("1)", 12, "Penutup")),
        ("(2) PIHAK PERTAMA berhak: …", ("(1)", 2, "PIHAK PERTAMA berhak: …")),
        ("c. imunisasi;", ("a.", 3, "imunisasi;")),
        ("b) rujukan", ("a)", 2, "rujukan")),
        ("(a) pertama", ("(a)", 1, "pertama")),
        ("1.5 juta rupiah per tahun.", None),
        ("A. Rahman hadir.", None),
        ("(1. tidak", None),
        ("Ruang lingkup kerja sama ini meliputi:", None),
    ],
)
def test_a_typed_list_marker_is_read_with_its_style_and_value(line, marker):
    assert lists.typed_marker(line) == marker


def test_a_lettered_list_without_numbers_is_lettered_from_a_in_each_article(world):
    mou = filled_mou(world)
    scope = "a. pemeriksaan kesehatan;\nb. penyuluhan gizi."
    agreements.agreement_update(agreement=mou, user=world.users["principal"], data={"purpose": scope, "scope": scope})
    out = _open(agreement_document.as_docx(mou))
    lettered = [(num, level) for text, num, level in list_items(out) if text.startswith(("pemeriksaan", "penyuluhan"))]
    assert len(lettered) == 4 and {level for _n, level in lettered} == {0}
    first, second = lettered[0][0], lettered[2][0]
    assert first != second and starts_at_one(out, first) and starts_at_one(out, second)
    assert level_formats(out, first)[0] == ("lowerLetter", "%1.")


# --- Letters ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("language,lang_code", [("id", "id-ID"), ("en", "en-US")])
def test_an_addressed_letter_lists_its_copies_pages_and_speaks_its_language(world, language, lang_code):
    letter = draft_letter(
        world, language=language, enclosures="1 (satu) berkas", copies_to="Ketua Yayasan\nPengawas Sekolah"
    )
    letter = letters.letter_issue(letter=letter, user=None)
    out = _open(letter_document.as_docx(letter))

    copies = [(num, level) for text, num, level in list_items(out) if text in ("Ketua Yayasan", "Pengawas Sekolah")]
    assert len(copies) == 2 and copies[0][0] == copies[1][0] and starts_at_one(out, copies[0][0])
    assert level_formats(out, copies[0][0])[0] == ("decimal", "%1.")
    assert not any(p.text.startswith("1. ") for p in out.paragraphs)
    assert_paged(out)
    assert languages(out) == {lang_code}
    assert_made_by_the_school(out, school="SMP A", title=letter.subject, language=lang_code)
    assert empty_paragraphs(out) == []


def test_a_titled_letter_is_headed_by_a_heading_and_has_no_empty_paragraphs(world):
    letter = draft_letter(world, type_name="Surat tugas")
    out = _open(letter_document.as_docx(letter))
    assert headings(out, 1) == ["SURAT TUGAS"]
    assert_paged(out)
    assert languages(out) == {"id-ID"}
    assert_made_by_the_school(out, school="SMP A", title=letter.subject, language="id-ID")
    assert empty_paragraphs(out) == []


# --- Reports ----------------------------------------------------------------------------------------


def _report(world, kind, language="id") -> bytes:
    scope = Scope(
        access=access_for(world.users["principal"], world.a.pk), kind=kind, year=world.year, language=language
    )
    return generate.make(scope, "docx").data


def toc_fields(document) -> list[str]:
    return [
        " ".join((node.text or "").split())
        for node in document.element.body.iter(qn("w:instrText"))
        if (node.text or "").strip().startswith("TOC")
    ]


def updates_fields_on_open(document) -> bool:
    return bool(document.settings.element.xpath('./w:updateFields[@w:val="true" or @w:val="1" or not(@w:val)]'))


@pytest.mark.parametrize(
    "language,stages,lang_code,made,contents",
    [
        (
            "id",
            ["Ringkasan", "A. Perencanaan", "B. Pelaksanaan", "C. Evaluasi"],
            "id-ID",
            "Dibuat dengan Mitra",
            "Daftar Isi",
        ),
        (
            "en",
            ["Summary", "A. Planning", "B. Implementation", "C. Evaluation"],
            "en-US",
            "Made with Mitra",
            "Contents",
        ),
    ],
)
def test_the_annual_report_has_heading_styles_a_table_of_contents_and_no_spacer_paragraphs(
    run_world, language, stages, lang_code, made, contents
):
    out = _open(_report(run_world, Kind.ANNUAL, language))

    sections = headings(out, 1)
    assert sections[: len(stages)] == stages, sections
    # The contents on a page of their own, then the sections one after the other, no page of their
    # own each (as the PDF: no half-empty pages).
    breaks = [p.paragraph_format.page_break_before for p in out.paragraphs if p.style.name == "Heading 1"]
    assert breaks[0] and not any(breaks[1:]), breaks
    assert any(h.startswith("A.1 ") for h in headings(out, 2)) and any(h.startswith("C.") for h in headings(out, 2))
    assert toc_fields(out) == ['TOC \\o "1-2" \\h \\z \\u']
    assert updates_fields_on_open(out)
    # Its title and what it says until Word fills it in are in the report's language.
    toc = next(i for i, p in enumerate(out.paragraphs) if p._p.xpath(".//w:instrText"))
    assert out.paragraphs[toc - 1].text == contents
    assert out.paragraphs[toc].text.startswith("Klik kanan" if language == "id" else "Right-click")
    assert_paged(out)
    footer = " ".join(p.text for section in out.sections for p in section.footer.paragraphs)
    assert made in footer  # the report's own footer text stays beside the page number
    assert languages(out) == {lang_code}
    assert style_fonts(out) == dict.fromkeys(("ascii", "hAnsi", "eastAsia", "cs"), "Arial")
    title = "Laporan Kemitraan Tahunan" if language == "id" else "Annual partnership report"
    assert_made_by_the_school(out, school="SMP A", title=title, language=lang_code)
    assert empty_paragraphs(out) == []


def test_only_the_annual_report_has_a_table_of_contents(world):
    out = _open(_report(world, Kind.ACCOUNTABILITY))
    assert toc_fields(out) == [] and not updates_fields_on_open(out)
    assert headings(out, 1)[0] == "Ringkasan"
    assert empty_paragraphs(out) == []


def test_the_signatures_are_kept_with_the_last_words_of_an_agreement_and_a_letter(world):
    """Word's "keep with next" on the last paragraph, the date line and each signature's lines above
    the name: Word moves them to the page of the signatures rather than leave those alone."""
    out = _open(agreement_document.as_docx(filled_mou(world)))
    body = list(out.element.body.iterchildren())
    table = next(i for i, child in enumerate(body) if child.tag.endswith("}tbl") and "PIHAK PERTAMA" in _text(child))
    date_line, last_words = body[table - 1], body[table - 2]
    assert "Pekalongan, 12 Maret 2024" in _text(date_line)
    for paragraph in (date_line, last_words):
        assert paragraph.pPr is not None and paragraph.pPr.keepNext_val, _text(paragraph)
    for cell in body[table].iter(qn("w:tc")):
        lines = [p for p in cell.iter(qn("w:p")) if _text(p)]
        assert all(p.pPr.keepNext_val for p in lines[:-1]), [_text(p) for p in lines]

    letter = _open(letter_document.as_docx(draft_letter(world)))
    paragraphs = letter.paragraphs
    signer = next(i for i, p in enumerate(paragraphs) if p.text == world.users["principal"].get_full_name())
    position = next(i for i in range(signer, -1, -1) if paragraphs[i].text == "Kepala Sekolah")
    assert paragraphs[position - 1].paragraph_format.keep_with_next  # the letter's last paragraph
    assert all(p.paragraph_format.keep_with_next for p in paragraphs[position:signer])


@pytest.mark.parametrize("name", ["SMP A", "MADRASAH TSANAWIYAH NEGERI 1 KOTA PEKALONGAN JAWA TENGAH"])
def test_the_school_name_stands_on_one_line_of_the_word_letterhead(world, name):
    world.a.name = name
    world.a.save()
    out = _open(letter_document.as_docx(draft_letter(world)))
    cell = out.tables[0].rows[0].cells[-1]
    run = next(r for p in cell.paragraphs for r in p.runs if r.text == name.upper())
    room = cell.width / 12700 - 2 * word.CELL_MARGIN_PT
    wide = word._measure("Times New Roman", True).getlength(name.upper()) / 1000 * run.font.size.pt
    assert wide <= room
    assert run.font.size.pt == 16 or wide > room * 0.95  # as large as fits, never smaller than needed
