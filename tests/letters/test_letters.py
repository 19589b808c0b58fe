"""Letters: drafting from a type's template, issuing with a number from the school's scheme, the
register of received letters with their scans, and the documents read back."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from mitra.files.models import StoredFile
from mitra.letters import defaults, document, services
from mitra.letters.models import Letter, LetterCounter, LetterType, NumberingScheme
from mitra.partners.timeline import entries_for
from mitra.schools.access import Access
from tests.conftest import PDF_SCAN, all_at_once, build_world, png_upload
from tests.documents.reading import docx_text, pdf_text, squeeze

from .conftest import draft_letter

D = datetime.date


def test_a_draft_takes_its_subject_and_text_from_the_type_and_its_signer_from_the_principal(world):
    letter = draft_letter(world, type_name="Permohonan kerja sama")
    assert letter.subject == "Permohonan Kerja Sama"
    assert "SMP A bermaksud menjalin kerja sama dengan Puskesmas Kergon" in letter.body
    assert letter.signatory_name == "Principal"
    assert letter.stage == Letter.Stage.DRAFT and letter.number == ""


def test_issuing_numbers_letters_by_the_school_pattern_and_restarts_each_year(world):
    first = services.letter_issue(letter=draft_letter(world), user=None)
    second = services.letter_issue(letter=draft_letter(world, type_name="Permohonan kerja sama"), user=None)
    assert first.number == "001/SU/11111111/VII/2024"
    assert second.number == "002/SPm/11111111/VII/2024"
    next_year = services.letter_issue(letter=draft_letter(world, dated=D(2025, 1, 6)), user=None)
    assert next_year.number == "001/SU/11111111/I/2025"


def test_a_madrasah_starts_from_the_kemenag_pattern(db):
    world = build_world()
    world.c.nsm = "121233260001"
    world.c.save()
    scheme = services.ensure_setup(world.c)
    assert scheme.pattern == "B-{seq}/{school}/{type}/{mm}/{year}"
    assert services.number_preview(scheme, type_code="PP.00.6", day=D(2026, 6, 2)) == "B-1/121233260001/PP.00.6/06/2026"


def test_a_letter_with_a_placeholder_left_is_not_issued_and_uses_no_number(world):
    letter = draft_letter(world, body="Dengan hormat, {partner} dan {agreement}.")
    with pytest.raises(ValidationError, match=r"\{agreement\}"):
        services.letter_issue(letter=letter, user=None)
    letter.refresh_from_db()
    assert letter.stage == Letter.Stage.DRAFT and letter.number == ""
    assert not LetterCounter.objects.for_school(world.a).exists()
    with pytest.raises(ValidationError):
        document.as_pdf(letter)


def test_an_issued_letter_keeps_its_text(world):
    letter = services.letter_issue(letter=draft_letter(world), user=None)
    with pytest.raises(ValidationError, match="issued letter keeps"):
        services.letter_update(letter=letter, user=None, data={"body": "Lain"})
    with pytest.raises(ValidationError):
        services.letter_delete(letter=letter, user=None)
    with pytest.raises(ValidationError, match="Only a draft"):
        services.letter_issue(letter=letter, user=None)
    assert Letter.objects.for_school(world.a).get(pk=letter.pk).body != "Lain"


def test_a_template_with_an_unknown_placeholder_is_refused(world):
    services.ensure_setup(world.a)
    with pytest.raises(ValidationError) as refused:
        services.type_save(
            school=world.a,
            user=None,
            letter_type=None,
            data={
                "name": "Pengantar",
                "code": "SPeng",
                "layout": "addressed",
                "subject": "Pengantar",
                "body": "Kepada {penerima}",
                "is_active": True,
            },
        )
    assert "{penerima}" in str(refused.value.message_dict["body"])
    assert not LetterType.objects.for_school(world.a).filter(name="Pengantar").exists()


def test_a_pattern_without_the_running_number_is_refused_and_the_old_one_kept(world):
    before = services.ensure_setup(world.a).pattern
    with pytest.raises(ValidationError) as refused:
        services.scheme_save(school=world.a, user=None, pattern="{type}/{year}", school_code="X")
    assert "{seq}" in refused.value.message_dict["pattern"][0]
    assert NumberingScheme.objects.for_school(world.a).get().pattern == before


@pytest.mark.parametrize("render,read", [(document.as_docx, docx_text), (document.as_pdf, pdf_text)])
def test_the_letter_document_holds_the_number_block_addressee_date_and_signature(world, render, read):
    letter = draft_letter(
        world, enclosures="1 (satu) berkas", signatory_id="19750101 200001 1 001", copies_to="Ketua Yayasan"
    )
    letter = services.letter_issue(letter=letter, user=None)
    text = squeeze(read(render(letter)))
    assert "SMP A" in text  # the kop surat
    assert "Pekalongan, 3 Juli 2024" in text
    assert "Nomor : 001/SU/11111111/VII/2024" in text or "Nomor: 001/SU/11111111/VII/2024" in text
    assert "Lampiran" in text and "1 (satu) berkas" in text
    assert "Hal" in text and "Undangan" in text
    assert "Kepada Yth. Kepala UPT Puskesmas Kergon di Tempat" in text
    assert "Hari, tanggal : Sabtu, 6 Juli 2024" in text
    assert "Principal" in text and "NIP/NIY 19750101 200001 1 001" in text
    assert "Tembusan:" in text and "Ketua Yayasan" in text
    assert "{" not in text and "DRAF" not in text


@pytest.mark.parametrize("render,read", [(document.as_docx, docx_text), (document.as_pdf, pdf_text)])
def test_a_surat_tugas_is_headed_by_its_type_and_number_and_dated_by_the_signature(world, render, read):
    letter = draft_letter(world, type_name="Surat tugas", with_hijri_date=True)
    text = squeeze(read(render(letter)))
    assert "SURAT TUGAS" in text and "Nomor: …………" in text
    assert "DRAF" in text  # not issued yet: marked as a draft
    assert "Kepada Yth." not in text
    # Above the signature, in its narrow column: the Hijri date, and the common era's under it.
    assert "Pekalongan, 27 Dzulhijjah 1445 H 3 Juli 2024 M" in text


@pytest.mark.parametrize("render,read", [(document.as_docx, docx_text), (document.as_pdf, pdf_text)])
def test_an_english_letter_uses_english_words(world, render, read):
    letter = draft_letter(world, language="en", with_hijri_date=True)
    text = squeeze(read(render(letter)))
    assert "Number" in text and "Subject" in text and "DRAFT" in text
    assert "Pekalongan, 27 Dhu al-Hijjah 1445 AH / 3 July 2024 CE" in text


# --- Received letters ---------------------------------------------------------------------------


def _incoming(world, **extra):
    return {
        "number": "440/210/PKM-K/VII/2024",
        "dated": D(2024, 7, 8),
        "received_on": D(2024, 7, 9),
        "correspondent": "UPT Puskesmas Kergon",
        "partner": world.partner,
        "subject": "Jadwal pemeriksaan kesehatan",
        **extra,
    }


def test_a_received_letter_is_registered_with_its_scans(world):
    letter = services.letter_register(
        school=world.a,
        user=None,
        data=_incoming(world),
        uploads=[SimpleUploadedFile("surat.pdf", PDF_SCAN), png_upload("lampiran.png")],
    )
    assert letter.stage == Letter.Stage.RECEIVED and letter.number == "440/210/PKM-K/VII/2024"
    assert sorted(a.file.original_name for a in letter.attachments.select_related("file")) == [
        "lampiran.png",
        "surat.pdf",
    ]


def test_one_bad_file_registers_nothing(world, settings):
    files_before = StoredFile.objects.for_school(world.a).count()
    with pytest.raises(ValidationError) as refused:
        services.letter_register(
            school=world.a,
            user=None,
            data=_incoming(world),
            uploads=[SimpleUploadedFile("surat.pdf", PDF_SCAN), SimpleUploadedFile("x.pdf", b"<html>hi</html>")],
        )
    assert "x.pdf" in refused.value.message_dict["files"][0]
    assert not Letter.objects.for_school(world.a).exists()
    assert StoredFile.objects.for_school(world.a).count() == files_before
    assert not list((settings.MEDIA_ROOT / str(world.a.pk)).glob("letters/*"))


def test_a_letter_cannot_be_received_before_its_date(world):
    with pytest.raises(ValidationError) as refused:
        services.letter_register(school=world.a, user=None, data=_incoming(world, received_on=D(2024, 7, 1)))
    assert "received_on" in refused.value.message_dict
    assert not Letter.objects.for_school(world.a).exists()


def test_a_received_letter_needs_its_subject_and_sender(world):
    with pytest.raises(ValidationError) as refused:
        services.letter_register(school=world.a, user=None, data=_incoming(world, subject=" ", correspondent=""))
    assert set(refused.value.message_dict) == {"subject", "correspondent"}
    assert not Letter.objects.for_school(world.a).exists()


def test_letters_with_a_partner_appear_on_its_timeline_but_drafts_do_not(world):
    issued = services.letter_issue(letter=draft_letter(world), user=None)
    draft_letter(world, type_name="Pemberitahuan")
    access = Access(user=world.users["principal"], school=world.a, role="principal")
    titles = [(e.kind, e.title) for e in entries_for(access=access, partner=world.partner)]
    assert ("Letter sent", issued.subject) in titles
    assert not any(title == "Pemberitahuan" for _kind, title in titles)


@pytest.mark.django_db(transaction=True)
def test_twenty_letters_issued_at_once_get_twenty_distinct_consecutive_numbers():
    world = build_world()
    drafts = [draft_letter(world) for _ in range(20)]
    numbers, errors = all_at_once(
        [lambda letter=letter: services.letter_issue(letter=letter, user=None).number for letter in drafts]
    )
    assert not errors, errors
    assert sorted(numbers) == [f"{n:03}/SU/11111111/VII/2024" for n in range(1, 21)]


@pytest.mark.django_db(transaction=True)
def test_first_letters_opened_by_several_people_at_once_set_the_school_up_once():
    # Found by scripts/two_servers.py: two first drafts at once both inserted the letter types.
    world = build_world()
    LetterType.all_schools.filter(school=world.a).delete()
    NumberingScheme.all_schools.filter(school=world.a).delete()
    _results, errors = all_at_once([lambda: services.ensure_setup(world.a)] * 8)
    assert not errors, errors
    assert LetterType.all_schools.filter(school=world.a).count() == len(defaults.LETTER_TYPES)
    assert NumberingScheme.all_schools.filter(school=world.a).count() == 1
