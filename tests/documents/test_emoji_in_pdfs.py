"""Emoji in what people type (an activity called "Rapat 👍 selesai ✅", a letter's text) print as
emoji in the PDFs, drawn with the vendored Noto Emoji, never as empty boxes: the glyphs come from the
emoji font (it is embedded) and read back as the characters typed."""

import io
import re

import pypdf

from mitra.activities.models import Activity
from mitra.letters import document as letter_document
from mitra.reports import generate
from mitra.reports.scope import Kind, Scope
from mitra.schools.access import access_for
from tests.conftest import draft_letter
from tests.documents.reading import pdf_text, squeeze

TITLE = "Rapat 👍 selesai ✅"


def font_names(data: bytes) -> set[str]:
    names = set()
    for page in pypdf.PdfReader(io.BytesIO(data)).pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(re.sub(r"^[A-Z]{6}\+", "", str(font.get_object()["/BaseFont"]).lstrip("/")))
    return names


def test_an_activity_with_emoji_prints_them_in_the_annual_report(run_world):
    world = run_world
    Activity.objects.for_school(world.a).filter(pk=world.done_activity.pk).update(
        title=TITLE, notes="Semua hadir 🙏🏽 dan puas 😊"
    )
    scope = Scope(access=access_for(world.users["principal"], world.a.pk), kind=Kind.ANNUAL, year=world.year)
    data = generate.make(scope, "pdf").data
    assert "NotoEmoji-Regular" in font_names(data)
    text = squeeze(pdf_text(data))
    assert TITLE in text and "puas 😊" in text


def test_a_letter_with_emoji_prints_them_and_one_without_loads_no_emoji_font(letter_world):
    world = letter_world
    letter = draft_letter(world, body="Dengan hormat, rapat koordinasi UKS 👍 selesai ✅ 🇮🇩.")
    data = letter_document.as_pdf(letter)
    assert "NotoEmoji-Regular" in font_names(data)
    assert "UKS 👍 selesai ✅" in squeeze(pdf_text(data))
    plain = letter_document.as_pdf(draft_letter(world, body="Dengan hormat, rapat koordinasi UKS selesai."))
    assert not any("Emoji" in name for name in font_names(plain))
