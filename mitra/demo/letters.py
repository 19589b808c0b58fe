"""The demo school's agenda surat: the request letter that opened the police partnership (issued and
numbered), the puskesmas' letter about this term's health checks (received, with its scan), and an
invitation to the UKS coordination meeting still being drafted."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from mitra.demo.agreements import SCAN
from mitra.letters import services
from mitra.letters.models import LetterType
from mitra.partners.models import Partner


def _type(school, name):
    return LetterType.objects.for_school(school).get(name=name)


def build(*, school, coordinator, admin_staff) -> None:
    services.ensure_setup(school)
    services.scheme_save(
        school=school, user=coordinator, pattern="{seq:03}/{type}/{school}/{roman}/{year}", school_code="SMP.NI"
    )
    today = datetime.date.today()
    puskesmas = Partner.objects.for_school(school).get(name="UPT Puskesmas Kergon")
    police = Partner.objects.for_school(school).get(kind=Partner.Kind.POLICE)
    request = services.letter_draft(
        school=school,
        user=coordinator,
        letter_type=_type(school, "Permohonan kerja sama"),
        correspondent="Kepala Kepolisian Sektor Pekalongan Barat",
        partner=police,
        dated=today - datetime.timedelta(days=20),
    )
    services.letter_update(
        letter=request,
        user=coordinator,
        data={
            "body": request.body.replace("dalam bidang …………", "dalam bidang keamanan sekolah dan tertib berlalu lintas")
            .replace("1. …………", "1. Patroli keamanan di sekitar sekolah pada jam masuk dan pulang;")
            .replace("2. …………", "2. Penyuluhan tertib lalu lintas bagi peserta didik kelas VII."),
            "place": "Pekalongan",
            "signatory_name": "H. Ahmad Fauzi, S.Pd.I, M.Pd",
            "signatory_id": "19750412 200501 1 003",
            "copies_to": "Ketua Yayasan Pendidikan Nurul Ilmi",
        },
    )
    services.letter_issue(letter=request, user=coordinator)
    services.letter_register(
        school=school,
        user=admin_staff,
        data={
            "number": f"440/231/PKM-K/{today.year}",
            "dated": today - datetime.timedelta(days=6),
            "received_on": today - datetime.timedelta(days=4),
            "correspondent": "UPT Puskesmas Kergon",
            "partner": puskesmas,
            "subject": "Jadwal pemeriksaan kesehatan berkala peserta didik",
            "summary": "Puskesmas memeriksa kesehatan kelas VII pada pekan kedua bulan depan.",
            "disposition": "Wakasek Humas: siapkan ruang UKS dan daftar peserta didik.",
        },
        uploads=[SimpleUploadedFile("surat-puskesmas.pdf", SCAN, content_type="application/pdf")],
    )
    services.letter_draft(
        school=school,
        user=coordinator,
        letter_type=_type(school, "Undangan"),
        correspondent="Kepala UPT Puskesmas Kergon",
        partner=puskesmas,
        dated=today,
    )
