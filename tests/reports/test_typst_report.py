"""The annual report typeset by Typst, read back from the PDF: what the database holds, Arabic words
in their own script, a text holding Typst markup printed as it was typed, page numbers, only the fonts
Mitra ships."""

import io
import re

import pypdf
import pytest

from mitra.partners.models import Partner
from mitra.planning.models import Value
from mitra.reports import generate
from mitra.reports.scope import Kind, Scope
from mitra.schools.services import current_year
from tests.documents.reading import pdf_text, squeeze
from tests.reports.test_annual_report import WORDS, expected_figures

MARKUP = "#set page(width: 1cm) *bold* $x$ <script> _a_ @b [c] `d` \\e = - + / ~"


def _annual(access, school, language) -> bytes:
    scope = Scope(access=access, kind=Kind.ANNUAL, year=current_year(school), language=language)
    return generate.make(scope, "pdf").data


@pytest.mark.parametrize("language", ["id", "en"])
def test_it_typesets_the_annual_report_with_what_the_database_holds(demo, language):
    school, access = demo
    year = current_year(school)
    value = Value.objects.for_school(school).get(name="ta'awun")
    value.name = "ta'awun تعاون"
    value.save()
    partner = Partner.objects.for_school(school).get(name="UPT Puskesmas Kergon")  # in many tables
    partner.name = MARKUP
    partner.save()

    data = _annual(access, school, language)
    reader = pypdf.PdfReader(io.BytesIO(data))
    text = squeeze(pdf_text(data))
    words, found = WORDS[language], expected_figures(school, year)

    assert reader.pages[0].mediabox.width == pytest.approx(595.28, abs=0.5)  # A4
    assert words["title"] in text and school.name.upper() in text and year.name in text
    places = [text.find(stage) for stage in words["stages"]]
    assert -1 not in places and places == sorted(places), places
    assert f"{found['done']} {words['done']}" in text
    assert f"{found['participants']} {words['participants']}" in text
    for title in found["goals"]:
        assert squeeze(title) in text
    where = {"id": "Lokasi mitra", "en": "Where the partners are"}[language]
    partners = Partner.objects.for_school(school).filter(archived_at__isnull=True)
    total = f"Total {partners.count()} {partners.filter(status='active').count()}"
    assert total in text[text.find(where) :][:300], total
    # Arabic in its own script (drawn with the shipped Amiri), beside its Latin name.
    assert "ta'awun تعاون" in text
    # The partner's name is printed as typed: its markup is neither obeyed nor dropped, and its
    # quotes are not turned into typographic ones (nor is the apostrophe of ta'awun).
    assert MARKUP in text
    assert all(page.mediabox.width == reader.pages[0].mediabox.width for page in reader.pages)
    # Page numbers "n / N" in the footer from the second page on (the cover has none).
    pages = len(reader.pages)
    for n, page in enumerate(reader.pages[1:], start=2):
        assert f"{n} / {pages}" in page.extract_text(), n
    assert not re.search(rf"\b1 / {pages}\b", reader.pages[0].extract_text())


def test_it_embeds_only_the_fonts_mitra_ships(demo):
    school, access = demo
    value = Value.objects.for_school(school).get(name="ta'awun")
    value.name = "ta'awun تعاون 👍"
    value.save()
    reader = pypdf.PdfReader(io.BytesIO(_annual(access, school, "id")))
    fonts = set()
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            fonts.add(re.sub(r"^[A-Z]{6}\+", "", str(font.get_object()["/BaseFont"]).lstrip("/")))
    shipped = ("LiberationSans", "LiberationSerif", "Amiri", "NotoEmoji", "DejaVuSansMono")
    assert fonts and all(name.startswith(shipped) for name in fonts), fonts
    assert any(name.startswith("Amiri") for name in fonts)
    assert any(name.startswith("NotoEmoji") for name in fonts)


def test_it_shows_the_logo_the_photos_and_the_charts(demo):
    from mitra.activities.models import Evidence

    school, access = demo
    data = _annual(access, school, "id")
    reader = pypdf.PdfReader(io.BytesIO(data))
    images = sum(len(page.images) for page in reader.pages)
    photos = Evidence.objects.for_school(school).filter(kind="photo", activity__status="done").count()
    assert images >= min(photos, 2) + 1  # the logo and the photos (charts are vector drawings)
    text = squeeze(pdf_text(data))
    assert "Mitra per jenis" in text and "Pondok pesantren" in text  # a chart's title, and its labels as text


def lowest_text(page) -> float:
    """How far up from the bottom edge (in points) the lowest line of the page's body stands; the
    footer (under 25 mm) is not body."""
    found = []

    def visit(text, cm, tm, font, size):
        y = (tm[5] * cm[3] + cm[5]) if cm else tm[5]
        if text.strip() and y > 25 * 72 / 25.4:
            found.append(y)

    page.extract_text(visitor_text=visit)
    return min(found) if found else page.mediabox.height


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_annual_report_has_a_table_of_contents_and_no_half_empty_pages(demo, language):
    school, access = demo
    reader = pypdf.PdfReader(io.BytesIO(_annual(access, school, language)))
    contents = squeeze(reader.pages[1].extract_text())
    title, first = {"id": ("Daftar Isi", "A. Perencanaan"), "en": ("Contents", "A. Planning")}[language]
    assert contents.startswith(title)
    # Each section with the page it starts on, and that page does start it.
    found = re.search(rf"{re.escape(first)} [. ]+ (\d+)", contents)
    assert found, contents[:300]
    assert first in reader.pages[int(found.group(1)) - 1].extract_text()
    # Between the contents and the last page, a page ends in its lower half: a section starts where
    # the one before ended, not on a page of its own after half a page of white.
    height = float(reader.pages[0].mediabox.height)
    for number, page in enumerate(reader.pages[2:-1], start=3):
        assert lowest_text(page) < height / 2, number
