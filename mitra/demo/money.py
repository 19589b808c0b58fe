"""The demo school's money for the school year so far: payments against the work plan's programmes,
from each source, some with the photo of their receipt, one programme over its budget; and what its
partners gave — the puskesmas's health workers' time and the iron tablets, the police's time, the
committee's collection for the prayer room's roof, and a room lent under the signed agreement; and the
school committee's word on the spending, written by its member in Mitra."""

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from mitra.activities import contributions
from mitra.activities.models import Activity
from mitra.agreements.models import Agreement
from mitra.partners.models import Partner
from mitra.planning import committee as committee_word
from mitra.planning import spending
from mitra.planning.models import Plan, Programme
from mitra.schools.access import access_for
from mitra.schools.models import AcademicYear, Membership
from mitra.schools.roles import Role


def _receipt(name: str, lines: list[str]) -> SimpleUploadedFile:
    """A drawn stand-in for a photographed receipt (kuitansi)."""
    image = Image.new("RGB", (900, 600), "#fbf7ec")
    draw = ImageDraw.Draw(image)
    draw.rectangle((30, 30, 870, 570), outline="#555555", width=3)
    draw.text((60, 60), "KUITANSI", fill="#222222")
    for n, line in enumerate(lines):
        draw.text((60, 140 + n * 50), line, fill="#333333")
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=80)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def build(*, school, coordinator, admin_staff) -> None:
    today = datetime.date.today()
    year = AcademicYear.objects.for_school(school).get(is_current=True)

    def day(days_ago: int) -> datetime.date:
        """A day of this school year so far: `days_ago` before today, never before the year began."""
        return max(year.start_date, today - datetime.timedelta(days=days_ago))

    plan = Plan.objects.for_school(school).in_force().get(academic_year=year)
    programme = {p.name: p for p in Programme.objects.for_school(school).filter(plan=plan)}
    payments = [
        ("Sekolah Sehat", 120, 180_000, "school", "Cetak lembar pemeriksaan dan map siswa", True),
        ("Sekolah Sehat", 60, 260_000, "school", "Alat ukur tinggi badan dan timbangan", True),
        ("Sekolah Sehat", 21, 150_000, "committee", "Konsumsi penyuluhan gizi", True),
        ("Tahfidz dan Adab", 100, 120_000, "committee", "Mushaf dan buku mutaba'ah", False),
        ("Tahfidz dan Adab", 40, 75_000, "other", "Air minum halaqah", False),
        ("Sekolah Aman", 45, 200_000, "school", "Spanduk dan kerucut lalu lintas", True),
        ("Sekolah Aman", 10, 110_000, "school", "Konsumsi penyuluhan tertib lalu lintas", False),
        ("Guru Belajar", 30, 350_000, "foundation", "Uang muka narasumber lokakarya", True),
    ]
    for n, (name, days_ago, amount, source, description, with_receipt) in enumerate(payments, start=1):
        receipt = (
            _receipt(f"kuitansi-{n}.jpg", [description, f"Rp{amount:,}".replace(",", "."), "Lunas"])
            if with_receipt
            else None
        )
        spending.spending_add(
            programme=programme[name],
            user=admin_staff,
            data={"day": day(days_ago), "amount": amount, "source": source, "description": description},
            receipt=receipt,
        )

    activities = Activity.objects.for_school(school)
    counselling = activities.get(title="Penyuluhan gizi dan anemia remaja kelas VII")
    patrol = activities.get(title="Patroli pagi dan penyuluhan tertib lalu lintas")
    committee_meeting = activities.filter(partners__kind=Partner.Kind.COMMITTEE).first()
    puskesmas = Partner.objects.for_school(school).get(name="UPT Puskesmas Kergon")
    police = Partner.objects.for_school(school).get(kind=Partner.Kind.POLICE)
    committee = Partner.objects.for_school(school).get(kind=Partner.Kind.COMMITTEE)

    def give(partner, data, *, activity=None, agreement=None):
        contributions.contribution_add(
            school=school, user=coordinator, partner=partner, activity=activity, agreement=agreement, data=data
        )

    give(
        puskesmas,
        {
            "kind": "time",
            "day": counselling.start_date,
            "description": "Petugas gizi dan bidan",
            "people": 2,
            "hours": 3,
        },
        activity=counselling,
    )
    give(
        puskesmas,
        {
            "kind": "in_kind",
            "day": counselling.start_date,
            "description": "Tablet tambah darah untuk 50 siswi",
            "value": 400_000,
            "valued_how": "Harga apotek setempat, Rp8.000 per strip",
        },
        activity=counselling,
    )
    give(
        police,
        {"kind": "time", "day": patrol.start_date, "description": "Dua anggota Polsek", "people": 2, "hours": 2},
        activity=patrol,
    )
    if committee_meeting is not None:
        give(
            committee,
            {
                "kind": "cash",
                "day": committee_meeting.start_date,
                "description": "Sumbangan sukarela orang tua untuk atap mushala",
                "value": 2_750_000,
            },
            activity=committee_meeting,
        )
    mou = Agreement.objects.for_school(school).filter(stage="signed", parties__partner=puskesmas).first()
    if mou is not None:
        give(
            puskesmas,
            {
                "kind": "in_kind",
                "day": day(90),
                "description": "Pemakaian ruang pertemuan Puskesmas untuk pelatihan kader UKS",
                "value": 500_000,
                "valued_how": "Tarif sewa ruang pertemuan kecamatan",
            },
            agreement=mou,
        )

    member = Membership.objects.filter(school=school, role=Role.COMMITTEE_VIEWER, is_active=True).first()
    if member is not None:
        committee_word.comment_add(
            access=access_for(member.user, school.pk),
            user=member.user,
            about="accountability",
            year=year,
            text="Komite mengapresiasi pencatatan belanja beserta kuitansinya. Program Sekolah Aman melebihi "
            "anggaran; mohon dijelaskan pada rapat komite berikutnya dan dianggarkan cukup tahun depan.",
        )
