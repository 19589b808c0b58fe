"""A deterministic foundation-sized dataset for the benchmarks in bench/ (issue 9).

Every kind of record the product holds, in the proportions a busy school would have, written with
`bulk_create` school by school so that memory stays flat however many schools are asked for. The
first-time setup of each school (letter types, instruments, planning lists) goes through the same
services as the product, so the benchmarks measure the data the product itself would have made.

Evidence rows point at placeholder paths: the pages measured never open the files, and 200,000
real files would only measure the disk. `check_files` reports them as missing, as it should.
"""

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from bench import fasttable
from bench.fasttable import FastTable
from mitra.activities.models import Activity, Communication, Evidence, ParticipantCount
from mitra.agreements.models import Agreement, Article, Party
from mitra.agreements.services import ensure_templates
from mitra.evaluation import instruments
from mitra.evaluation.models import (
    ActionItem,
    Answer,
    Group,
    Instrument,
    Observation,
    Obstacle,
    Recommendation,
    Response,
    Round,
)
from mitra.files.models import StoredFile
from mitra.history.models import Change
from mitra.letters.models import Letter, LetterType
from mitra.letters.services import ensure_setup as ensure_letter_setup
from mitra.notifications.models import Event, Notification
from mitra.partners.models import Area, Contact, Partner, Potential, name_key
from mitra.planning.models import Goal, Indicator, Need, Plan, PlannedActivity, Programme
from mitra.planning.services import ensure_defaults as ensure_planning_defaults
from mitra.schools.models import AcademicYear, Foundation, FoundationMembership, Membership, School
from mitra.schools.roles import Role
from mitra.schools.services import default_year_dates

FOUNDATION_NAME = "Yayasan Bench Nasional"
SEED = 20261201


class Done(NamedTuple):
    """An activity that took place, as the later steps need it."""

    pk: int
    day: datetime.date
    title: str


@dataclass(frozen=True)
class Shape:
    """How many of each record per school; the totals are these times `schools`."""

    schools: int
    partners: int
    agreements: int
    letters: int
    activities: int
    evidence: int
    communications: int
    rounds: int
    answers: int  # in responses that each answer every question of the activity instrument
    observations: int
    obstacles: int
    recommendations: int
    teachers: int


# L is what issue 9 names: 1,000 schools, 30,000 partners, 20,000 agreements, 1,000,000 activities,
# 2,000,000 answers, 200,000 evidence records. M has L's schools shape at a tenth of the schools;
# S is smaller in every direction, so that a count that grows with the data shows between S and M.
_PER_SCHOOL = {
    "partners": 30, "agreements": 20, "letters": 40, "activities": 1000, "evidence": 200, "communications": 100, "rounds": 10,
    "answers": 2000, "observations": 20, "obstacles": 10, "recommendations": 5, "teachers": 5,
}  # fmt: skip
SIZES = {
    "S": Shape(
        schools=10,
        partners=10,
        agreements=5,
        letters=15,
        activities=100,
        evidence=20,
        communications=30,
        rounds=4,
        answers=200,
        observations=5,
        obstacles=4,
        recommendations=2,
        teachers=3,
    ),  # fmt: skip
    "M": Shape(schools=100, **_PER_SCHOOL),
    "L": Shape(schools=1000, **_PER_SCHOOL),
}

PARTNER_KINDS = [
    Partner.Kind.HEALTH,
    Partner.Kind.POLICE,
    Partner.Kind.PESANTREN,
    Partner.Kind.PESANTREN,
    Partner.Kind.UNIVERSITY,
    Partner.Kind.GOVERNMENT,
    Partner.Kind.BUSINESS,
    Partner.Kind.NGO,
    Partner.Kind.COMMITTEE,
    Partner.Kind.PARENTS,
    Partner.Kind.MOSQUE,
]
AREAS = list(Area.values)
LEVELS = [School.Level.MI, School.Level.MTS, School.Level.MA, School.Level.SMP, School.Level.SMK]
PASSWORD = "bench-2026"  # noqa: S105 — benchmark accounts on a throwaway database, like the demo's


COUNTED = [
    (Partner, "partners"),
    (Agreement, "agreements"),
    (Letter, "letters"),
    (Activity, "activities"),
    (Evidence, "evidence records"),
    (Response, "responses"),
    (Answer, "answers"),
    (Obstacle, "obstacles"),
]


def school_year_start(today: datetime.date) -> int:
    return today.year if today.month >= 7 else today.year - 1


class Builder:
    def __init__(self, shape: Shape, *, today: datetime.date, progress=None):
        self.shape = shape
        self.today = today
        self.progress = progress or (lambda message: None)
        self.random = random.Random(SEED)
        self.password = make_password(PASSWORD)
        self.now = timezone.now()
        self.activity_type = ContentType.objects.get_for_model(Activity)
        # The tables with thousands of rows a school; the rest go through bulk_create.
        self.tables = {
            model: FastTable(model, now=self.now)
            for model in (
                Activity, Activity.partners.through, Activity.agreements.through, ParticipantCount, StoredFile,
                Evidence, Communication, Response, Answer, Change, Notification,
            )
        }  # fmt: skip

    def build(self) -> Foundation:
        with transaction.atomic():
            foundation = Foundation.objects.create(name=FOUNDATION_NAME)
            officer = self._user("bench.yayasan", "Petugas Yayasan")
            FoundationMembership.objects.create(user=officer, foundation=foundation, role=Role.FOUNDATION_ADMIN)
        for number in range(1, self.shape.schools + 1):
            with transaction.atomic():
                self._school(foundation, number)
            if number % 50 == 0 or number == self.shape.schools:
                self.progress(f"{number} / {self.shape.schools} schools")
        fasttable.finish(self.tables)
        return foundation

    # --- one school ----------------------------------------------------------------------------

    def _school(self, foundation: Foundation, number: int) -> None:
        shape = self.shape
        school = School.objects.create(
            foundation=foundation,
            name=f"Madrasah Bench {number:04d}",
            level=LEVELS[number % len(LEVELS)],
            npsn=f"{60000000 + number}",
            region="Kabupaten Bench, Jawa Tengah",
            vision="Berakhlakul karimah dan berprestasi.",
            mission="Pendidikan bermutu\nKerja sama dengan masyarakat",
        )
        start = school_year_start(self.today)
        years = AcademicYear.all_schools.bulk_create(
            [AcademicYear(school=school, is_current=(y == start), **default_year_dates(y)) for y in (start - 1, start)]
        )
        people = self._people(school, number)
        principal, coordinator = people[0], people[1]
        ensure_letter_setup(school)
        ensure_templates(school)
        ensure_planning_defaults(school)
        instruments.ensure_defaults(school, coordinator)
        for table in self.tables.values():
            table.sync()

        partners = Partner.all_schools.bulk_create(
            [
                Partner(
                    school=school,
                    name=(name := f"Mitra {p:02d} Sekolah {number:04d}"),
                    name_key=name_key(name),
                    kind=PARTNER_KINDS[p % len(PARTNER_KINDS)],
                    status=Partner.Status.ACTIVE if p % 5 else Partner.Status.PROSPECT,
                    region="Kabupaten Bench",
                    phone=f"+62812{number:04d}{p:04d}",
                )
                for p in range(shape.partners)
            ]
        )
        Contact.all_schools.bulk_create(
            Contact(school=school, partner=p, name=f"Kontak {p.name}", position="Kepala", is_primary=True)
            for p in partners
        )
        Potential.all_schools.bulk_create(
            Potential(school=school, partner=p, area=AREAS[i % len(AREAS)], description="Penyuluhan")
            for i, p in enumerate(partners)
        )

        programmes = self._plan(school, years[1], partners, principal, coordinator)
        agreements = self._agreements(school, partners, principal)
        self._letters(school, partners, coordinator)
        activities = self._activities(school, years, partners, agreements, programmes, coordinator)
        self._evidence(school, activities, coordinator)
        self._communications(school, partners, activities, coordinator)
        self._evaluation(school, years, partners, activities, people)
        self._history(school, activities, coordinator)
        for i, person in enumerate(people * 4):
            self.tables[Notification].add(
                school_id=school.pk, user_id=person.pk, event=Event.NEWS, text=f"Kegiatan baru {i}"
            )
        for table in self.tables.values():
            table.flush()

    def _user(self, username: str, name: str):
        first, _space, last = name.partition(" ")
        return get_user_model().objects.create(
            username=username,
            email=f"{username}@bench.example",
            first_name=first,
            last_name=last,
            password=self.password,
        )

    def _people(self, school: School, number: int) -> list:
        User = get_user_model()
        roles = [Role.PRINCIPAL, Role.COORDINATOR, Role.ADMIN_STAFF] + [Role.TEAM_MEMBER] * self.shape.teachers
        names = ["kepala", "humas", "tu"] + [f"guru{t}" for t in range(1, self.shape.teachers + 1)]
        users = User.objects.bulk_create(
            User(
                username=f"bench{number:04d}.{name}",
                email=f"bench{number:04d}.{name}@bench.example",
                first_name=name.capitalize(),
                last_name=f"Sekolah {number:04d}",
                password=self.password,
            )
            for name in names
        )
        Membership.objects.bulk_create(
            Membership(user=user, school=school, role=role) for user, role in zip(users, roles, strict=True)
        )
        return users

    def _plan(self, school, year, partners, principal, coordinator):
        plan = Plan.all_schools.create(
            school=school, academic_year=year, status=Plan.Status.APPROVED, approved_by=principal,
            submitted_at=self.now, approved_at=self.now,
        )  # fmt: skip
        goals = Goal.all_schools.bulk_create(
            Goal(school=school, plan=plan, title=f"Tujuan {g}", serves="Misi 1", position=g) for g in range(3)
        )
        Indicator.all_schools.bulk_create(
            Indicator(
                school=school, goal=goal, name=f"Indikator {goal.position}.{i}", baseline=Decimal(10),
                target=Decimal(20), unit="kegiatan", direction=Indicator.Direction.INCREASE,
                frequency=Indicator.Frequency.ACTIVITY, responsible=coordinator,
            )
            for goal in goals
            for i in range(2)
        )  # fmt: skip
        needs = Need.all_schools.bulk_create(
            Need(school=school, plan=plan, title=f"Kebutuhan {n}", area=AREAS[n]) for n in range(4)
        )
        programmes = Programme.all_schools.bulk_create(
            Programme(school=school, plan=plan, name=f"Program {p}") for p in range(3)
        )
        for i, programme in enumerate(programmes):
            programme.goals.set([goals[i]])
            programme.needs.set([needs[i]])
            programme.partners.set(partners[i * 3 : i * 3 + 3])
        start = year.start_date
        PlannedActivity.all_schools.bulk_create(
            PlannedActivity(
                school=school, programme=programmes[i % 3], title=f"Rencana kegiatan {i}", owner=coordinator,
                start_date=start + datetime.timedelta(days=20 * i), budget=Decimal(500000),
            )
            for i in range(12)
        )  # fmt: skip
        return programmes

    def _agreements(self, school, partners, principal):
        rnd = self.random
        rows = []
        for a in range(self.shape.agreements):
            begins = self.today - datetime.timedelta(days=rnd.randrange(30, 900))
            ends = begins + datetime.timedelta(days=365 * rnd.choice([1, 2, 3]))
            stage = [Agreement.Stage.SIGNED] * 6 + [Agreement.Stage.DRAFT, Agreement.Stage.REVIEW]
            rows.append(
                Agreement(
                    school=school, kind=Agreement.Kind.PKS if a % 3 else Agreement.Kind.MOU,
                    title=f"Perjanjian kerja sama {a:02d} dengan {partners[a % len(partners)].name}",
                    purpose="Meningkatkan mutu layanan pendidikan.", start_date=begins, end_date=ends,
                    signing_place="Pekalongan", stage=stage[a % len(stage)],
                    signed_on=begins if stage[a % len(stage)] == Agreement.Stage.SIGNED else None,
                    created_by=principal,
                )
            )  # fmt: skip
        agreements = Agreement.all_schools.bulk_create(rows)
        Party.all_schools.bulk_create(
            party
            for i, agreement in enumerate(agreements)
            for party in (
                Party(school=school, agreement=agreement, is_first_party=True, position=0,
                      signatory_name=principal.get_full_name(), signatory_position="Kepala Sekolah"),
                Party(school=school, agreement=agreement, partner=partners[i % len(partners)], position=1,
                      signatory_name="Pimpinan Mitra", signatory_position="Kepala"),
            )
        )  # fmt: skip
        Article.all_schools.bulk_create(
            Article(school=school, agreement=agreement, number=n, title=f"Pasal {n}", body="Para pihak sepakat.")
            for agreement in agreements
            for n in range(1, 6)
        )
        return agreements

    def _letters(self, school, partners, coordinator):
        letter_type = LetterType.objects.for_school(school).first()
        rows = []
        for n in range(self.shape.letters):
            dated = self.today - datetime.timedelta(days=3 * n)
            outgoing = n % 4 != 3
            rows.append(
                Letter(
                    school=school, direction=Letter.Direction.OUT if outgoing else Letter.Direction.IN,
                    stage=Letter.Stage.ISSUED if outgoing else Letter.Stage.RECEIVED,
                    letter_type=letter_type if outgoing else None,
                    number=f"{n + 1:03d}/BENCH/{dated.month}/{dated.year}",
                    sequence=n + 1 if outgoing else None, sequence_year=dated.year if outgoing else None,
                    dated=dated, received_on=None if outgoing else dated, subject=f"Undangan kegiatan {n}",
                    partner=partners[n % len(partners)], correspondent=partners[n % len(partners)].name,
                    created_by=coordinator,
                )
            )  # fmt: skip
        # Sequences restart each year: number them within their year.
        seen: dict[int, int] = {}
        for letter in reversed(rows):
            if letter.sequence is not None:
                seen[letter.sequence_year] = seen.get(letter.sequence_year, 0) + 1
                letter.sequence = seen[letter.sequence_year]
        Letter.all_schools.bulk_create(rows)

    def _activities(self, school, years, partners, agreements, programmes, coordinator) -> list[Done]:
        rnd, t = self.random, self.tables
        first_day = years[0].start_date
        span = (self.today - first_day).days + 60
        signed = [a.pk for a in agreements if a.stage == Agreement.Stage.SIGNED]
        reviews = [Activity.Review.VERIFIED] * 7 + [
            Activity.Review.SUBMITTED, Activity.Review.DRAFT, Activity.Review.RETURNED
        ]  # fmt: skip
        done = []
        for n in range(self.shape.activities):
            day = first_day + datetime.timedelta(days=(n * span) // self.shape.activities)
            past = day <= self.today
            review = reviews[n % 10] if past else Activity.Review.DRAFT
            submitted = review != Activity.Review.DRAFT
            pk = t[Activity].add(
                school_id=school.pk, title=f"Kegiatan {n:04d}", area=AREAS[n % len(AREAS)], place="Aula sekolah",
                status=Activity.Status.DONE if past else Activity.Status.PLANNED,
                programme_id=programmes[n % len(programmes)].pk, start_date=day, start_time=datetime.time(8, 0),
                notes="Kegiatan berjalan lancar." if past else "", review=review,
                submitted_at=self.now if submitted else None, submitted_by_id=coordinator.pk if submitted else None,
                reviewed_at=self.now if review == Activity.Review.VERIFIED else None, recorded_by_id=coordinator.pk,
            )  # fmt: skip
            t[Activity.partners.through].add(activity_id=pk, partner_id=partners[n % len(partners)].pk)
            if signed and n % 2 == 0:
                t[Activity.agreements.through].add(activity_id=pk, agreement_id=signed[n % len(signed)])
            if past:
                t[ParticipantCount].add(
                    school_id=school.pk,
                    activity_id=pk,
                    group=ParticipantCount.Group.STUDENTS,
                    count=20 + rnd.randrange(80),
                )
                done.append(Done(pk, day, f"Kegiatan {n:04d}"))
        return done or [Done(pk, day, f"Kegiatan {n:04d}")]

    def _evidence(self, school, done, coordinator):
        t = self.tables
        for i in range(self.shape.evidence):
            activity = done[(i * len(done)) // self.shape.evidence]
            file_id = t[StoredFile].add(
                school_id=school.pk, path=f"bench/{school.pk}/{i:05d}.jpg", original_name=f"foto-{i:05d}.jpg",
                content_type="image/jpeg", size=48_000, sha256="0" * 64, uploaded_by_id=coordinator.pk,
            )  # fmt: skip
            t[Evidence].add(
                school_id=school.pk, activity_id=activity.pk, file_id=file_id, kind=Evidence.Kind.PHOTO,
                caption="Dokumentasi", added_by_id=coordinator.pk,
            )  # fmt: skip

    def _communications(self, school, partners, done, coordinator):
        channels = list(Communication.Channel.values)
        for n in range(self.shape.communications):
            self.tables[Communication].add(
                school_id=school.pk, partner_id=partners[n % len(partners)].pk, channel=channels[n % len(channels)],
                occurred_on=self.today - datetime.timedelta(days=n * 5), people="Koordinator dan mitra",
                summary="Koordinasi jadwal kegiatan.", activity_id=done[-1 - n % len(done)].pk,
                recorded_by_id=coordinator.pk,
            )  # fmt: skip

    def _evaluation(self, school, years, partners, done, people):
        rnd, shape, t = self.random, self.shape, self.tables
        instrument = Instrument.objects.for_school(school).filter(purpose=Instrument.Purpose.ACTIVITY).first()
        version = instruments.current_version(instrument)
        items = [item for section in version.definition["sections"] for item in section["items"]]
        rounds = Round.all_schools.bulk_create(
            Round(
                school=school, instrument=instrument, version=version, title=f"Evaluasi kegiatan {r}",
                academic_year=years[1] if r % 2 else years[0], activity_id=(activity := done[-1 - r * 7 % len(done)]).pk,
                partner=partners[r % len(partners)], opens_on=activity.day,
                closes_on=activity.day + datetime.timedelta(days=14), audiences=[Group.TEAM, Group.STUDENTS],
                expected={Group.TEAM: 5, Group.STUDENTS: 30}, created_by=people[1],
            )
            for r in range(shape.rounds)
        )  # fmt: skip
        for n in range(-(-shape.answers // len(items))):
            response_id = t[Response].add(
                school_id=school.pk, round_id=rounds[n % len(rounds)].pk, version_id=version.pk,
                group=Group.STUDENTS if n % 4 else Group.TEAM, submission=f"bench-{school.pk}-{n}",
            )  # fmt: skip
            for item in items:
                t[Answer].add(
                    school_id=school.pk, response_id=response_id, item_key=item["key"], **self._answer(item, rnd)
                )
        Observation.all_schools.bulk_create(
            Observation(
                school=school, activity_id=done[(n * 13) % len(done)].pk, observer=people[1], observed_on=self.today,
                school_involvement=rnd.randint(2, 4), partner_contribution=rnd.randint(2, 4), facilities=rnd.randint(1, 4),
                notes="Siswa antusias.",
            )
            for n in range(shape.observations)
        )  # fmt: skip
        categories = list(Obstacle.Category.values)
        Obstacle.all_schools.bulk_create(
            Obstacle(
                school=school, title=f"Kendala {n}", category=categories[n % len(categories)],
                status=[Obstacle.Status.OPEN, Obstacle.Status.HANDLING, Obstacle.Status.RESOLVED][n % 3],
                owner=people[2 + n % (len(people) - 2)], partner=partners[n % len(partners)],
                activity_id=done[(n * 31) % len(done)].pk, academic_year=years[1], created_by=people[1],
            )
            for n in range(shape.obstacles)
        )  # fmt: skip
        decisions = list(Recommendation.Decision.values)
        recommendations = Recommendation.all_schools.bulk_create(
            Recommendation(
                school=school, partner=partners[n], academic_year=years[1], round=rounds[n % len(rounds)],
                decision=decisions[n % len(decisions)], reasons="Kegiatan bermanfaat bagi siswa.", created_by=people[0],
            )
            for n in range(shape.recommendations)
        )  # fmt: skip
        ActionItem.all_schools.bulk_create(
            ActionItem(school=school, recommendation=r, text="Jadwalkan ulang kegiatan", owner=people[1])
            for r in recommendations
        )

    @staticmethod
    def _answer(item, rnd) -> dict:
        kind = item["kind"]
        if kind == "rating":
            return {"kind": kind, "number": Decimal(rnd.randint(1, 4))}
        if kind == "yes_no":
            return {"kind": kind, "number": Decimal(rnd.randint(0, 1))}
        if kind == "number":
            return {"kind": kind, "number": Decimal(rnd.randint(0, 50))}
        if kind == "single" and item["options"]:
            return {"kind": kind, "text": rnd.choice(item["options"])}
        if kind == "multiple" and item["options"]:
            return {"kind": kind, "choices": item["options"][:2]}
        return {"kind": kind, "text": "Kegiatannya bermanfaat."}

    def _history(self, school, done, coordinator):
        for activity in done[-200:]:
            self.tables[Change].add(
                school_id=school.pk, actor_id=coordinator.pk, action=Change.Action.UPDATE,
                target_type_id=self.activity_type.pk, target_id=activity.pk, target_repr=activity.title,
                anchor_type_id=self.activity_type.pk, anchor_id=activity.pk, fields={"notes": ["", "Kegiatan berjalan lancar."]},
            )  # fmt: skip


def build(size: str, *, today: datetime.date | None = None, progress=None) -> Foundation:
    return Builder(SIZES[size], today=today or timezone.localdate(), progress=progress).build()
