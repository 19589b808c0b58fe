"""The demo school's evaluation stage: the year's evaluation plan, the nutrition counselling
evaluated by the team, the puskesmas and twelve parents through a link (so the results page has
figures and comments), an observation, two obstacles (one raised from a parent's comment, one
resolved) and a recommendation to continue the puskesmas partnership with its action items."""

import datetime
from decimal import Decimal

from django.http import QueryDict
from django.utils import translation

from mitra.activities import services as activities
from mitra.activities.models import Activity
from mitra.evaluation import instruments, responses, services
from mitra.evaluation.models import Instrument, Link
from mitra.evaluation.responses import field_name
from mitra.planning.models import Indicator
from mitra.schools.services import current_year

# Twelve parents: a rating for each of the four statements, the obstacles they met and a comment.
PARENTS = [
    ("4433", ["Tidak ada"], ""),
    ("4344", ["Tidak ada"], "Semoga diadakan lagi semester depan."),
    ("3332", ["Jadwal"], "Pemberitahuannya mendadak, baru tahu sehari sebelumnya."),
    ("4442", ["Sarana prasarana"], "Aula panas, kipas angin kurang."),
    ("3d33", ["Tidak ada"], ""),
    ("4434", ["Tidak ada"], "Anak saya jadi rajin sarapan."),
    ("2322", ["Komunikasi", "Jadwal"], "Informasi lewat grup WA kelas kurang jelas."),
    ("4444", ["Tidak ada"], ""),
    ("33d3", ["Jadwal"], ""),
    ("4443", ["Tidak ada"], "Terima kasih untuk Puskesmas."),
    ("3433", ["Sarana prasarana"], ""),
    ("4344", ["Tidak ada"], ""),
]


def _answer(round_, *, ratings, obstacles, comment, group, submission, link=None, user=None):
    version = round_.version
    data = QueryDict(mutable=True)
    ratings_iter = iter(ratings)
    for item in version.items:
        name = field_name(item["key"])
        if item["kind"] == "rating":
            value = next(ratings_iter, "3")
            data[name] = "dk" if value == "d" else value
        elif item["kind"] == "multiple":
            wanted = {o.casefold() for o in obstacles}
            data.setlist(name, [o for o in item["options"] if o.casefold() in wanted] or [item["options"][-1]])
        elif item["kind"] in ("long", "short") and comment:
            data[name] = comment
            comment = ""  # the first text question only
    form = responses.answer_form(round_, data)
    assert form.is_valid(), form.errors
    return responses.response_save(round_=round_, form=form, group=group, submission=submission, link=link, user=user)


def build(*, school, principal, coordinator, teachers, partner_rep) -> None:
    with translation.override("id"):
        instruments.ensure_defaults(school)
    activity_instrument = Instrument.objects.for_school(school).get(purpose="activity")
    year_end = Instrument.objects.for_school(school).get(purpose="year_end")
    year = current_year(school)
    entry = services.plan_entry_save(
        school=school,
        user=coordinator,
        data={
            "academic_year": year,
            "instrument": activity_instrument,
            "timing": "after_activity",
            "audiences": ["team", "partners", "parents"],
            "notes": "Diisi paling lambat seminggu setelah kegiatan.",
        },
    )
    services.plan_entry_save(
        school=school,
        user=coordinator,
        data={
            "academic_year": year,
            "instrument": year_end,
            "timing": "year_end",
            "audiences": ["team", "partners", "committee"],
        },
    )
    counselling = Activity.objects.for_school(school).get(title__startswith="Penyuluhan gizi")
    puskesmas = counselling.partners.get()
    checked = (
        Indicator.objects.for_school(school)
        .filter(goal__plan__academic_year=year, name__startswith="Siswa yang mengikuti pemeriksaan")
        .first()
    )
    if checked is not None:
        # What the counselling reached on the plan's indicator, for the indicator progress table.
        activities.activity_save(
            school=school,
            user=teachers[0],
            activity=counselling,
            data={},
            results={checked: (Decimal(62), "Siswi kelas VII yang diperiksa Hb")},
        )
    round_ = responses.round_open(
        school=school,
        user=coordinator,
        instrument=activity_instrument,
        data={
            "title": "Evaluasi penyuluhan gizi kelas VII",
            "activity": counselling,
            "partner": puskesmas,
            "academic_year": year,
            "plan_entry": entry,
            "opens_on": counselling.start_date + datetime.timedelta(days=1),
            "closes_on": datetime.date.today() + datetime.timedelta(days=7),
            "audiences": ["team", "partners", "parents"],
        },
        respondents=[coordinator, *teachers],
        expected={"parents": 30, "partners": 1},
    )
    parents = Link.objects.for_school(school).get(round=round_, group="parents")
    for n, (ratings, obstacles, comment) in enumerate(PARENTS):
        _answer(
            round_,
            ratings=ratings,
            obstacles=obstacles,
            comment=comment,
            group="parents",
            submission=f"demo-parent-{n}",
            link=parents,
        )
    partners_link = Link.objects.for_school(school).get(round=round_, group="partners")
    _answer(
        round_,
        ratings="4344",
        obstacles=["Sarana prasarana"],
        comment="Mohon proyektor disiapkan sebelum acara.",
        group="partners",
        submission="demo-partner",
        link=partners_link,
    )
    for person, ratings in ((coordinator, "4433"), (teachers[0], "3433")):
        _answer(
            round_,
            ratings=ratings,
            obstacles=["Jadwal"],
            comment="Undangan ke orang tua perlu lebih awal.",
            group="team",
            submission=f"demo-team-{person.pk}",
            user=person,
        )
    responses.links_add(
        round_=round_,
        user=coordinator,
        group="parents",
        count=3,
        labels=["Orang tua Ahmad (VII A)", "Orang tua Siti (VII B)", "Orang tua Budi (VII C)"],
    )

    observation = services.observation_save(
        school=school,
        user=teachers[1],
        activity=counselling,
        data={
            "observed_on": counselling.start_date,
            "school_involvement": 3,
            "partner_contribution": 4,
            "facilities": 2,
            "obstacles_met": "Proyektor aula tidak menyala di awal acara; materi ditunda 15 menit.",
            "notes": "Siswi antusias saat pemeriksaan Hb; wali kelas mendampingi.",
        },
    )
    source = next(
        r for r in round_.responses.filter(group="parents") if "mendadak" in " ".join(a.text for a in r.answers.all())
    )
    text_key = next(i["key"] for i in round_.version.items if i["kind"] == "long")
    services.obstacle_save(
        school=school,
        user=coordinator,
        data={
            "title": "Pemberitahuan kegiatan ke orang tua mendadak",
            "category": "communication",
            "severity": 2,
            "description": "Beberapa orang tua baru tahu sehari sebelum kegiatan.",
            "cause": "Undangan dikirim lewat grup WA kelas H-1.",
            "owner": teachers[0],
            "due_on": datetime.date.today() + datetime.timedelta(days=14),
            "status": "handling",
            "partner": puskesmas,
            "activity": counselling,
        },
        source={"response": source, "item": text_key},
    )
    services.obstacle_save(
        school=school,
        user=coordinator,
        data={
            "title": "Proyektor aula rusak",
            "category": "facilities",
            "severity": 1,
            "cause": "Lampu proyektor sudah lama.",
            "response_taken": "Proyektor diganti dengan milik lab IPA.",
            "owner": coordinator,
            "status": "resolved",
            "activity": counselling,
        },
        source={"observation": observation},
    )
    recommendation = services.recommendation_save(
        school=school,
        user=principal,
        data={
            "partner": puskesmas,
            "decision": "continue",
            "round": round_,
            "academic_year": year,
            "reasons": "Orang tua dan siswa menilai kegiatan bermanfaat (rata-rata di atas 3,5); Puskesmas "
            "berkontribusi sesuai kesepakatan. Perlu perbaikan pemberitahuan dan fasilitas.",
        },
    )
    for text, owner, days, status in (
        ("Undangan ke orang tua paling lambat H-7 melalui surat dan grup WA", teachers[0], 30, "doing"),
        ("Cek proyektor dan sound system H-1 setiap kegiatan di aula", coordinator, 14, "open"),
    ):
        services.action_save(
            recommendation=recommendation,
            user=principal,
            data={
                "text": text,
                "owner": owner,
                "status": status,
                "due_on": datetime.date.today() + datetime.timedelta(days=days),
            },
        )
