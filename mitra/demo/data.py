"""A demo foundation with three schools. The main one is a fictional Islamic junior high school in
Pekalongan shaped like the case in MODEL.md: a health centre, a police sector, five pesantren, a
university, the school committee, a government office, a business and an NGO, and a user per role.
Every record goes through the same services as the product, so the demo also has its history."""

import datetime
import io

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from PIL import Image, ImageDraw

from mitra.demo import agreements as demo_agreements
from mitra.demo import evaluation as demo_evaluation
from mitra.demo import implementation as demo_implementation
from mitra.demo import letters as demo_letters
from mitra.demo import measures as demo_measures
from mitra.demo import money as demo_money
from mitra.demo import plan as demo_plan
from mitra.files import pipeline as files
from mitra.partners import services as partners
from mitra.partners.models import Area, Partner
from mitra.schools import services as schools
from mitra.schools.models import Foundation, FoundationMembership, Membership, School
from mitra.schools.phones import normalize_phone
from mitra.schools.roles import Role

FOUNDATION_NAME = "Yayasan Pendidikan Nurul Ilmi (demo)"
# Demo accounts only: `demo` refuses to run with production settings.
DEMO_PASSWORD = "mitra-demo-2026"

MAIN_SCHOOL = {
    "name": "SMP Islam Nurul Ilmi Pekalongan",
    "level": School.Level.SMP,
    "npsn": "69912345",
    "address": "Jl. Pesantren No. 17, Kelurahan Kergon\nPekalongan 51113",
    "region": "Kota Pekalongan, Jawa Tengah",
    "phone": "+62285421234",
    "email": "smpi.nurulilmi@example.sch.id",
    "website": "https://nurulilmi.example.sch.id",
    "vision": "Terwujudnya generasi berakhlakul karimah, berprestasi, dan berwawasan Ahlussunnah wal Jamaah.",
    "mission": (
        "Menyelenggarakan pendidikan yang bermutu dan berkarakter Islami\n"
        "Membangun citra sekolah melalui kerja sama dengan masyarakat\n"
        "Membuka akses pelatihan bagi siswa dan guru"
    ),
    "letterhead_lines": "YAYASAN PENDIDIKAN NURUL ILMI\nLEMBAGA PENDIDIKAN MA'ARIF NU KOTA PEKALONGAN",
    "hijri_offset": 0,
}

OTHER_SCHOOLS = [
    {
        "name": "MI Nurul Ilmi Kajen",
        "level": School.Level.MI,
        "nsm": "111233260017",
        "region": "Kabupaten Pekalongan, Jawa Tengah",
    },
    {
        "name": "MA Nurul Ilmi Wiradesa",
        "level": School.Level.MA,
        "nsm": "131233260042",
        "region": "Kabupaten Pekalongan, Jawa Tengah",
    },
]

A = Area
PARTNERS = [
    (
        "UPT Puskesmas Kergon",
        Partner.Kind.HEALTH,
        Partner.Status.ACTIVE,
        {A.HEALTH: "Penyuluhan gizi, sanitasi, kesehatan reproduksi; pemeriksaan kesehatan tahunan"},
        ("dr. Ratna Wulandari", "Kepala Puskesmas", "0285 423 100", "ratna.w@example.id"),
    ),
    (
        "Polsek Pekalongan Barat",
        Partner.Kind.POLICE,
        Partner.Status.ACTIVE,
        {A.SAFETY: "Penyuluhan keselamatan berlalu lintas dan bahaya narkoba; patroli sekolah"},
        ("Iptu Bambang Setiawan", "Kanit Binmas", "0812 2700 1122", ""),
    ),
    (
        "Pondok Pesantren Al-Hidayah",
        Partner.Kind.PESANTREN,
        Partner.Status.ACTIVE,
        {A.RELIGIOUS: "Tahfidz Al-Qur'an dan pembinaan adab", A.INTAKE: "Santri yang melanjutkan ke SMP"},
        ("KH. Ahmad Mustofa", "Pengasuh", "0813 2544 9001", ""),
    ),
    (
        "Pondok Pesantren Darussalam",
        Partner.Kind.PESANTREN,
        Partner.Status.ACTIVE,
        {A.RELIGIOUS: "Latihan dakwah (muhadharah)"},
        ("Ust. Lukman Hakim", "Ketua Pondok", "0857 4100 2233", ""),
    ),
    (
        "Pondok Pesantren Nurul Huda",
        Partner.Kind.PESANTREN,
        Partner.Status.ACTIVE,
        {A.RELIGIOUS: "Kajian kitab akhlak", A.INTAKE: "Rujukan calon siswa"},
        ("Ny. Hj. Siti Maryam", "Pengasuh Putri", "0819 0444 5566", ""),
    ),
    (
        "Pondok Pesantren Al-Falah",
        Partner.Kind.PESANTREN,
        Partner.Status.PROSPECT,
        {A.RELIGIOUS: "Pesantren kilat Ramadan"},
        ("Ust. Fathurrahman", "Sekretaris", "0821 3311 7788", ""),
    ),
    (
        "Pondok Pesantren Raudlatul Ulum",
        Partner.Kind.PESANTREN,
        Partner.Status.PROSPECT,
        {A.INTAKE: "Santri usia SMP"},
        ("Ust. Zainal Arifin", "Bagian Pendidikan", "0822 9000 1234", ""),
    ),
    (
        "Universitas Islam Pekalongan (demo)",
        Partner.Kind.UNIVERSITY,
        Partner.Status.ACTIVE,
        {A.STAFF: "Pelatihan guru dan pendampingan akademik", A.ACADEMIC: "Mahasiswa KKN dan PPL"},
        ("Dr. Hendra Kusuma, M.Pd.", "Kepala LPPM", "0285 412 555", "lppm@example.ac.id"),
    ),
    (
        "Komite SMP Islam Nurul Ilmi",
        Partner.Kind.COMMITTEE,
        Partner.Status.ACTIVE,
        {A.FUNDING: "Penggalangan sumbangan sukarela", A.FACILITIES: "Perbaikan mushala"},
        ("H. Slamet Riyadi", "Ketua Komite", "0815 4800 3344", ""),
    ),
    (
        "Kantor Kementerian Agama Kota Pekalongan",
        Partner.Kind.GOVERNMENT,
        Partner.Status.ACTIVE,
        {A.STAFF: "Bimbingan teknis kurikulum", A.FUNDING: "Bantuan operasional"},
        ("Drs. Mulyono", "Kasi Pendidikan Madrasah", "0285 421 700", ""),
    ),
    (
        "CV Batik Sekar Jagad (demo)",
        Partner.Kind.BUSINESS,
        Partner.Status.PROSPECT,
        {A.SKILLS: "Pelatihan membatik", A.FUNDING: "Beasiswa dua siswa"},
        ("Ibu Dewi Lestari", "Pemilik", "0811 2900 4455", "dewi@example.com"),
    ),
    (
        "Yayasan Pustaka Anak Bangsa (demo)",
        Partner.Kind.NGO,
        Partner.Status.ACTIVE,
        {A.LITERACY: "Hibah buku bacaan dan pojok literasi"},
        ("Rina Anggraini", "Koordinator Program", "0878 1200 6677", "rina@example.org"),
    ),
    (
        # Seed 001: other educational institutions "di dalam maupun luar negeri", for student exchange.
        "Sekolah Menengah Islam Al-Amin, Johor (demo)",
        Partner.Kind.SCHOOL,
        Partner.Status.PROSPECT,
        {A.ACADEMIC: "Pertukaran pelajar dan studi banding kurikulum"},
        ("Ustazah Nurul Aini", "Penyelaras Antarabangsa", "", "nurul@example.edu.my"),
    ),
]
# Where the partners are when not in the school's own region: (location, region).
PLACES = {
    "Yayasan Pustaka Anak Bangsa (demo)": (Partner.Location.NATIONAL, "Jakarta Selatan, DKI Jakarta"),
    "Sekolah Menengah Islam Al-Amin, Johor (demo)": (Partner.Location.ABROAD, "Johor Bahru, Malaysia"),
}

PEOPLE = [
    # username, first, last, role, school index (None = foundation), e-mail
    ("yayasan", "Hj. Fatimah", "Zahra", Role.FOUNDATION_ADMIN, None),
    ("pengawas", "Agus", "Salim", Role.FOUNDATION_VIEWER, None),
    ("kepala", "Ahmad", "Fauzi", Role.PRINCIPAL, 0),
    ("humas", "Nur", "Hidayah", Role.COORDINATOR, 0),
    ("guru", "Siti", "Aminah", Role.TEAM_MEMBER, 0),
    ("guru.ipa", "Bambang", "Susilo", Role.TEAM_MEMBER, 0),
    ("guru.bk", "Dewi", "Rahmawati", Role.TEAM_MEMBER, 0),
    ("tu", "Rizki", "Pratama", Role.ADMIN_STAFF, 0),
    ("komite", "Slamet", "Riyadi", Role.COMMITTEE_VIEWER, 0),
    ("puskesmas", "Ratna", "Wulandari", Role.PARTNER_REP, 0),
    ("kepala.mi", "Muhammad", "Ridwan", Role.PRINCIPAL, 1),
    ("kepala.ma", "Laila", "Nurjanah", Role.PRINCIPAL, 2),
]


def _user(username, first, last):
    User = get_user_model()
    user = User._default_manager.create_user(
        username=username,
        email=f"{username}@demo.mitra.invalid",
        first_name=first,
        last_name=last,
        password=DEMO_PASSWORD,
        language="id",
    )
    return user


@transaction.atomic
def build() -> School:
    foundation = Foundation.objects.create(
        name=FOUNDATION_NAME, kind=Foundation.Kind.MAARIF, address="Jl. Hayam Wuruk No. 5, Pekalongan"
    )
    main = schools.school_create(foundation=foundation, user=None, fields=MAIN_SCHOOL)
    schools.school_update(school=main, user=None, fields={}, logo=files.accept_image(_logo_upload()))
    others = [schools.school_create(foundation=foundation, user=None, fields=data) for data in OTHER_SCHOOLS]
    all_schools = [main, *others]
    this_year = datetime.date.today().year - (datetime.date.today().month < 7)
    for school in all_schools:
        for start in (this_year - 1, this_year, this_year + 1):
            schools.year_save(
                school=school, user=None, fields={**schools.default_year_dates(start), "is_current": start == this_year}
            )
    created = {}
    for name, kind, status, potentials, contact in PARTNERS:
        location, region = PLACES.get(name, (Partner.Location.LOCAL, "Kota Pekalongan, Jawa Tengah"))
        partner = partners.partner_create(
            school=main,
            user=None,
            fields={"name": name, "kind": kind, "location": location, "status": status, "region": region},
            potentials={area.value: text for area, text in potentials.items()},
        )
        person, position, phone, email = contact
        number = normalize_phone(phone)
        partners.contact_create(
            partner=partner,
            user=None,
            fields={
                "name": person,
                "position": position,
                "phone": number,
                "whatsapp": number if number.startswith("+628") else "",
                "email": email,
                "is_primary": True,
            },
        )
        created[name] = partner
    for username, first, last, role, index in PEOPLE:
        user = _user(username, first, last)
        if index is None:
            FoundationMembership.objects.create(user=user, foundation=foundation, role=role)
        else:
            partner = created["UPT Puskesmas Kergon"] if role == Role.PARTNER_REP else None
            Membership.objects.create(user=user, school=all_schools[index], role=role, partner=partner)
    # A teacher who also teaches at the MI: one account, two schools.
    people = {
        u.username: u
        for u in get_user_model()._default_manager.filter(
            username__in=["kepala", "humas", "guru", "guru.ipa", "guru.bk", "tu", "puskesmas"]
        )
    }
    Membership.objects.create(user=people["guru"], school=others[0], role=Role.TEAM_MEMBER)
    demo_plan.build(school=main, principal=people["kepala"], coordinator=people["humas"], teacher=people["guru"])
    demo_agreements.build(school=main, principal=people["kepala"], coordinator=people["humas"])
    demo_letters.build(school=main, coordinator=people["humas"], admin_staff=people["tu"])
    demo_implementation.build(
        school=main,
        principal=people["kepala"],
        coordinator=people["humas"],
        teachers=[people["guru"], people["guru.ipa"], people["guru.bk"]],
        admin_staff=people["tu"],
        partner_rep=people["puskesmas"],
    )
    demo_money.build(school=main, coordinator=people["humas"], admin_staff=people["tu"])
    demo_measures.build(school=main, coordinator=people["humas"], teacher=people["guru"])
    demo_evaluation.build(
        school=main,
        principal=people["kepala"],
        coordinator=people["humas"],
        teachers=[people["guru"], people["guru.ipa"], people["guru.bk"]],
        partner_rep=people["puskesmas"],
    )
    return main


def _logo_upload() -> SimpleUploadedFile:
    """A simple green seal, drawn here so the demo needs no image file."""
    image = Image.new("RGB", (256, 256), "white")
    draw = ImageDraw.Draw(image)
    draw.ellipse((8, 8, 248, 248), fill="#0f6b4f")
    draw.ellipse((40, 40, 216, 216), outline="white", width=10)
    draw.polygon([(128, 64), (188, 168), (68, 168)], fill="white")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return SimpleUploadedFile("logo-nurul-ilmi.png", out.getvalue(), content_type="image/png")


def exists() -> bool:
    return Foundation.objects.filter(name=FOUNDATION_NAME).exists()
