"""Building blocks for Word documents (python-docx), made as a person would make them in Word: the
page; the document's font, size and proofing language set on its styles; headings in Word's own
Heading styles (the navigation pane and a table of contents find them); numbered and lettered lists
that Word numbers itself; page numbers in the footer; the school as the author; spacing by paragraph
formatting, never by empty paragraphs (but the one Word keeps between two tables). Then the kop surat
(each line sized to stand on one line), centred title lines, justified text, "label : value" rows and
signatures. No macros, only the PAGE, NUMPAGES and TOC fields, so a school
can open and finish the file in any version of Word or LibreOffice."""

import datetime
import functools
import io
import math

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from mitra.documents import LIBERATION, lists
from mitra.documents.letterhead import Letterhead

FONT = "Times New Roman"
BLACK = RGBColor(0, 0, 0)
# The proofing language of a document in each of Mitra's document languages.
LANGUAGES = {"id": "id-ID", "en": "en-US"}
LINE_SPACING = 1.15
# A line of the body text is about this many times its size tall (the font's own line gap times
# LINE_SPACING): "a line of space" in a signature block.
LINE_HEIGHT = 1.15 * LINE_SPACING


def new_document(
    *,
    title: str,
    author: str,
    language: str,
    font: str = FONT,
    size: float = 12,
    left_mm: float = 30,
    right_mm: float = 20,
):
    """An empty A4 document in `font` and `size`, proofed in `language` ("id" or "en"), whose
    properties name `author` (the school) and `title`. Headings 1–3 look as the agreement's and the
    letter's title lines do (centred, bold, black); a report restyles them with `heading_style`."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(left_mm), Mm(right_mm)
    _document_font(document, font, size, LANGUAGES[language])
    heading_style(document, 1, size=size, centred=True)
    heading_style(document, 2, size=size, centred=True, before=6, after=6)
    heading_style(document, 3, size=size, before=6, after=3)
    _settings(document, LANGUAGES[language])
    _properties(document, title=title, author=author, language=LANGUAGES[language])
    return document


def _set_fonts(rpr, font: str) -> None:
    """The font for every script (Latin, East Asian, complex), with no theme font over it."""
    fonts = rpr.get_or_add_rFonts()
    for key in list(fonts.attrib):
        fonts.attrib.pop(key)
    for key in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{key}"), font)


def _set_language(rpr, language: str) -> None:
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        # w:lang's place in w:rPr: before these, after everything else.
        later = [rpr.find(qn(tag)) for tag in ("w:eastAsianLayout", "w:specVanish", "w:oMath")]
        later = [element for element in later if element is not None]
        if later:
            later[0].addprevious(lang)
        else:
            rpr.append(lang)
    lang.set(qn("w:val"), language)


def _set_size(rpr, size: float) -> None:
    """`size` points for every script (w:szCs is the size of Arabic and other complex scripts)."""
    half_points = str(round(size * 2))
    for tag in ("w:sz", "w:szCs"):
        element = rpr.find(qn(tag))
        if element is None:
            element = OxmlElement(tag)
            # Their place in w:rPr: after these.
            earlier = [rpr.find(qn(t)) for t in ("w:sz", "w:position", "w:kern", "w:w", "w:spacing", "w:color")]
            earlier = [e for e in earlier if e is not None]
            later = [rpr.find(qn(t)) for t in ("w:highlight", "w:u", "w:effect", "w:shd", "w:vertAlign", "w:lang")]
            later = [e for e in later if e is not None]
            if earlier:
                earlier[0].addnext(element)
            elif later:
                later[0].addprevious(element)
            else:
                rpr.append(element)
        element.set(qn("w:val"), half_points)


def _document_font(document, font: str, size: float, language: str) -> None:
    styles = document.styles.element
    # Python-docx's template draws most styles in the theme's fonts (Calibri, Cambria), which win
    # over a named font: every style takes the document's font instead.
    for fonts in styles.iter(qn("w:rFonts")):
        if any("Theme" in key or "theme" in key for key in fonts.attrib):
            fonts.getparent().remove(fonts)
    defaults = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_fonts(defaults, font)
    _set_size(defaults, size)
    _set_language(defaults, language)
    normal = document.styles["Normal"]
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = LINE_SPACING
    rpr = normal.element.get_or_add_rPr()
    _set_fonts(rpr, font)
    _set_size(rpr, size)
    _set_language(rpr, language)
    # The template's footer tabs are for Letter paper: page_footer sets its own.
    document.styles["Footer"].paragraph_format.tab_stops.clear_all()


def heading_style(
    document,
    level: int,
    *,
    size: float,
    colour: RGBColor = BLACK,
    centred: bool = False,
    before: float = 0,
    after: float = 0,
    page_break: bool = False,
) -> None:
    """Word's "Heading `level`" in the document's font: bold, upright, `size` points, `colour`."""
    style = document.styles[f"Heading {level}"]
    style.font.bold, style.font.italic = True, False
    style.font.color.rgb = colour
    _set_size(style.element.get_or_add_rPr(), size)
    paragraph = style.paragraph_format
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if centred else WD_ALIGN_PARAGRAPH.LEFT
    paragraph.space_before, paragraph.space_after = Pt(before), Pt(after)
    paragraph.keep_with_next, paragraph.page_break_before = True, page_break or None


def title_style(document, *, size: float, colour: RGBColor = BLACK, before: float = 0, after: float = 0) -> None:
    """Word's "Title", as a report's cover prints its title: bold, centred, no rule under it."""
    style = document.styles["Title"]
    ppr, rpr = style.element.get_or_add_pPr(), style.element.get_or_add_rPr()
    for parent, tag in ((ppr, "w:pBdr"), (ppr, "w:contextualSpacing"), (rpr, "w:spacing"), (rpr, "w:kern")):
        for element in parent.findall(qn(tag)):
            parent.remove(element)
    style.font.bold, style.font.italic = True, False
    style.font.color.rgb = colour
    _set_size(rpr, size)
    paragraph = style.paragraph_format
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.space_before, paragraph.space_after = Pt(before), Pt(after)
    paragraph.line_spacing = LINE_SPACING


def _settings(document, language: str) -> None:
    settings = document.settings.element
    # The template says its (empty) text was already proofread: Word would not check ours.
    for element in settings.findall(qn("w:proofState")):
        settings.remove(element)
    for element in settings.findall(qn("w:themeFontLang")):
        element.set(qn("w:val"), language)
    # A justified line that ends in a line break typed in a paragraph (a letter's "1. ...; 2. ...")
    # keeps its words' own spacing instead of being stretched to the margin (Word's compatibility
    # option "Don't expand character spaces on a line ending with SHIFT+RETURN").
    compat = settings.find(qn("w:compat"))
    if compat is not None and compat.find(qn("w:doNotExpandShiftReturn")) is None:
        compat.insert(0, OxmlElement("w:doNotExpandShiftReturn"))


def _properties(document, *, title: str, author: str, language: str) -> None:
    properties = document.core_properties
    now = datetime.datetime.now(datetime.UTC).replace(microsecond=0, tzinfo=None)  # written as UTC ("Z")
    properties.title, properties.author, properties.last_modified_by = title, author, author
    properties.created = properties.modified = now
    properties.language, properties.revision = language, 1
    properties.comments = properties.keywords = properties.subject = properties.category = ""


def update_fields_on_open(document) -> None:
    """Word offers to update the document's fields (its table of contents) when it is opened."""
    settings = document.settings.element
    if settings.find(qn("w:updateFields")) is not None:
        return
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    # Its place in w:settings: just before these.
    later = [settings.find(qn(tag)) for tag in ("w:hdrShapeDefaults", "w:footnotePr", "w:endnotePr", "w:compat")]
    later = [element for element in later if element is not None]
    if later:
        later[0].addprevious(update)
    else:
        settings.append(update)


# --- Fields, the footer, the table of contents ------------------------------------------------------------


def _field_char(run, kind: str, dirty: bool = False) -> None:
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    if dirty:
        char.set(qn("w:dirty"), "true")
    run._r.append(char)


def field(paragraph, instruction: str, shown: str, *, dirty: bool = False) -> None:
    """A Word field in `paragraph` showing `shown` until Word updates it."""
    _field_char(paragraph.add_run(), "begin", dirty)
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    paragraph.add_run()._r.append(code)
    _field_char(paragraph.add_run(), "separate")
    paragraph.add_run(shown)
    _field_char(paragraph.add_run(), "end")


def page_footer(
    document, text: str = "", *, size: float = 9, colour: RGBColor | None = None, cover: bool = False
) -> None:
    """The footer of every page (Word's "Footer" style, in `size` and `colour`): `text` on the left,
    "page / pages" on the right. With `cover`, the first page (a report's cover) shows no footer, as
    the PDF shows none there."""
    style = document.styles["Footer"]
    _set_size(style.element.get_or_add_rPr(), size)
    if colour is not None:
        style.font.color.rgb = colour
    section = document.sections[0]
    paragraph = section.footer.paragraphs[0]
    if text:
        paragraph.add_run(text)
        paragraph.paragraph_format.tab_stops.add_tab_stop(text_width(document), WD_TAB_ALIGNMENT.RIGHT)
        paragraph.add_run("\t")
    else:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    field(paragraph, "PAGE", "1")
    paragraph.add_run(" / ")
    field(paragraph, "NUMPAGES", "1")
    if cover:
        section.different_first_page_header_footer = True
        section.first_page_footer.is_linked_to_previous = False


def table_of_contents(document, heading: str, instruction: str) -> None:
    """The table of contents of headings 1–2 on a page of its own, under `heading` (Word's "TOC
    Heading", which is not itself listed). Word fills it in when the document is opened (it asks
    first); until then it says `instruction`."""
    title = document.add_paragraph(heading, style="TOC Heading")
    title.paragraph_format.page_break_before = True
    field(document.add_paragraph(), 'TOC \\o "1-2" \\h \\z \\u', instruction, dirty=True)
    update_fields_on_open(document)


# --- Lists ------------------------------------------------------------------------------------------

# How a list level is typed, and how Word draws it: its number format and its text ("%1" the number).
LIST_STYLES = {
    "1.": ("decimal", "%{}."),
    "1)": ("decimal", "%{})"),
    "(1)": ("decimal", "(%{})"),
    "a.": ("lowerLetter", "%{}."),
    "a)": ("lowerLetter", "%{})"),
    "(a)": ("lowerLetter", "(%{})"),
}
LIST_INDENT = 425  # twentieths of a point (0.75 cm): the number hangs, the text wraps under itself


def _abstract_list(document, styles: tuple[str, ...]) -> str:
    """The id of the list definition whose levels are drawn as `styles`, made the first time."""
    numbering = document.part.numbering_part.element
    name = "Mitra " + " ".join(styles)
    found = numbering.xpath(f'./w:abstractNum[w:name/@w:val="{name}"]/@w:abstractNumId')
    if found:
        return found[0]
    ids = [int(value) for value in numbering.xpath("./w:abstractNum/@w:abstractNumId")]
    abstract_id = str(max(ids, default=-1) + 1)
    abstract = OxmlElement("w:abstractNum")
    abstract.set(qn("w:abstractNumId"), abstract_id)
    for tag, value in (("w:multiLevelType", "multilevel" if len(styles) > 1 else "singleLevel"), ("w:name", name)):
        child = OxmlElement(tag)
        child.set(qn("w:val"), value)
        abstract.append(child)
    for level, style in enumerate(styles):
        number_format, text = LIST_STYLES[style]
        lvl = OxmlElement("w:lvl")
        lvl.set(qn("w:ilvl"), str(level))
        for tag, value in (
            ("w:start", "1"),
            ("w:numFmt", number_format),
            ("w:lvlText", text.format(level + 1)),
            ("w:lvlJc", "left"),
        ):
            child = OxmlElement(tag)
            child.set(qn("w:val"), value)
            lvl.append(child)
        ppr, indent = OxmlElement("w:pPr"), OxmlElement("w:ind")
        indent.set(qn("w:left"), str(LIST_INDENT * (level + 1)))
        indent.set(qn("w:hanging"), str(LIST_INDENT))
        ppr.append(indent)
        lvl.append(ppr)
        abstract.append(lvl)
    # Every w:abstractNum stands before the first w:num.
    definitions = numbering.findall(qn("w:abstractNum"))
    if definitions:
        definitions[-1].addnext(abstract)
    else:
        numbering.insert(0, abstract)
    return abstract_id


def new_list(document, styles: tuple[str, ...] = ("1.",), *, start: int = 1) -> int:
    """A list of its own (its own w:num), counting from `start`, its levels drawn as `styles`
    ("1." for the first level, "a." for the one under it…)."""
    numbering = document.part.numbering_part.element
    num = numbering.add_num(_abstract_list(document, styles))
    # A list sharing its definition with another would go on counting where that one stopped.
    override = num.add_lvlOverride(ilvl=0)
    override.add_startOverride(start)
    return num.numId


def list_item(document, value: str, list_id: int, *, level: int = 0, after: float = 6, before: float = 0):
    paragraph = text(document, value, after=after, before=before)
    numbering = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    numbering.get_or_add_ilvl().val = level
    numbering.get_or_add_numId().val = list_id
    return paragraph


def typed_text(document, paragraphs: list[str], *, after: float = 6) -> None:
    """Paragraphs as typed, except that one starting with a list marker ("1.", "a)", "(1)"…) becomes
    an item of a list Word numbers, its marker dropped, at its level (documents.lists.items); the list
    counts from the first item here, and from 1 again when a first-level item is typed as 1 once more."""
    found = lists.items(paragraphs)
    styles = tuple(dict.fromkeys(item.style for item in found if item.style))[: lists.MAX_LEVELS]
    list_id, counted = None, False
    for item in found:
        if not item.marker:
            text(document, item.text, after=after)
            continue
        if list_id is None or (item.level == 0 and item.value == 1 and counted):
            list_id, counted = new_list(document, styles, start=item.value if item.level == 0 else 1), False
        counted = counted or item.level == 0
        list_item(document, item.text, list_id, level=item.level, after=after)


# --- Paragraphs -------------------------------------------------------------------------------------


def _tight(paragraph, after: float = 0, before: float = 0):
    paragraph.paragraph_format.space_after = Pt(after)
    paragraph.paragraph_format.space_before = Pt(before)
    return paragraph


def _with_lines(paragraph, values: list[str], *, bold: bool = False):
    """`values` as lines of one paragraph, a line break between them."""
    for i, value in enumerate(values):
        run = paragraph.add_run(value)
        if bold:
            run.bold = True
        if i < len(values) - 1:
            run.add_break()
    return paragraph


def heading(document, level: int, lines: list[str] | str, *, before: float | None = None, after: float | None = None):
    """A paragraph in Word's "Heading `level`"; several lines are one heading with line breaks."""
    paragraph = document.add_paragraph(style=f"Heading {level}")
    if before is not None:
        paragraph.paragraph_format.space_before = Pt(before)
    if after is not None:
        paragraph.paragraph_format.space_after = Pt(after)
    return _with_lines(paragraph, [lines] if isinstance(lines, str) else lines)


def _letterhead_rule(table) -> None:
    """The double rule under the kop surat: the bottom border of its table."""
    properties = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "thinThickSmallGap"), ("w:sz", "18"), ("w:space", "0"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    # w:tblBorders stands after these in w:tblPr.
    earlier = [properties.find(qn(tag)) for tag in ("w:tblInd", "w:jc", "w:tblW", "w:tblStyle")]
    earlier = [element for element in earlier if element is not None]
    if earlier:
        earlier[0].addnext(borders)
    else:
        properties.insert(0, borders)


def text_width(document):
    section = document.sections[-1]
    return section.page_width - section.left_margin - section.right_margin


def column_widths(table, widths) -> None:
    """The table's columns as wide as `widths`, in its grid (which LibreOffice lays out by) and in
    every cell (which Word does)."""
    for column, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths, strict=True):
        column.set(qn("w:w"), str(Emu(width).twips))
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width


# The fonts the Word files name, and the vendored fonts with the same widths (the PDF's), by which a
# line is measured here.
METRICS = {"Times New Roman": "LiberationSerif", "Arial": "LiberationSans"}
CELL_MARGIN_PT = 5.4  # Word's default left and right cell margin (0.19 cm)


@functools.cache
def _measure(font: str, bold: bool):
    from PIL import ImageFont

    face = METRICS.get(font, "LiberationSerif") + ("-Bold" if bold else "-Regular")
    return ImageFont.truetype(str(LIBERATION / f"{face}.ttf"), size=1000)


def fitted(value: str, font: str, room_pt: float, size: float, *, bold: bool = False, least: float = 0) -> float:
    """The largest size up to `size`, in half points as Word counts them, at which `value` in `font`
    fits `room_pt` points on one line; `size` itself when that would be under `least`."""
    wide = _measure(font, bold).getlength(value) / 1000 * size
    if wide <= room_pt:
        return size
    smaller = math.floor(size * room_pt / wide * 2) / 2
    return size if smaller < least else smaller


def letterhead(document, head: Letterhead) -> None:
    """The kop surat across the text width, the double rule under it. What follows it says how far
    below the rule it starts (space before, 12 pt as typed)."""
    width = text_width(document)
    table = document.add_table(rows=1, cols=2 if head.logo else 1)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    column_widths(table, [Mm(28), width - Mm(28)] if head.logo else [width])
    text_cell = table.rows[0].cells[-1]
    if head.logo:
        table.rows[0].cells[0].paragraphs[0].add_run().add_picture(io.BytesIO(head.logo), width=Mm(22))
    # Each line on one line, as the PDF sets it: in the largest size up to its own that fits the cell
    # (the name down to any size; the others not below a legible one, else they wrap).
    room = (width - (Mm(28) if head.logo else 0)) / 12700 - 2 * CELL_MARGIN_PT
    font = document.styles["Normal"].font.name
    lines = [(line, fitted(line, font, room, 12, least=9), False) for line in head.lines_above]
    lines.append((head.name.upper(), fitted(head.name.upper(), font, room, 16, bold=True), True))
    lines += [(line, fitted(line, font, room, 10, least=8), False) for line in (head.address, head.contacts) if line]
    for i, (value, size, bold) in enumerate(lines):
        paragraph = text_cell.paragraphs[0] if i == 0 else text_cell.add_paragraph()
        # The last line keeps a little space above the rule.
        _tight(paragraph, after=6 if i == len(lines) - 1 else 0).alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(value)
        run.font.size = Pt(size)
        if bold:
            run.bold = True
    _letterhead_rule(table)


def centred(
    document, value: str, *, bold: bool = False, after: float = 0, before: float = 0, size: float | None = None
):
    paragraph = _tight(document.add_paragraph(), after=after, before=before)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(value)
    if bold:
        run.bold = True
    if size:
        run.font.size = Pt(size)
    return paragraph


def text(document, value: str, *, after: float = 6, before: float = 0, indent_mm: float = 0):
    paragraph = _tight(document.add_paragraph(), after=after, before=before)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    if indent_mm:
        paragraph.paragraph_format.left_indent = Mm(indent_mm)
    paragraph.add_run(value)
    return paragraph


def right(document, value: str, *, after: float = 0, before: float = 0):
    paragraph = _tight(document.add_paragraph(), after=after, before=before)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    paragraph.add_run(value)
    return paragraph


def lines(document, values: list[str], *, after: float = 6, before: float = 0):
    """One paragraph of several lines (a line break between them), as typed in a letter."""
    paragraph = _tight(document.add_paragraph(), after=after, before=before)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    return _with_lines(paragraph, values)


def label_rows(document, rows: list[tuple[str, str]], *, indent_mm: float = 0) -> None:
    """ "Nomor : …" rows with the colons aligned, as a borderless table."""
    table = document.add_table(rows=len(rows), cols=3)
    label_width = max(25, min(45, 2.6 * max(len(label) for label, _value in rows)))
    if indent_mm:
        indent = OxmlElement("w:tblInd")
        indent.set(qn("w:w"), str(int(indent_mm * 56.7)))  # twentieths of a point
        indent.set(qn("w:type"), "dxa")
        # w:tblInd's place in w:tblPr: after these.
        earlier = [table._tbl.tblPr.find(qn(tag)) for tag in ("w:jc", "w:tblW", "w:tblStyle")]
        earlier = [element for element in earlier if element is not None]
        if earlier:
            earlier[0].addnext(indent)
        else:
            table._tbl.tblPr.insert(0, indent)
    column_widths(table, [Mm(label_width), Mm(5), text_width(document) - Mm(label_width + 5 + indent_mm)])
    for cells, (label, value) in zip(table.rows, rows, strict=True):
        for cell, content in zip(cells.cells, (label, ":", value), strict=True):
            _tight(cell.paragraphs[0]).add_run(content)


# --- Signatures -------------------------------------------------------------------------------------


def _line_height(document) -> float:
    return document.styles["Normal"].font.size.pt * LINE_HEIGHT


def _spaced(block: list[tuple[str, bool]]) -> list[tuple[str, bool, int]]:
    """A signature block's lines as (text, bold, lines of space above it): an empty text in the
    block is a line of space for the signature, made space above the next line."""
    found, space = [], 0
    for value, bold in block:
        if value:
            found.append((value, bold, space))
            space = 0
        else:
            space += 1
    return found


def _signature_lines(document, container, block, *, centre: bool, indent=None, before: float = 0) -> None:
    line, spaced = _line_height(document), _spaced(block)
    for i, (value, bold, space) in enumerate(spaced):
        # A table cell comes with its first paragraph; the document is added to.
        paragraph = container.paragraphs[0] if i == 0 and container is not document else container.add_paragraph()
        _tight(paragraph, before=space * line + (before if i == 0 else 0))
        # A signature is never parted from the lines above it by a page.
        paragraph.paragraph_format.keep_with_next = True if i < len(spaced) - 1 else None
        if centre:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if indent is not None:
            paragraph.paragraph_format.left_indent = indent
        run = paragraph.add_run(value)
        if bold:
            run.bold = True


def keep_with_next(document) -> None:
    """What was added last stays on the page of what comes after it (Word's "keep with next"): a
    document is signed under its last words, so its signatures never stand alone on a page. The last
    paragraph, or each paragraph of the last row of a table that ends the text."""
    body = document.element.body
    last = next(child for child in reversed(body) if child.tag in (qn("w:p"), qn("w:tbl")))
    rows = last.findall(qn("w:tr")) if last.tag == qn("w:tbl") else []
    for paragraph in rows[-1].iter(qn("w:p")) if rows else [last]:
        paragraph.get_or_add_pPr().keepNext_val = True


def signature_block(document, block: list[tuple[str, bool]], *, before: float = 0) -> None:
    """One signature on the right half of the page, as letters are signed; an empty line of the
    block is a line of space (for the signature), made as space above the line after it."""
    _signature_lines(document, document, block, centre=False, indent=text_width(document) // 2, before=before)


def signature_table(document, blocks: list[list[tuple[str, bool]]], *, columns: int = 2) -> None:
    """Blocks side by side, `columns` to a row of one table; each block is lines of (text, bold). An
    empty text leaves a line of space for the signature (as space above the next line)."""
    rows = [blocks[i : i + columns] for i in range(0, len(blocks), columns)]
    table = document.add_table(rows=len(rows), cols=columns)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for r, (row, row_blocks) in enumerate(zip(table.rows, rows, strict=True)):
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))  # a signature is never split by a page
        for cell, block in zip(row.cells, row_blocks, strict=False):
            # A row after the first stands a line below the one above it.
            _signature_lines(document, cell, block, centre=True, before=_line_height(document) if r else 0)


def _space_before(paragraph) -> int:
    """The space above a paragraph: its own, or its style's (or the style that one is based on)."""
    if paragraph.paragraph_format.space_before is not None:
        return paragraph.paragraph_format.space_before
    style = paragraph.style
    while style is not None:
        if style.paragraph_format.space_before is not None:
            return style.paragraph_format.space_before
        style = style.base_style
    return 0


def to_bytes(document, *, after_tables: float = 12) -> bytes:
    """The file. A paragraph right after a table stands `after_tables` points below it (in Word a
    table has no space after, so the paragraph has it before). Between two tables stands the one
    paragraph Word keeps there (splitting a table in Word leaves it): without it Word joins them."""
    body = document.element.body
    for table in list(body.iterchildren(qn("w:tbl"))):
        following = table.getnext()
        if following is not None and following.tag == qn("w:p"):
            paragraph = Paragraph(following, document._body)
            if _space_before(paragraph) < Pt(after_tables):
                paragraph.paragraph_format.space_before = Pt(after_tables)
        elif following is not None and following.tag == qn("w:tbl"):
            table.addnext(OxmlElement("w:p"))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
