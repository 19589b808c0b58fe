"""The shared cast: two foundations, three schools, a user for every role, and outsiders.

Foundation F1 runs school A (where everything happens) and its sibling B; foundation F2 runs C.
"""

import datetime
import io
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from mitra.accounts.models import ApiToken, User
from mitra.agreements import services as agreements
from mitra.agreements.models import AgreementTemplate, FoundationTemplate
from mitra.files import pipeline as files
from mitra.letters import services as letters
from mitra.letters.models import LetterType
from mitra.partners.models import Contact, Partner, Potential
from mitra.schools.models import AcademicYear, Foundation, FoundationMembership, Membership, School
from mitra.schools.roles import Role

PASSWORD = "a-long-test-password-2026"


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hashing():
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _plain_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "files"


@pytest.fixture(autouse=True)
def _no_culling_by_chance(monkeypatch):
    """A write to the fragments cache also culls it one time in 500, by chance (schools/fragment_cache.py):
    four statements more in whichever request drew it, which made a query count fail now and then (seen
    once in CI, on PostgreSQL). No write culls in the tests unless a test asks for it."""
    from mitra.schools import fragment_cache

    monkeypatch.setattr(fragment_cache, "_culls_now", lambda: False)


@pytest.fixture(autouse=True)
def _the_sites_language():
    """Each test starts in the site's language (Indonesian), whatever language an earlier test's
    request left active in this thread (the middleware activates the person's)."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@dataclass
class World:
    f1: Foundation
    f2: Foundation
    a: School
    b: School
    c: School
    users: dict[str, User] = field(default_factory=dict)
    partner: Partner | None = None  # at A, represented by users["partner_rep"]
    other_partner: Partner | None = None  # at A, not the representative's
    contact: Contact | None = None
    year: AcademicYear | None = None
    old_year: AcademicYear | None = None
    c_partner: Partner | None = None
    spare_member: Membership | None = None
    token: ApiToken | None = None
    plan: object = None
    goal: object = None
    indicator: object = None
    need: object = None
    analysis_item: object = None
    candidate: object = None
    value: object = None
    programme: object = None
    activity: object = None
    task: object = None
    forum: object = None
    attendance: object = None
    agreement: object = None  # a draft MoU of A with the puskesmas, ready to print
    signed_agreement: object = None
    article: object = None
    witness: object = None
    agreement_template: object = None
    foundation_template: object = None  # published by F1
    letter: object = None  # a draft outgoing letter of A to the puskesmas, ready to issue
    issued_letter: object = None
    incoming_letter: object = None  # with one attachment
    letter_attachment: object = None
    letter_type: object = None
    activity_planned: object = None
    done_activity: object = None  # done with the puskesmas, one photo, one named participant, submitted
    evidence: object = None
    participant: object = None
    term: object = None  # the team member's term this year
    rotation: object = None  # a draft
    communication: object = None  # a meeting with one attachment
    communication_attachment: object = None
    chat_import: object = None
    school_feed: object = None
    my_feed: object = None  # the principal's
    instrument: object = None  # the seeded activity instrument of A
    section: object = None
    item: object = None  # its first rating question
    round: object = None  # open, answered by the team member and by parents through a link
    link: object = None  # the parents' shared link
    personal_link: object = None
    response: object = None  # a parent's, through the shared link
    plan_entry: object = None
    obstacle: object = None
    recommendation: object = None
    action: object = None
    observation: object = None  # of the done activity, with one photo
    observation_photo: object = None
    foundation_instrument: object = None  # F1's, published from A's activity instrument


def make_user(username: str, **extra) -> User:
    return User.objects.create_user(
        username=username, email=f"{username}@example.org", password=PASSWORD, first_name=username.title(), **extra
    )


def school_year(school: School, first: int) -> AcademicYear:
    """The school year `first`/`first + 1`: July to June, the second semester from January."""
    return AcademicYear.all_schools.create(
        school=school,
        name=f"{first}/{first + 1}",
        start_date=datetime.date(first, 7, 1),
        second_semester_start=datetime.date(first + 1, 1, 1),
        end_date=datetime.date(first + 1, 6, 30),
    )


def make_partner(school: School, name: str, kind=Partner.Kind.HEALTH, **extra) -> Partner:
    from mitra.partners.models import name_key

    return Partner.all_schools.create(school=school, name=name, name_key=name_key(name), kind=kind, **extra)


def build_world() -> World:
    f1 = Foundation.objects.create(name="Yayasan Satu")
    f2 = Foundation.objects.create(name="Yayasan Dua")
    a = School.objects.create(foundation=f1, name="SMP A", level=School.Level.SMP, npsn="11111111")
    b = School.objects.create(foundation=f1, name="MI B", level=School.Level.MI)
    c = School.objects.create(foundation=f2, name="MTs C", level=School.Level.MTS)
    world = World(f1=f1, f2=f2, a=a, b=b, c=c)
    world.partner = make_partner(a, "Puskesmas Kergon", status=Partner.Status.ACTIVE)
    world.other_partner = make_partner(a, "Polsek Barat", kind=Partner.Kind.POLICE)
    Potential.all_schools.create(school=a, partner=world.partner, area="health", description="Penyuluhan")
    world.contact = Contact.all_schools.create(
        school=a, partner=world.partner, name="dr. Ratna", phone="+6281234567890", is_primary=True
    )
    world.c_partner = make_partner(c, "Puskesmas C")
    world.old_year = AcademicYear.all_schools.create(
        school=a,
        name="2024/2025",
        start_date=datetime.date(2024, 7, 1),
        second_semester_start=datetime.date(2025, 1, 1),
        end_date=datetime.date(2025, 6, 30),
    )
    world.year = AcademicYear.all_schools.create(
        school=a,
        name="2025/2026",
        start_date=datetime.date(2025, 7, 1),
        second_semester_start=datetime.date(2026, 1, 1),
        end_date=datetime.date(2026, 6, 30),
        is_current=True,
    )
    for role in (
        Role.PRINCIPAL,
        Role.COORDINATOR,
        Role.TEAM_MEMBER,
        Role.ADMIN_STAFF,
        Role.COMMITTEE_VIEWER,
        Role.PARTNER_REP,
    ):
        user = make_user(role.value)
        Membership.objects.create(
            user=user, school=a, role=role, partner=world.partner if role == Role.PARTNER_REP else None
        )
        world.users[role.value] = user
    for role in (Role.FOUNDATION_ADMIN, Role.FOUNDATION_VIEWER):
        user = make_user(role.value)
        FoundationMembership.objects.create(user=user, foundation=f1, role=role)
        world.users[role.value] = user
    world.users["sibling"] = make_user("sibling")
    Membership.objects.create(user=world.users["sibling"], school=b, role=Role.PRINCIPAL)
    world.users["outsider"] = make_user("outsider")
    Membership.objects.create(user=world.users["outsider"], school=c, role=Role.PRINCIPAL)
    world.users["other_foundation_admin"] = make_user("other_foundation_admin")
    FoundationMembership.objects.create(
        user=world.users["other_foundation_admin"], foundation=f2, role=Role.FOUNDATION_ADMIN
    )
    spare = make_user("spare")
    world.spare_member = Membership.objects.create(user=spare, school=a, role=Role.TEAM_MEMBER)
    world.token, _raw = ApiToken.issue(user=world.users["principal"], name="sync")
    a.logo = files.store(school=a, user=None, accepted=files.accept_image(png_upload("logo.png")), folder="logo")
    a.vision = "Unggul dalam prestasi, santun dalam akhlak"
    a.mission = "Pendidikan bermutu\nMembangun citra sekolah"
    a.save()
    _plan_the_year(world)
    return world


def _plan_the_year(world: World) -> None:
    """A draft plan for school A's current year with one of everything, for the sweep and the pages."""
    from mitra.planning import services as planning
    from mitra.planning.models import Value

    world.plan = planning.plan_create(school=world.a, user=None, academic_year=world.year)
    world.value = Value.objects.for_school(world.a).get(name="ta'awun")
    world.goal = planning.goal_save(
        plan=world.plan,
        user=None,
        fields={"title": "Citra sekolah", "serves": "Membangun citra sekolah"},
        values=[world.value],
    )
    world.indicator = planning.indicator_save(
        goal=world.goal,
        user=None,
        fields={
            "name": "Liputan media",
            "baseline": 1,
            "target": 4,
            "unit": "kali",
            "direction": "increase",
            "frequency": "yearly",
        },
    )
    world.need = planning.need_save(
        plan=world.plan, user=None, fields={"title": "UKS", "area": "health", "priority": 1}
    )
    world.analysis_item = planning.analysis_add(plan=world.plan, user=None, kind="problem", text="UKS belum aktif")
    world.candidate = planning.candidate_add(need=world.need, user=None, partner=world.partner)
    world.programme = planning.programme_save(
        plan=world.plan,
        user=None,
        fields={"name": "Sekolah Sehat"},
        goals=[world.goal],
        needs=[world.need],
        partners=[world.partner],
    )
    world.activity = planning.activity_save(
        programme=world.programme,
        user=None,
        fields={
            "title": "Pemeriksaan kesehatan",
            "schedule": "date",
            "start_date": datetime.date(2025, 9, 15),
            "budget": 500000,
            "budget_source": "school",
            "owner": world.users["team_member"],
        },
    )
    world.forum = planning.forum_save(
        plan=world.plan,
        user=None,
        fields={
            "title": "Sosialisasi program",
            "date": datetime.date(2025, 7, 21),
            "place": "Aula",
            "audiences": ["teachers", "partners"],
        },
        programmes=[world.programme],
        partners=[world.partner],
    )
    world.attendance = planning.attendance_add(
        forum=world.forum, user=None, name="dr. Ratna", group="partners", partner=world.partner
    )
    world.task = planning.task_add(
        activity=world.activity,
        user=None,
        title="Surat undangan",
        assignee=world.users["team_member"],
        due_date=datetime.date(2025, 9, 8),
    )


def template_named(school, name: str) -> AgreementTemplate:
    agreements.ensure_templates(school)
    return AgreementTemplate.objects.for_school(school).get(name=name)


def filled_mou(
    world,
    *,
    language="id",
    template="Nota Kesepahaman",
    title="Pembinaan Usaha Kesehatan Sekolah",
    number_suffix="",
    **extra,
):
    """An MoU between school A and its puskesmas with everything its template asks for."""
    principal = world.users["principal"]
    agreement = agreements.agreement_create(
        school=world.a,
        user=principal,
        kind="mou",
        title=title,
        partners=[world.partner],
        start_date=datetime.date(2024, 7, 1),
        end_date=datetime.date(2026, 6, 30),
        language=language,
        template=template_named(world.a, template),
        purpose="Meningkatkan derajat kesehatan peserta didik.",
        scope="Pemeriksaan kesehatan berkala dan penyuluhan.",
        signing_place="Pekalongan",
        signed_on=datetime.date(2024, 3, 12),
        **extra,
    )
    school_party, partner_party = agreement.parties.order_by("position")
    agreements.party_save(
        party=school_party,
        user=principal,
        data={
            "document_number": "421/045/SMP.A/VII/2024" + number_suffix,
            "signatory_name": "H. Ahmad Fauzi, S.Pd.I",
            "signatory_position": "Kepala Sekolah",
            "signatory_id": "19750101 200001 1 001",
        },
    )
    agreements.party_save(
        party=partner_party,
        user=principal,
        data={
            "document_number": "440/112/PKM-K/2024" + number_suffix,
            "signatory_name": "dr. Ratna Sari",
            "signatory_position": "Kepala UPT Puskesmas",
        },
    )
    return agreement


SAMPLES = Path(__file__).parent / "activities" / "samples"
PDF_SCAN = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def add_agreements(world) -> World:
    """The agreement stage's part of the world, for the tests that need it (it adds history rows)."""
    world.agreement = filled_mou(world)
    world.article = world.agreement.articles.get(number=1)
    world.witness = agreements.witness_add(
        agreement=world.agreement, user=None, name="Drs. Ali", position="Ketua Yayasan"
    )
    world.agreement_template = world.agreement.template
    world.foundation_template = FoundationTemplate.objects.create(
        foundation=world.f1, name="MoU Yayasan", kind="mou", articles="## Tujuan\n{purpose}", is_published=True
    )
    signed = filled_mou(world, title="Keamanan sekolah", number_suffix="S")
    agreements.submit_for_review(agreement=signed, user=None)
    agreements.sign(
        agreement=signed,
        user=None,
        signed_on=datetime.date(2024, 3, 12),
        scan=SimpleUploadedFile("scan.pdf", PDF_SCAN, content_type="application/pdf"),
        today=datetime.date(2024, 3, 20),
    )
    signed.refresh_from_db()
    world.signed_agreement = signed
    return world


def draft_letter(world, *, type_name="Undangan", **changes):
    """A draft letter of school A to its puskesmas with its dotted gaps filled in."""
    letters.ensure_setup(world.a)
    letter_type = LetterType.objects.for_school(world.a).get(name=type_name)
    letter = letters.letter_draft(
        school=world.a,
        user=world.users["coordinator"],
        letter_type=letter_type,
        correspondent="Kepala UPT Puskesmas Kergon",
        partner=world.partner,
        dated=datetime.date(2024, 7, 3),
    )
    data = {"body": letter.body.replace("…………", "Sabtu, 6 Juli 2024"), "place": "Pekalongan", **changes}
    return letters.letter_update(letter=letter, user=world.users["coordinator"], data=data)


def add_letters(world) -> World:
    """The letters register's part of the world: a draft, an issued letter and a received one."""
    world.letter = draft_letter(world)
    world.letter_type = world.letter.letter_type
    world.issued_letter = letters.letter_issue(
        letter=draft_letter(world, type_name="Permohonan kerja sama"), user=world.users["coordinator"]
    )
    world.incoming_letter = letters.letter_register(
        school=world.a,
        user=world.users["admin_staff"],
        data={
            "number": "440/210/PKM-K/VII/2024",
            "dated": datetime.date(2024, 7, 8),
            "received_on": datetime.date(2024, 7, 9),
            "correspondent": "UPT Puskesmas Kergon",
            "partner": world.partner,
            "subject": "Jadwal pemeriksaan kesehatan",
        },
        uploads=[SimpleUploadedFile("surat.pdf", PDF_SCAN, content_type="application/pdf")],
    )
    world.letter_attachment = world.incoming_letter.attachments.get()
    return world


def jpeg_upload(name="foto.jpg", size=(64, 48)) -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", size, "#3a7").save(out, format="JPEG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def add_implementation(world) -> World:
    """The implementation stage's part of the world: an activity with evidence, the team, a rotation,
    the communication log with a WhatsApp import, and calendar feeds."""
    from mitra.activities import calendar, communications, services, team
    from mitra.activities.models import Activity

    member = world.users["team_member"]
    world.done_activity = services.quick_record(
        school=world.a,
        user=member,
        partner=world.partner,
        sentence="Penyuluhan gizi kelas 7 bersama Puskesmas",
        photo=jpeg_upload(),
        day=datetime.date(2025, 9, 10),
    )
    services.participants_add(activity=world.done_activity, user=member, group="teachers", names="Bu Aminah, guru IPA")
    world.done_activity = services.submit(activity=world.done_activity, user=member)
    world.evidence = world.done_activity.evidence.get()
    world.participant = world.done_activity.participants.get()
    world.activity_planned = services.activity_save(
        school=world.a,
        user=member,
        data={
            "title": "Pemeriksaan kesehatan",
            "status": Activity.Status.PLANNED,
            "start_date": datetime.date(2026, 2, 3),
        },
        partners=[world.partner],
    )
    world.term = team.term_save(
        school=world.a,
        user=world.users["coordinator"],
        data={
            "user": member,
            "role": "member",
            "starts_on": world.year.start_date,
            "ends_on": world.year.end_date,
            "label": world.year.name,
        },
    )
    world.rotation = team.rotation_create(
        school=world.a,
        user=world.users["coordinator"],
        title="Rotasi guru",
        year=world.year,
        years=1,
        per_year=2,
        seats=1,
        people=[world.users["admin_staff"], world.spare_member.user],
        unavailable={},
        pins={},
    )
    world.communication = communications.communication_save(
        school=world.a,
        user=member,
        data={
            "partner": world.partner,
            "channel": "meeting",
            "direction": "both",
            "occurred_on": datetime.date(2025, 8, 20),
            "summary": "Rapat koordinasi jadwal penyuluhan",
        },
        uploads=[SimpleUploadedFile("notulen.pdf", PDF_SCAN, content_type="application/pdf")],
    )
    world.communication_attachment = world.communication.attachments.get()
    world.chat_import = communications.import_chat(
        school=world.a,
        user=member,
        partner=world.partner,
        upload=SimpleUploadedFile("chat.txt", (SAMPLES / "whatsapp-android-id.txt").read_bytes()),
    )
    world.school_feed = calendar.feed_for(school=world.a)
    world.my_feed = calendar.feed_for(school=world.a, user=world.users["principal"])
    return world


def parent_answers(version, *, rating="3", text="Jadwal terlalu mendadak") -> dict:
    """Form data answering every question of a version: ratings, choices and texts."""
    from mitra.evaluation.responses import field_name

    data = {}
    for item in version.items:
        name = field_name(item["key"])
        if item["kind"] == "rating":
            data[name] = rating
        elif item["kind"] == "yes_no":
            data[name] = "1"
        elif item["kind"] == "number":
            data[name] = "2"
        elif item["kind"] in ("single", "multiple"):
            data[name] = item["options"][0] if item["kind"] == "single" else [item["options"][0]]
        else:
            data[name] = text
    return data


def add_evaluation(world) -> World:
    """The evaluation stage's part of the world: instruments, a plan entry, an answered round with
    links, an obstacle, a recommendation with an action, and an observation with a photo."""
    from django.http import QueryDict

    from mitra.evaluation import instruments, responses, services
    from mitra.evaluation.models import Instrument, Link

    coordinator = world.users["coordinator"]
    instruments.ensure_defaults(world.a)
    world.instrument = Instrument.objects.for_school(world.a).get(purpose="activity")
    world.section = world.instrument.sections.first()
    world.item = world.instrument.items.filter(kind="rating").first()
    world.plan_entry = services.plan_entry_save(
        school=world.a,
        user=coordinator,
        data={
            "academic_year": world.year,
            "instrument": world.instrument,
            "timing": "after_activity",
            "audiences": ["team", "parents"],
        },
    )
    today = datetime.date.today()
    world.round = responses.round_open(
        school=world.a,
        user=coordinator,
        instrument=world.instrument,
        data={
            "title": "Evaluasi penyuluhan gizi",
            "opens_on": today - datetime.timedelta(days=1),
            "closes_on": today + datetime.timedelta(days=13),
            "audiences": ["team", "parents"],
            "activity": world.done_activity,
            "partner": world.partner,
            "plan_entry": world.plan_entry,
        },
        respondents=[world.users["team_member"], world.users["coordinator"]],
        expected={"parents": 10},
    )
    world.link = Link.objects.for_school(world.a).get(round=world.round, single_use=False)
    world.personal_link = responses.links_add(round_=world.round, user=coordinator, group="parents", count=2)[0]
    data = QueryDict(mutable=True)
    for name, value in parent_answers(world.round.version).items():
        data.setlist(name, value if isinstance(value, list) else [value])
    form = responses.answer_form(world.round, data)
    assert form.is_valid(), form.errors
    world.response = responses.response_save(
        round_=world.round, form=form, group="parents", submission="world-parent", link=world.link
    )
    world.obstacle = services.obstacle_save(
        school=world.a,
        user=coordinator,
        data={
            "title": "Jadwal mendadak",
            "category": "schedule",
            "severity": 2,
            "partner": world.partner,
            "owner": world.users["team_member"],
        },
    )
    world.recommendation = services.recommendation_save(
        school=world.a,
        user=coordinator,
        data={"partner": world.partner, "decision": "continue", "reasons": "Bermanfaat", "round": world.round},
    )
    world.action = services.action_save(
        recommendation=world.recommendation,
        user=coordinator,
        data={"text": "Jadwal disepakati sebulan sebelumnya", "owner": coordinator, "status": "open"},
    )
    world.observation = services.observation_save(
        school=world.a,
        user=world.users["team_member"],
        activity=world.done_activity,
        data={
            "observed_on": datetime.date(2025, 9, 10),
            "school_involvement": 3,
            "partner_contribution": 4,
            "facilities": 2,
            "obstacles_met": "Proyektor rusak",
        },
        uploads=[jpeg_upload("observasi.jpg")],
    )
    world.observation_photo = world.observation.photos.get()
    world.foundation_instrument = instruments.foundation_publish(foundation=world.f1, instrument=world.instrument)
    return world


def add_reports(world) -> World:
    """A report the principal made, done, with its file (the download the sweep asks for)."""
    from mitra.schools import jobs
    from mitra.schools.access import access_for

    access = access_for(world.users["principal"], world.a.pk)
    params = {"kind": "accountability", "year": world.year.pk, "language": "id", "format": "pdf"}
    world.job = jobs.start(access=access, kind="report", params=params, title="Ringkasan")
    jobs.run(world.job.pk)
    world.job.refresh_from_db()
    from mitra.files.pipeline import Spreadsheet
    from mitra.transfer import imports

    sheet = Spreadsheet("csv", text="Nama Mitra,Jenis\nPuskesmas Baru,Puskesmas\n")
    world.batch = imports.start(
        school=world.a, user=world.users["principal"], target="partners", sheet=sheet, file_name="mitra.csv"
    )
    return world


def png_bytes(size=(64, 64), color="#0f6b4f") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, format="PNG")
    return out.getvalue()


def png_upload(name="logo.png", data: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data if data is not None else png_bytes(), content_type="image/png")


@pytest.fixture
def world(db) -> World:
    return build_world()


@pytest.fixture
def agreement_world(world) -> World:
    return add_agreements(world)


@pytest.fixture
def letter_world(agreement_world) -> World:
    return add_letters(agreement_world)


@pytest.fixture
def run_world(letter_world) -> World:
    return add_implementation(letter_world)


@pytest.fixture
def evaluation_world(run_world) -> World:
    return add_evaluation(run_world)


@pytest.fixture
def report_world(evaluation_world) -> World:
    return add_reports(evaluation_world)


@pytest.fixture
def principal_client(client, world):
    client.force_login(world.users["principal"])
    return client


def all_at_once(jobs) -> tuple[list, list[str]]:
    """Run each job in its own thread, released at the same moment, each with its own database
    connection: what they returned, and the errors they raised."""
    import threading

    from django.db import connection

    start, results, errors = threading.Barrier(len(jobs)), [], []

    def run(job):
        try:
            start.wait()
            results.append(job())
        except Exception as error:  # noqa: BLE001 (returned to the test)
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results, errors


def queries_of_fresh_page(client, url: str) -> int:
    """The queries of one GET of a page computed afresh, not read from the parts kept since the
    school's data last changed ({% kept %}): what the page costs the first time after a write."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from mitra.schools import freshness
    from mitra.schools.models import School

    for school_id in School.objects.values_list("pk", flat=True):
        freshness.mark(school_id, *freshness.KINDS)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)
