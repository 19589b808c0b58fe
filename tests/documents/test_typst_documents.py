"""Agreements, letters and sign-in sheets typeset by Typst, read back page by page: what the user typed
is printed as typed (never obeyed as markup), typed list markers stay with their text, and the
signatures never stand alone on a page — whatever the length of the text above them."""

import io

import pypdf
import pytest

from mitra.agreements import document as agreement_document
from mitra.agreements import services as agreements
from mitra.letters import document as letter_document
from tests.conftest import draft_letter
from tests.documents.reading import pdf_text, squeeze

MARKUP = "#set page(width: 1cm) *tebal* $x$ _miring_ @label [kurung] `kode` \\e = - + / ~ <b>"
FILLER = (
    "PARA PIHAK melaksanakan kegiatan pembinaan kesehatan peserta didik secara berkala sesuai jadwal yang "
    "disepakati bersama, dengan memperhatikan kalender pendidikan dan ketersediaan tenaga kesehatan."
)


def pages(data: bytes) -> list[str]:
    return [squeeze(page.extract_text()) for page in pypdf.PdfReader(io.BytesIO(data)).pages]


def test_markup_in_an_agreement_and_a_letter_is_printed_as_typed(agreement_world):
    world, mou = agreement_world, agreement_world.agreement
    mou.title = MARKUP
    mou.save()
    last = mou.articles.order_by("number").last()
    agreements.article_save(agreement=mou, user=world.users["principal"], article=last, title=MARKUP, body=MARKUP)
    text = squeeze(pdf_text(agreement_document.as_pdf(mou)))
    assert MARKUP.upper() in text  # the title lines are in capitals
    assert text.count(MARKUP) >= 2  # the article's title and its text
    letter = draft_letter(world, subject=MARKUP, body=f"Dengan hormat,\n\n{MARKUP}")
    # Justified lines are read back with spaces of their own: compared without spaces.
    text, markup = "".join(pdf_text(letter_document.as_pdf(letter)).split()), "".join(MARKUP.split())
    assert f"Hal:{markup}" in text and text.count(markup) == 2


def test_typed_list_markers_stay_with_their_text(agreement_world):
    world, mou = agreement_world, agreement_world.agreement
    last = mou.articles.order_by("number").last()
    body = "PARA PIHAK sepakat:\n1. satu hal;\na. rincian pertama;\nb) rincian kedua;\n(2) hal kedua."
    agreements.article_save(agreement=mou, user=world.users["principal"], article=last, title=last.title, body=body)
    text = squeeze(pdf_text(agreement_document.as_pdf(mou)))
    for line in ("PARA PIHAK sepakat:", "1. satu hal;", "a. rincian pertama;", "b) rincian kedua;", "(2) hal kedua."):
        assert line in text, line


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_signatures_of_an_agreement_never_stand_alone_on_its_last_page(agreement_world, language):
    """The text grows a paragraph at a time across a page break: on every length, the page that
    holds the signatures also holds the last words of the last article above them."""
    world, mou = agreement_world, agreement_world.agreement
    mou.language = language
    mou.save()
    articles = list(mou.articles.order_by("number"))
    closing = articles[-1]
    last_words = " ".join(closing.body.split()[-4:])
    seen_pages = set()
    for extra in range(0, 16):
        agreements.article_save(
            agreement=mou,
            user=world.users["principal"],
            article=articles[-2],
            title=articles[-2].title,
            body="\n".join([articles[-2].body] + [FILLER] * extra),
        )
        found = pages(agreement_document.as_pdf(mou))
        seen_pages.add(len(found))
        # The partner's signatory is named in the opening too; the signatures are the last mention.
        signed = max(n for n, page in enumerate(found) if "dr. Ratna Sari" in page)
        assert last_words in found[signed], (extra, found[signed][:200])
    assert len(seen_pages) >= 2  # the text did cross a page break


def test_a_letter_signature_comes_with_the_last_paragraph(letter_world):
    world = letter_world
    for extra in range(0, 30, 2):
        letter = draft_letter(
            world, body="\n\n".join(["Dengan hormat,"] + [FILLER] * extra + ["Demikian, terima kasih."])
        )
        found = pages(letter_document.as_pdf(letter))
        signed = [n for n, page in enumerate(found) if letter.signatory_position in page and "Demikian" in page]
        assert signed, (extra, len(found))


def _drawn_outside(data: bytes) -> list[str]:
    """Text drawn below the bottom edge or above the top of its page (which no printer prints)."""
    outside = []
    for page in pypdf.PdfReader(io.BytesIO(data)).pages:
        height = float(page.mediabox.height)

        def visit(text, cm, tm, font, size, height=height):
            y = tm[5] * cm[3] + cm[5]
            if text.strip() and not 0 <= y <= height:
                outside.append(text)

        page.extract_text(visitor_text=visit)
    return outside


def test_a_letter_typed_line_by_line_breaks_across_pages_and_loses_nothing(letter_world):
    """A text typed with one Enter per line is one block: it breaks across pages, its end and the
    signature together, and nothing is drawn off the page."""
    world = letter_world
    body = "\n".join(f"Baris ke-{n} dari surat yang diketik baris demi baris." for n in range(1, 61))
    data = letter_document.as_pdf(draft_letter(world, body=body))
    assert _drawn_outside(data) == []
    found = pages(data)
    assert len(found) >= 2 and "Baris ke-1 " in found[0]
    signed = max(n for n, page in enumerate(found) if "Kepala Sekolah" in page)
    assert "Baris ke-60" in found[signed]


def test_an_agreement_whose_last_article_is_one_long_paragraph_loses_nothing(agreement_world):
    world, mou = agreement_world, agreement_world.agreement
    last = mou.articles.order_by("number").last()
    body = " ".join([FILLER] * 40) + " Demikian akhir kesepakatan ini."
    agreements.article_save(agreement=mou, user=world.users["principal"], article=last, title=last.title, body=body)
    data = agreement_document.as_pdf(mou)
    assert _drawn_outside(data) == []
    found = pages(data)
    signed = max(n for n, page in enumerate(found) if "dr. Ratna Sari" in page)
    assert "akhir kesepakatan ini." in found[signed]
