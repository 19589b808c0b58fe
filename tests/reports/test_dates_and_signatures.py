"""The reports are dated and signed as the school's letters are: the place and date line carries the
Hijri date first (after the school's day offset), and each signature the signer's position, name and
NIP/NIY as the school's own signed letters and agreements record them. Read back from Word and from
the PDF, in both languages."""

import datetime

import pytest

from mitra.agreements.models import Party
from mitra.documents.dates import hijri_date, long_date, place_and_date
from mitra.letters.models import Letter
from mitra.letters.services import principal_of
from mitra.reports import content, render
from mitra.reports.scope import Kind, Scope
from mitra.schools.services import current_year
from tests.documents.reading import docx_text, pdf_text, squeeze

DAY = datetime.date(2026, 3, 1)  # 11 or 12 Ramadan 1447, as the school's offset says
NIP = "19750412 200501 1 003"  # the demo principal's, as he signs the school's letters and agreements


def _text(report, file_format: str) -> str:
    if file_format == "docx":
        return squeeze(docx_text(render.docx(report)))
    return squeeze(pdf_text(render.pdf(report)))


def _report(access, school, language, kind=Kind.ANNUAL):
    return content.build(Scope(access=access, kind=kind, year=current_year(school), language=language, today=DAY))


@pytest.mark.parametrize("file_format", ["docx", "pdf"])
@pytest.mark.parametrize("language", ["id", "en"])
def test_it_dates_the_report_in_the_hijri_and_the_common_era_as_letters_do(demo, language, file_format):
    school, access = demo
    access.school.hijri_offset = 1  # the local sighting began the month a day after Umm al-Qura
    access.school.save(update_fields=["hijri_offset"])
    report = _report(access, school, language)

    place = school.region.split(",")[0].strip()
    expected = place_and_date(place, DAY, language=language, hijri=True, offset=1)
    assert report.date_line == expected
    hijri = hijri_date(DAY, 1, language)
    assert hijri != hijri_date(DAY, 0, language) and hijri.endswith(("1447 H", "1447 AH"))
    assert f"{hijri} / {long_date(DAY, language)} {'CE' if language == 'en' else 'M'}" in expected

    text = _text(report, file_format)
    # On the cover and above the last signature.
    assert text.count(squeeze(hijri)) >= 2, hijri
    assert text.count(long_date(DAY, language)) >= 2


@pytest.mark.parametrize("file_format", ["docx", "pdf"])
@pytest.mark.parametrize("language", ["id", "en"])
def test_the_signatures_carry_the_position_the_name_and_the_nip(demo, language, file_format):
    school, access = demo
    report = _report(access, school, language)
    head, coordinator = report.signatures
    position = {"id": "Kepala Sekolah", "en": "Principal"}[language]
    place, era = school.region.split(",")[0].strip(), {"id": "M", "en": "CE"}[language]
    # The principal signs with the name and NIP of the school's latest signed record of him.
    assert (head.called, head.position, head.name, head.id_line) == (
        {"id": "Mengetahui,", "en": "Approved by,"}[language],
        position,
        "H. Ahmad Fauzi, S.Pd.I, M.Pd",
        f"NIP/NIY {NIP}",
    )
    # The coordinator has signed nothing: the name as the account has it, and no NIP line.
    assert (coordinator.position, coordinator.name, coordinator.id_line) == (
        {"id": "Koordinator kemitraan", "en": "Partnership coordinator"}[language],
        "Nur Hidayah",
        "",
    )

    text = _text(report, file_format)
    signed = text[text.rfind(head.called) - len(report.date_line) - 10 :]  # the signatures, last in the report
    # Above the signatures the date stands on two lines, the Hijri date first, so it never breaks inside one.
    assert report.date_lines == [f"{place}, {hijri_date(DAY, 0, language)}", f"{long_date(DAY, language)} {era}"]
    for line in (*report.date_lines, head.called, position, coordinator.position, head.name, f"NIP/NIY {NIP}"):
        assert line in signed, (line, signed)
    assert "Nur Hidayah" in signed
    # Position above the name, the NIP under it.
    assert signed.find(position) < signed.find(head.name) < signed.find(f"NIP/NIY {NIP}")


def test_a_record_of_someone_else_lends_the_principal_no_nip(demo):
    school, access = demo
    Letter.objects.for_school(school).update(signatory_name="Drs. Slamet Riyadi", signatory_id="1960")
    Party.objects.for_school(school).filter(partner__isnull=True).update(signatory_name="Drs. Slamet Riyadi")
    head = _report(access, school, "id", Kind.ACCOUNTABILITY).signatures[0]
    assert (head.position, head.name, head.id_line) == ("Kepala Sekolah", "Ahmad Fauzi", "")


def test_a_one_word_name_lends_nobody_a_nip(demo):
    """ "Ali" cannot be told from "Moh. Ali" (a dotted word reads as a title): no NIP, rather than one
    that may be somebody else's."""
    school, access = demo
    principal = principal_of(school)
    principal.first_name, principal.last_name = "Ali", ""
    principal.save()
    Letter.objects.for_school(school).update(signatory_name="Moh. Ali, S.Pd.", signatory_id="1999")
    Party.objects.for_school(school).filter(partner__isnull=True).update(signatory_name="Moh. Ali, S.Pd.")
    head = _report(access, school, "id", Kind.ACCOUNTABILITY).signatures[0]
    assert head.id_line == "" and "1999" not in head.name
