"""Emoji in what people type (an activity called "Rapat 👍 selesai ✅", a letter's text) print as
emoji in the PDFs, drawn with the vendored Noto Emoji, never as WeasyPrint's empty .notdef boxes."""

import io
import logging
import re

import pypdf
import pytest

from mitra.activities.models import Activity
from mitra.letters import document as letter_document
from mitra.reports import generate
from mitra.reports.scope import Kind, Scope
from mitra.schools.access import access_for
from tests.conftest import draft_letter
from tests.documents.reading import pdf_text, squeeze

TITLE = "Rapat 👍 selesai ✅"


class Boxes(logging.Handler):
    """What WeasyPrint says when a character has no glyph in any font and an empty box is drawn."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.missing = []

    def emit(self, record):
        if ".notdef" in record.getMessage():
            self.missing.append(record.getMessage())


@pytest.fixture
def boxes():
    handler, logger = Boxes(), logging.getLogger("weasyprint")
    logger.addHandler(handler)
    yield handler
    logger.removeHandler(handler)


def font_names(data: bytes) -> set[str]:
    names = set()
    for page in pypdf.PdfReader(io.BytesIO(data)).pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(re.sub(r"^[A-Z]{6}\+", "", str(font.get_object()["/BaseFont"]).lstrip("/")))
    return names


def test_an_activity_with_emoji_prints_them_in_the_annual_report(run_world, boxes):
    world = run_world
    Activity.objects.for_school(world.a).filter(pk=world.done_activity.pk).update(
        title=TITLE, notes="Semua hadir 🙏🏽 dan puas 😊"
    )
    scope = Scope(access=access_for(world.users["principal"], world.a.pk), kind=Kind.ANNUAL, year=world.year)
    data = generate.make(scope, "pdf").data
    assert boxes.missing == []
    assert "Mitra-Emoji" in font_names(data)
    text = squeeze(pdf_text(data))
    assert TITLE in text and "puas 😊" in text


def test_a_letter_with_emoji_prints_them_and_one_without_loads_no_emoji_font(letter_world, boxes):
    world = letter_world
    letter = draft_letter(world, body="Dengan hormat, rapat koordinasi UKS 👍 selesai ✅ 🇮🇩.")
    data = letter_document.as_pdf(letter)
    assert boxes.missing == []
    assert "Mitra-Emoji" in font_names(data)
    assert "UKS 👍 selesai ✅" in squeeze(pdf_text(data))
    plain = letter_document.as_pdf(draft_letter(world, body="Dengan hormat, rapat koordinasi UKS selesai."))
    assert not any("Emoji" in name for name in font_names(plain))
