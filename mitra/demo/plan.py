"""The demo school's partnership plan, shaped like the case in MODEL.md: goals for the school's image,
the quality of its services and training access, grounded in ta'awun and maslahah; needs mapped
against the partners' potential; a fair selection; the work plan; a socialization forum."""

import datetime
from decimal import Decimal

from mitra.partners.models import Partner
from mitra.planning import services
from mitra.planning.models import Attendance, Criterion, Forum, PlannedActivity, Programme, Task, Value
from mitra.schools.models import AcademicYear

GOALS = [
    (
        "Citra sekolah di masyarakat",
        "Membangun citra sekolah melalui kerja sama dengan masyarakat",
        ["ta'awun", "maslahah"],
        [
            (
                "Kegiatan bersama mitra yang diberitakan",
                2,
                8,
                "kegiatan",
                "increase",
                "semester",
                "Kliping berita dan unggahan resmi",
            )
        ],
    ),
    (
        "Mutu layanan pendidikan",
        "Menyelenggarakan pendidikan yang bermutu dan berkarakter Islami",
        ["amanah", "ihsan"],
        [
            (
                "Siswa yang mengikuti pemeriksaan kesehatan",
                40,
                95,
                "%",
                "increase",
                "yearly",
                "Daftar hadir pemeriksaan UKS",
            ),
            ("Santri tahfidz yang menambah hafalan 1 juz", 10, 30, "siswa", "increase", "semester", "Buku mutaba'ah"),
        ],
    ),
    (
        "Akses pelatihan bagi siswa dan guru",
        "Membuka akses pelatihan bagi siswa dan guru",
        ["ta'awun", "syura"],
        [("Guru yang mengikuti pelatihan dari mitra", 3, 15, "guru", "increase", "semester", "Sertifikat pelatihan")],
    ),
]

NEEDS = [
    ("Layanan kesehatan dan UKS yang aktif", "health", 1, "UPT Puskesmas Kergon"),
    ("Pembinaan tahfidz dan adab", "religious_character", 1, "Pondok Pesantren Al-Hidayah"),
    ("Keamanan dan penyuluhan bahaya narkoba", "safety", 2, "Polsek Pekalongan Barat"),
    ("Pelatihan guru tentang pembelajaran mendalam", "staff_competence", 2, "Universitas Islam Pekalongan (demo)"),
    ("Dana perbaikan mushala", "funding", 3, "Komite SMP Islam Nurul Ilmi"),
]

ANALYSIS = [
    ("problem", "UKS belum berjalan rutin; pemeriksaan kesehatan hanya sekali setahun."),
    ("problem", "Laporan kegiatan kemitraan masih disampaikan secara lisan."),
    ("strength", "Lima pondok pesantren di sekitar sekolah dan hubungan baik dengan komite."),
    ("opportunity", "Program KKN universitas dan penyuluhan rutin Polsek untuk sekolah."),
]


def build(*, school, principal, coordinator, teacher) -> None:
    year = AcademicYear.objects.for_school(school).get(is_current=True)
    plan = services.plan_create(school=school, user=coordinator, academic_year=year)
    values = {v.name: v for v in Value.objects.for_school(school)}
    goals = []
    for title, serves, value_names, indicators in GOALS:
        goal = services.goal_save(
            plan=plan,
            user=coordinator,
            fields={"title": title, "serves": serves},
            values=[values[n] for n in value_names],
        )
        goals.append(goal)
        for name, baseline, target, unit, direction, frequency, verification in indicators:
            services.indicator_save(
                goal=goal,
                user=coordinator,
                fields={
                    "name": name,
                    "baseline": Decimal(baseline),
                    "target": Decimal(target),
                    "unit": unit,
                    "direction": direction,
                    "frequency": frequency,
                    "verification": verification,
                    "responsible": teacher,
                },
            )
    for kind, text in ANALYSIS:
        services.analysis_add(plan=plan, user=coordinator, kind=kind, text=text)
    partners = {p.name: p for p in Partner.objects.for_school(school)}
    criteria = list(Criterion.objects.for_school(school))
    needs = {}
    for title, area, priority, chosen in NEEDS:
        need = services.need_save(
            plan=plan, user=coordinator, fields={"title": title, "area": area, "priority": priority}
        )
        needs[area] = need
        candidate = services.candidate_add(need=need, user=coordinator, partner=partners[chosen])
        services.candidate_assess(
            candidate=candidate,
            user=coordinator,
            scores={c.pk: 5 if i == 0 else 4 for i, c in enumerate(criteria)},
            decision="selected",
            reason="Paling relevan dan sudah berpengalaman bekerja sama dengan sekolah.",
        )
    # An open and fair choice between two pesantren for tahfidz, with the other kept and its reason.
    other = services.candidate_add(
        need=needs["religious_character"], user=coordinator, partner=partners["Pondok Pesantren Al-Falah"]
    )
    services.candidate_assess(
        candidate=other,
        user=coordinator,
        scores={c.pk: 3 for c in criteria},
        decision="rejected",
        reason="Program tahfidznya baru dimulai; dipertimbangkan lagi tahun depan.",
    )
    start = year.start_date
    programmes = [
        (
            "Sekolah Sehat",
            goals[1],
            "health",
            ["UPT Puskesmas Kergon"],
            [
                (
                    "Pemeriksaan kesehatan siswa kelas VII",
                    "date",
                    start + datetime.timedelta(days=75),
                    None,
                    "Ruang UKS",
                    500_000,
                    "school",
                ),
                (
                    "Penyuluhan gizi dan sanitasi",
                    "semester",
                    start + datetime.timedelta(days=90),
                    year.end_date,
                    "Aula",
                    300_000,
                    "partner",
                ),
            ],
        ),
        (
            "Tahfidz dan Adab",
            goals[1],
            "religious_character",
            ["Pondok Pesantren Al-Hidayah"],
            [
                (
                    "Halaqah tahfidz bersama ustaz pesantren",
                    "weekly",
                    start + datetime.timedelta(days=20),
                    year.end_date,
                    "Masjid sekolah",
                    0,
                    "partner",
                ),
            ],
        ),
        (
            "Sekolah Aman",
            goals[0],
            "safety",
            ["Polsek Pekalongan Barat"],
            [
                (
                    "Penyuluhan bahaya narkoba",
                    "date",
                    start + datetime.timedelta(days=110),
                    None,
                    "Aula",
                    250_000,
                    "school",
                ),
            ],
        ),
        (
            "Guru Belajar",
            goals[2],
            "staff_competence",
            ["Universitas Islam Pekalongan (demo)"],
            [
                (
                    "Lokakarya pembelajaran mendalam",
                    "range",
                    start + datetime.timedelta(days=150),
                    start + datetime.timedelta(days=151),
                    "Kampus",
                    1_500_000,
                    "foundation",
                ),
            ],
        ),
    ]
    created = []
    for name, goal, need_area, partner_names, activities in programmes:
        programme = Programme.objects.for_school(school).create(plan=plan, name=name)
        programme.goals.add(goal)
        programme.needs.add(needs[need_area])
        programme.partners.set([partners[n] for n in partner_names])
        created.append(programme)
        for title, schedule, first, last, place, budget, source in activities:
            activity = PlannedActivity.objects.for_school(school).create(
                programme=programme,
                title=title,
                owner=teacher,
                schedule=schedule,
                start_date=first,
                end_date=last,
                place=place,
                budget=Decimal(budget),
                budget_source=source,
            )
            Task.objects.for_school(school).create(
                activity=activity,
                title="Surat undangan dan daftar hadir",
                assignee=teacher,
                due_date=first - datetime.timedelta(days=7),
            )
    forum = Forum.objects.for_school(school).create(
        plan=plan,
        title="Sosialisasi program kemitraan",
        date=start + datetime.timedelta(days=14),
        place="Aula sekolah",
        audiences=["teachers", "staff", "parents", "committee", "partners"],
        agenda="Tujuan kemitraan tahun ini; program dan jadwal; peran setiap pihak.",
        minutes="Kepala sekolah memaparkan tujuan; setiap mitra menyampaikan perannya.",
        decisions="Jadwal pemeriksaan kesehatan disepakati; komite menggalang dana mushala.",
    )
    forum.programmes.set(created)
    forum.partners.set([partners[n] for _t, _a, _p, n in NEEDS])
    for name, group in [
        ("Ahmad Fauzi", "teachers"),
        ("Nur Hidayah", "teachers"),
        ("H. Slamet Riyadi", "committee"),
        ("dr. Ratna Wulandari", "partners"),
    ]:
        Attendance.objects.for_school(school).create(forum=forum, name=name, group=group)
    services.plan_submit(plan=plan, user=coordinator, comment="Rencana kemitraan tahun ini, mohon diperiksa.")
    services.plan_approve(plan=plan, user=principal, comment="Disetujui. Pastikan setiap kegiatan didokumentasikan.")
    next_year = (
        AcademicYear.objects.for_school(school).filter(start_date__gt=year.start_date).order_by("start_date").first()
    )
    if next_year:
        services.plan_start_next_year(plan=plan, user=coordinator, academic_year=next_year)
