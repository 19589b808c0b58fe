"""The demo school's implementation stage: the nutrition counselling with the puskesmas (photos,
head counts, verified and confirmed by the partner), a police patrol waiting for verification, a
committee meeting recorded without a photo (so "undocumented" shows), a coming teacher workshop and
a postponed pesantren kilat; the team with two teachers rotating through it; and the communication
log with a meeting, a call and a WhatsApp chat read from an export."""

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from mitra.activities import communications, services, team
from mitra.partners.models import Partner
from mitra.planning.models import PlannedActivity
from mitra.schools.models import AcademicYear


def _photo(name: str, sky: str, ground: str) -> SimpleUploadedFile:
    """A drawn stand-in for a photo of the activity: a hall, a banner and rows of people."""
    image = Image.new("RGB", (1200, 900), sky)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 560, 1200, 900), fill=ground)
    draw.rectangle((300, 120, 900, 240), fill="#0f6b4f")
    for row in range(3):
        for seat in range(10):
            x, y = 90 + seat * 105, 600 + row * 95
            draw.ellipse((x, y, x + 50, y + 50), fill="#2d2d2d")
            draw.rectangle((x - 5, y + 48, x + 55, y + 90), fill="#f2f2f2" if row % 2 else "#5a7bb5")
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=80)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def _partner(school, **lookup) -> Partner:
    return Partner.objects.for_school(school).get(**lookup)


def _chat(puskesmas_contact: str, coordinator: str, first: datetime.date) -> bytes:
    """An Android export, Indonesian phone settings, about the counselling."""
    d1, d2 = first.strftime("%d/%m/%y"), (first + datetime.timedelta(days=9)).strftime("%d/%m/%y")
    lines = [
        f"{d1} 09.12 - Pesan dan panggilan dienkripsi secara end-to-end. Tidak seorang pun di luar chat ini, "
        "termasuk WhatsApp, yang dapat membaca atau mendengarkannya.",
        f"{d1} 09.12 - {coordinator}: Assalamu'alaikum Bu, jadwal penyuluhan gizi kelas VII jadi hari Kamis?",
        f"{d1} 09.30 - {puskesmas_contact}: Wa'alaikumsalam Bu. Insya Allah jadi, jam 08.00 di aula.",
        "Mohon disiapkan proyektor dan daftar hadir.",
        f"{d1} 09.31 - {coordinator}: Siap Bu, terima kasih 🙏",
        f"{d2} 10.15 - {coordinator}: <Media tidak disertakan>",
        f"{d2} 10.16 - {coordinator}: Alhamdulillah kegiatan berjalan lancar, 96 siswa hadir. Jazakillah khairan.",
        f"{d2} 10.20 - {puskesmas_contact}: Sama-sama Bu, laporan hasil pemeriksaan kami kirim minggu depan.",
    ]
    return "\n".join(lines).encode()


def build(*, school, principal, coordinator, teachers, admin_staff, partner_rep) -> None:
    today = datetime.date.today()
    teacher = teachers[0]
    puskesmas = _partner(school, name="UPT Puskesmas Kergon")
    police = _partner(school, kind=Partner.Kind.POLICE)
    committee = _partner(school, kind=Partner.Kind.COMMITTEE)
    university = _partner(school, name="Universitas Islam Pekalongan (demo)")
    pesantren = _partner(school, name="Pondok Pesantren Al-Falah")

    counselling_day = today - datetime.timedelta(days=21)
    # The counselling carries out the work plan's semester counselling, so the reports count it as done.
    counselling_plan = (
        PlannedActivity.objects.for_school(school)
        .filter(programme__plan__academic_year__is_current=True, title="Penyuluhan gizi dan sanitasi")
        .first()
    )
    counselling = services.activity_save(
        school=school,
        user=teacher,
        data={
            "title": "Penyuluhan gizi dan anemia remaja kelas VII",
            "status": "done",
            "start_date": counselling_day,
            "start_time": datetime.time(8, 0),
            "end_time": datetime.time(10, 0),
            "place": "Aula sekolah",
            "area": "health",
            "notes": "Petugas gizi Puskesmas menyampaikan materi gizi seimbang dan anemia remaja, dilanjutkan "
            "pemeriksaan Hb untuk siswi kelas VII dan pembagian tablet tambah darah.",
            "outputs": "96 siswa mengikuti penyuluhan; 48 siswi diperiksa Hb; 5 siswi dirujuk ke Puskesmas.",
            "planned": counselling_plan,
            "programme": counselling_plan.programme if counselling_plan else None,
        },
        partners=[puskesmas],
        counts={
            ("students", 7, "m"): 46,
            ("students", 7, "f"): 50,
            ("teachers", 0, ""): 4,
            ("partner_staff", 0, ""): 2,
        },
    )
    services.evidence_add(
        activity=counselling,
        user=teacher,
        uploads=[_photo("penyuluhan-1.jpg", "#dfe8e2", "#b98f5a"), _photo("penyuluhan-2.jpg", "#e8e2d6", "#8d6e4c")],
        caption="Penyuluhan di aula",
    )
    services.participants_add(
        activity=counselling,
        user=teacher,
        group="partner_staff",
        names="Ratna Wulandari, Puskesmas Kergon\nAnisa Putri, ahli gizi Puskesmas Kergon",
    )
    services.submit(activity=counselling, user=teacher)
    services.verify(activity=counselling, user=coordinator, comment="Lengkap, terima kasih.")
    services.partner_confirm(
        activity=counselling,
        user=partner_rep,
        partner_id=puskesmas.pk,
        note="Benar terlaksana. Hasil pemeriksaan Hb kami kirim dengan surat.",
    )

    patrol = services.activity_save(
        school=school,
        user=teacher,
        data={
            "title": "Patroli pagi dan penyuluhan tertib lalu lintas",
            "status": "done",
            "start_date": today - datetime.timedelta(days=10),
            "place": "Gerbang sekolah dan lapangan",
            "area": "safety",
            "notes": "Dua anggota Polsek mengatur lalu lintas jam masuk, lalu memberi penyuluhan singkat saat upacara.",
        },
        partners=[police],
        counts={("teachers", 0, ""): 6, ("partner_staff", 0, ""): 2},
    )
    services.evidence_add(activity=patrol, user=teacher, uploads=[_photo("patroli.jpg", "#d8e4f0", "#777777")])
    services.submit(activity=patrol, user=teacher)

    services.quick_record(
        school=school,
        user=coordinator,
        partner=committee,
        sentence="Rapat komite membahas perbaikan atap mushala; komite menggalang sumbangan sukarela.",
        day=today - datetime.timedelta(days=5),
    )

    workshop_plan = (
        PlannedActivity.objects.for_school(school).filter(programme__plan__academic_year__is_current=True).first()
    )
    services.activity_save(
        school=school,
        user=coordinator,
        data={
            "title": "Pelatihan guru: asesmen diagnostik",
            "status": "planned",
            "start_date": today + datetime.timedelta(days=12),
            "start_time": datetime.time(8, 0),
            "place": "Aula sekolah",
            "area": "staff_competence",
            "programme": workshop_plan.programme if workshop_plan else None,
        },
        partners=[university],
    )
    # The teacher's own visit this week: on the capture page, and on the phone without a signal.
    services.activity_save(
        school=school,
        user=teacher,
        data={
            "title": "Skrining kesehatan kelas 7",
            "status": "planned",
            "start_date": today + datetime.timedelta(days=2),
            "start_time": datetime.time(8, 0),
            "place": "UKS",
            "area": "health",
        },
        partners=[puskesmas],
    )
    services.activity_save(
        school=school,
        user=coordinator,
        data={
            "title": "Pesantren kilat",
            "status": "postponed",
            "status_reason": "Bertepatan dengan asesmen sumatif; dipindah ke pekan berikutnya.",
            "start_date": today + datetime.timedelta(days=30),
            "area": "religious_character",
        },
        partners=[pesantren],
    )

    year = AcademicYear.objects.for_school(school).get(is_current=True)
    for person, role in (
        (principal, "lead"),
        (coordinator, "coordinator"),
        (admin_staff, "admin"),
        (teacher, "member"),
    ):
        team.term_save(
            school=school,
            user=principal,
            data={
                "user": person,
                "role": role,
                "starts_on": year.start_date,
                "ends_on": year.end_date,
                "label": year.name,
            },
        )
    rotation = team.rotation_create(
        school=school,
        user=coordinator,
        title=f"Rotasi guru {year.name}",
        year=year,
        years=1,
        per_year=2,
        seats=1,
        people=teachers[1:],
        unavailable={},
        pins={},
    )
    team.rotation_confirm(rotation=rotation, user=coordinator)

    communications.communication_save(
        school=school,
        user=coordinator,
        data={
            "partner": puskesmas,
            "channel": "meeting",
            "direction": "both",
            "occurred_on": counselling_day - datetime.timedelta(days=14),
            "occurred_time": datetime.time(13, 0),
            "people": "Nur Hidayah (Waka Humas), Ratna Wulandari (Puskesmas)",
            "summary": "Rapat koordinasi: penyuluhan gizi untuk kelas VII disepakati, sekolah menyiapkan aula dan daftar hadir.",
        },
    )
    communications.communication_save(
        school=school,
        user=coordinator,
        data={
            "partner": police,
            "channel": "phone",
            "direction": "out",
            "occurred_on": today - datetime.timedelta(days=12),
            "people": "Nur Hidayah, Bripka Dedi Santoso",
            "summary": "Konfirmasi jadwal patroli pagi; Polsek mengirim dua anggota.",
        },
    )
    communications.import_chat(
        school=school,
        user=coordinator,
        partner=puskesmas,
        upload=SimpleUploadedFile(
            "Chat WhatsApp dengan Puskesmas Kergon.txt",
            _chat("Bu Ratna Puskesmas", "Bu Nur (Waka Humas)", counselling_day - datetime.timedelta(days=9)),
        ),
    )
