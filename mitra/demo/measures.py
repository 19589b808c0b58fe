"""What the demo school counts with its activities: pupils screened and referred at the health
activities (the five referred from the nutrition counselling wait for their follow-up), students placed
for teaching practice, pupils admitted from a pesantren, and juz memorised at the halaqah."""

from mitra.activities import measures
from mitra.activities.models import Activity


def build(*, school, coordinator, teacher) -> None:
    made = {}
    for name, unit, area, follow_up in (
        ("Siswa diskrining", "siswa", "health", False),
        ("Siswa dirujuk ke Puskesmas", "siswa", "health", True),
        ("Mahasiswa praktik mengajar", "mahasiswa", "staff_competence", False),
        ("Santri diterima dari pesantren", "siswa", "student_intake", False),
        ("Hafalan bertambah", "juz", "religious_character", False),
    ):
        made[name] = measures.measure_save(
            school=school,
            user=coordinator,
            data={"name": name, "unit": unit, "area": area, "follow_up": follow_up},
        )
    counselling = Activity.objects.for_school(school).get(title="Penyuluhan gizi dan anemia remaja kelas VII")
    measures.values_save(
        activity=counselling,
        user=teacher,
        values={made["Siswa diskrining"].pk: 48, made["Siswa dirujuk ke Puskesmas"].pk: 5},
    )
