"""Generated agreements, read back: the Word paragraphs and the PDF's text hold what was agreed."""

import pytest
from django.core.exceptions import ValidationError

from mitra.agreements import document, services
from mitra.agreements.models import Article
from tests.documents.reading import docx_text, pdf_text, squeeze

from .conftest import filled_mou


@pytest.mark.parametrize("render,read", [(document.as_docx, docx_text), (document.as_pdf, pdf_text)])
def test_the_document_holds_parties_numbers_articles_and_dates(world, mou, render, read):
    text = squeeze(read(render(mou)))
    assert "NOTA KESEPAHAMAN" in text
    assert "SMP A" in text and "PUSKESMAS KERGON" in text
    assert "Nomor: 421/045/SMP.A/VII/2024" in text and "Nomor: 440/112/PKM-K/2024" in text
    assert "hari Selasa tanggal dua belas bulan Maret tahun dua ribu dua puluh empat" in text
    assert "Pekalongan, 12 Maret 2024" in text
    assert "Pasal 1" in text and "Maksud dan Tujuan" in text and "Pasal 5" in text
    # Placeholders filled: the term article speaks of the real dates and their length.
    assert (
        "berlaku selama 2 (dua) tahun, terhitung sejak tanggal 1 Juli 2024 sampai dengan tanggal 30 Juni 2026" in text
    )
    assert "musyawarah untuk mufakat" in text
    assert "H. Ahmad Fauzi, S.Pd.I" in text and "dr. Ratna Sari" in text
    assert "PIHAK PERTAMA" in text and "PIHAK KEDUA" in text
    assert "{" not in text


@pytest.mark.parametrize("render,read", [(document.as_docx, docx_text), (document.as_pdf, pdf_text)])
def test_an_english_agreement_is_written_in_english(world, render, read):
    agreement = filled_mou(world, language="en", template="Memorandum of Understanding", number_suffix="-EN")
    text = squeeze(read(render(agreement)))
    assert "MEMORANDUM OF UNDERSTANDING" in text and "BETWEEN" in text
    assert "Tuesday, the twelfth day of March in the year two thousand and twenty-four" in text
    assert "Pekalongan, 12 March 2024" in text
    assert "in force for 2 (two) years, from 1 July 2024 until 30 June 2026" in text


def test_the_hijri_date_follows_the_school_offset(world, mou):
    mou.with_hijri_date = True
    mou.save()
    # Umm al-Qura began Ramadan 1445 on 11 March 2024; Indonesia, by sighting, a day later.
    assert "Pekalongan, 2 Ramadan 1445 H / 12 Maret 2024 M" in squeeze(pdf_text(document.as_pdf(mou)))
    world.a.hijri_offset = -1
    world.a.save()
    mou.refresh_from_db()
    assert "Pekalongan, 1 Ramadan 1445 H / 12 Maret 2024 M" in squeeze(docx_text(document.as_docx(mou)))


def test_a_document_with_an_empty_placeholder_is_refused(world, mou):
    services.agreement_update(agreement=mou, user=world.users["principal"], data={"purpose": ""})
    with pytest.raises(ValidationError) as refused:
        document.as_docx(mou)
    assert "Article 1 uses {purpose}" in " ".join(refused.value.messages)
    with pytest.raises(ValidationError):
        document.as_pdf(mou)


def test_an_unknown_placeholder_is_refused_when_the_article_is_saved(world, mou):
    article = mou.articles.get(number=1)
    with pytest.raises(ValidationError) as refused:
        services.article_save(
            agreement=mou, user=world.users["principal"], article=article, title="Tujuan", body="Untuk {tujuan}."
        )
    assert "{tujuan}" in refused.value.messages[0]
    article.refresh_from_db()
    assert article.title == "Maksud dan Tujuan"


def test_a_template_with_an_unknown_placeholder_is_refused(world):
    with pytest.raises(ValidationError) as refused:
        services.template_save(
            school=world.a,
            user=world.users["principal"],
            template=None,
            data={"name": "Rusak", "kind": "mou", "partner_kind": "", "language": "id", "articles": "## Satu\n{mitra}"},
        )
    assert "{mitra}" in refused.value.messages[0]


def test_an_article_written_into_the_database_behind_the_services_back_still_cannot_reach_a_document(world, mou):
    Article.all_schools.filter(agreement=mou, number=2).update(body="Meliputi {lingkup}.")
    with pytest.raises(ValidationError) as refused:
        document.as_pdf(mou)
    assert "{lingkup}" in " ".join(refused.value.messages)


def test_the_logo_and_letterhead_lines_head_the_document(world, mou):
    world.a.letterhead_lines = "YAYASAN PENDIDIKAN ISLAM SATU"
    world.a.address = "Jl. Merdeka 1"
    world.a.save()
    mou.refresh_from_db()
    text = docx_text(document.as_docx(mou))
    assert text.index("YAYASAN PENDIDIKAN ISLAM SATU") < text.index("NOTA KESEPAHAMAN")
    assert "Jl. Merdeka 1" in text


def test_a_sixth_party_is_named_by_its_number_and_all_are_joined_as_para_pihak(world, mou):
    from tests.conftest import make_partner

    for i in range(4):
        services.party_add(agreement=mou, user=None, partner=make_partner(world.a, f"Mitra {i}"))
    text = squeeze(docx_text(document.as_docx(mou)))
    assert "PIHAK KELIMA" in text and "PIHAK KE-6" in text
    assert "PIHAK PERTAMA, PIHAK KEDUA, PIHAK KETIGA, PIHAK KEEMPAT, PIHAK KELIMA dan PIHAK KE-6 selanjutnya" in text


@pytest.mark.parametrize(
    "start,end,language,said",
    [
        ("2024-07-01", "2026-06-30", "id", "2 (dua) tahun"),
        ("2025-01-01", "2027-02-19", "id", "2 (dua) tahun 1 (satu) bulan dan 19 (sembilan belas) hari"),
        ("2025-01-01", "2027-02-19", "en", "2 (two) years, 1 (one) month and 19 (nineteen) days"),
        ("2025-08-01", "2026-01-31", "id", "6 (enam) bulan"),
        ("2025-08-01", "2025-08-14", "en", "14 (fourteen) days"),
        ("2025-01-15", "2025-02-14", "id", "1 (satu) bulan"),
    ],
)
def test_the_term_is_said_in_years_months_and_days(start, end, language, said):
    """Issue 22: a term printed as "780 (tujuh ratus delapan puluh) hari"."""
    import datetime
    from types import SimpleNamespace

    from mitra.agreements.placeholders import duration

    term = SimpleNamespace(
        start_date=datetime.date.fromisoformat(start), end_date=datetime.date.fromisoformat(end), language=language
    )
    assert duration(term) == said
