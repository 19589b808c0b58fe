"""Making a report from the page: the form, the queued job, the worker, the progress and the
download, and who may see whose report."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult

from mitra.activities import services as activities
from mitra.reports import charts
from mitra.schools import jobs
from mitra.schools.jobs import run_job
from mitra.schools.models import AcademicYear, Job, Membership
from tests.documents.reading import pdf_text, squeeze


@pytest.fixture(autouse=True)
def in_english(world):
    for person in world.users.values():
        person.language = "en"
        person.save(update_fields=["language"])


def _form(world, **changes):
    return {"kind": "annual", "year": world.year.pk, "language": "en", "format": "pdf", **changes}


def test_the_principal_makes_the_annual_report_the_worker_runs_it_and_it_downloads(
    client, run_world, django_capture_on_commit_callbacks
):
    world = run_world
    client.force_login(world.users["principal"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:generate", args=[world.a.pk]), _form(world))
    job = Job.objects.for_school(world.a).get()
    assert response.status_code == 302 and response["Location"] == reverse("reports:job", args=[world.a.pk, job.pk])
    assert job.state == "queued" and job.requested_by == world.users["principal"]
    # Queued for the worker, not run in the request. (The worker command itself closes the
    # database connection, which a test transaction cannot survive: the browser test runs it.)
    queued = DBTaskResult.objects.get(status="READY")
    assert queued.task_path == "mitra.schools.jobs.run_job" and queued.args_kwargs["args"] == [job.pk]
    assert "Waiting for the worker" in client.get(response["Location"]).content.decode()

    run_job.call(*queued.args_kwargs["args"])

    job.refresh_from_db()
    assert job.state == "done" and job.progress == 100 and job.file_name.endswith(".pdf")
    page = client.get(response["Location"]).content.decode()
    assert "Download" in page and 'hx-trigger="every 1s"' not in page  # done: the page stops asking
    download = client.get(reverse("reports:download", args=[world.a.pk, job.pk]))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert "attachment" in download["Content-Disposition"]
    text = squeeze(pdf_text(b"".join(download.streaming_content)))
    assert "Annual partnership report" in text and world.a.name in text
    assert world.done_activity.title in text


def test_the_page_polls_while_the_job_runs_and_shows_its_progress(client, world):
    client.force_login(world.users["principal"])
    access = _access(world)
    job = jobs.start(access=access, kind="report", params=_form(world), title="Annual")
    Job.objects.for_school(world.a).filter(pk=job.pk).update(state="running", progress=40, step="Participation")
    partial = client.get(reverse("reports:job", args=[world.a.pk, job.pk]), headers={"HX-Request": "true"})
    body = partial.content.decode()
    assert "<html" not in body and 'value="40"' in body and "Participation" in body
    assert 'hx-trigger="every 1s"' in body


def _access(world, role="principal"):
    from mitra.schools.access import access_for

    return access_for(world.users[role], world.a.pk)


def test_a_report_is_seen_only_by_the_person_who_asked_for_it(client, report_world):
    world = report_world
    for url in (
        reverse("reports:job", args=[world.a.pk, world.job.pk]),
        reverse("reports:download", args=[world.a.pk, world.job.pk]),
    ):
        client.force_login(world.users["coordinator"])
        assert client.get(url).status_code == 404
        client.force_login(world.users["principal"])
        assert client.get(url).status_code == 200
    client.force_login(world.users["coordinator"])
    assert world.job.title not in client.get(reverse("reports:home", args=[world.a.pk])).content.decode()


def test_a_job_whose_requester_lost_access_fails_and_leaves_no_file(world, settings):
    """The error is said in the requester's language, whatever language the worker runs in."""
    world.users["coordinator"].language = "en"
    world.users["coordinator"].save(update_fields=["language"])
    job = jobs.start(access=_access(world, "coordinator"), kind="report", params=_form(world), title="Annual")
    Membership.objects.filter(user=world.users["coordinator"], school=world.a).update(is_active=False)
    assert jobs.run(job.pk) == "failed"
    job.refresh_from_db()
    assert job.error == "You no longer have access to this school." and not job.file_path
    assert not (settings.MEDIA_ROOT / "jobs").exists()
    world.users["principal"].language = "id"
    world.users["principal"].save(update_fields=["language"])
    job = jobs.start(access=_access(world, "principal"), kind="report", params=_form(world), title="Tahunan")
    Membership.objects.filter(user=world.users["principal"], school=world.a).update(is_active=False)
    with translation.override("en"):
        assert jobs.run(job.pk) == "failed"
    job.refresh_from_db()
    assert job.error == "Anda tidak lagi memiliki akses ke sekolah ini."


def test_a_report_that_breaks_fails_with_a_message_instead_of_running_forever(world, monkeypatch):
    from mitra.reports import generate, render

    def broken(report):
        raise RuntimeError("the PDF engine fell over")

    monkeypatch.setitem(generate.FORMATS, "pdf", ("application/pdf", broken))
    job = jobs.start(access=_access(world), kind="report", params=_form(world), title="Annual")
    assert jobs.run(job.pk) == "failed"
    job.refresh_from_db()
    assert job.finished_at and "Something went wrong" in job.error
    assert render.pdf  # the real renderer is untouched


@pytest.mark.parametrize(
    "changes,field_error",
    [
        ({"kind": "semester"}, "Choose the semester."),
        ({"kind": "partnership"}, "Choose the partner."),
        ({"year": 999999}, "Select a valid choice"),
        ({"format": "exe"}, "Select a valid choice"),
    ],
)
def test_an_incomplete_request_is_refused_with_the_reason_and_queues_nothing(client, world, changes, field_error):
    client.force_login(world.users["principal"])
    response = client.post(reverse("reports:generate", args=[world.a.pk]), _form(world, **changes))
    assert response.status_code == 400 and field_error in response.content.decode()
    assert not Job.objects.for_school(world.a).exists()


def test_another_schools_year_or_partner_cannot_be_reported_on(client, world):
    other_year = AcademicYear.objects.for_school(world.c).first() or AcademicYear.all_schools.create(
        school=world.c,
        name="2025/2026",
        start_date=datetime.date(2025, 7, 1),
        second_semester_start=datetime.date(2026, 1, 1),
        end_date=datetime.date(2026, 6, 30),
    )
    client.force_login(world.users["principal"])
    form = _form(world, kind="partnership", year=other_year.pk, partner=world.c_partner.pk)
    response = client.post(reverse("reports:generate", args=[world.a.pk]), form)
    assert response.status_code == 400 and not Job.objects.for_school(world.a).exists()


def test_the_partnership_and_semester_reports_keep_to_their_scope(run_world):
    from mitra.reports import generate
    from mitra.reports.scope import Kind, Scope

    world = run_world
    other = activities.quick_record(
        school=world.a,
        user=world.users["team_member"],
        partner=world.other_partner,
        sentence="Kunjungan industri ke pabrik batik",
        day=datetime.date(2026, 3, 2),
    )
    access = _access(world)
    read = lambda **scope: squeeze(
        pdf_text(generate.make(Scope(access=access, year=world.year, language="en", **scope), "pdf").data)
    )
    whole = read(kind=Kind.ANNUAL)
    assert other.title in whole and world.done_activity.title in whole
    partnership = read(kind=Kind.PARTNERSHIP, partner=world.partner)
    assert f"Partnership with {world.partner.name}" in partnership
    assert world.done_activity.title in partnership and other.title not in partnership
    first = read(kind=Kind.SEMESTER, semester=1)
    second = read(kind=Kind.SEMESTER, semester=2)
    assert world.done_activity.title in first and other.title not in first  # 10 September / 2 March
    assert other.title in second and world.done_activity.title not in second


def test_the_report_command_writes_the_file_for_batch_use(world, tmp_path):
    target = tmp_path / "annual.docx"
    call_command("report", "annual", school=str(world.a.pk), year=world.year.name, format="docx", output=str(target))
    import docx

    text = " ".join(p.text for p in docx.Document(io.BytesIO(target.read_bytes())).paragraphs)
    assert "Laporan Kemitraan Tahunan" in text
    out = io.StringIO()
    call_command(
        "report", "accountability", foundation=world.f1.pk, year=world.year.name, output_dir=str(tmp_path), stdout=out
    )
    with_the_year = world.f1.schools.filter(
        pk__in=AcademicYear.all_schools.filter(name=world.year.name).values("school")
    )
    assert len(list(tmp_path.glob("*.pdf"))) == with_the_year.count() >= 1
    # A school of the foundation without that year is named and skipped, not the end of the batch.
    for school in world.f1.schools.exclude(pk__in=with_the_year):
        assert f"{school.name}: skipped" in out.getvalue()


def test_the_report_command_says_what_is_wrong(world):
    with pytest.raises(CommandError, match="No single school"):
        call_command("report", "annual", school="00000000")
    with pytest.raises(CommandError, match="needs --partner"):
        call_command("report", "partnership", school=str(world.a.pk))
    with pytest.raises(CommandError, match="no school year 1999/2000"):
        call_command("report", "annual", school=str(world.a.pk), year="1999/2000")


def test_old_jobs_and_their_files_are_discarded(report_world, settings):
    world = report_world
    path = settings.MEDIA_ROOT / world.job.file_path
    assert path.exists()
    assert jobs.discard_old(now=timezone.now()) == 0
    assert jobs.discard_old(now=timezone.now() + datetime.timedelta(days=jobs.KEEP_DAYS + 1)) == 1
    assert not path.exists() and not Job.objects.for_school(world.a).exists()


def test_charts_escape_their_labels_and_draw_the_same_layout_as_png():
    from PIL import Image

    chart = charts.Chart("Means <b>", [charts.Bar("<script>alert(1)</script>", 3), charts.Bar("Dua", 1)], scale_max=4)
    svg = str(charts.svg(chart))
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert svg.count("<rect") == 4  # a track and a bar for each row
    image = Image.open(io.BytesIO(charts.png(chart)))
    assert image.format == "PNG" and image.size == (charts.WIDTH * charts.SCALE, (16 + charts.ROW * 2) * charts.SCALE)
    columns = charts.Chart("Per month", [charts.Bar("Jul", 0), charts.Bar("Agu", 5)], shape="columns")
    assert str(charts.svg(columns)).count("<rect") == 2


def test_the_activity_table_counts_people_and_files_of_each_activity_once(run_world):
    from mitra.activities.models import ParticipantCount
    from mitra.reports.scope import Kind, Scope
    from mitra.reports.sections.implementation import activity_table
    from tests.conftest import jpeg_upload

    world = run_world
    activity = world.done_activity
    activities.evidence_add(activity=activity, user=world.users["team_member"], uploads=[jpeg_upload("dua.jpg")])
    for sex, n in (("m", 12), ("f", 15)):
        ParticipantCount.all_schools.create(
            school=world.a, activity=activity, group="students", grade=7, sex=sex, count=n
        )
    table = activity_table(Scope(access=_access(world), kind=Kind.ANNUAL, year=world.year, language="en"))
    row = next(r for r in table.rows if r[1] == activity.title)
    # 12 + 15 pupils and the teacher named (Bu Aminah), 2 files: no row counted twice
    assert row[4:6] == ["28", "2"]


def test_the_reports_page_does_not_grow_with_the_jobs(client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.users["principal"])
    url = reverse("reports:home", args=[world.a.pk])
    access = _access(world)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    jobs.start(access=access, kind="report", params=_form(world), title="Annual 0")
    client.get(url)  # warm up
    one = count()
    for i in range(1, 12):
        jobs.start(access=access, kind="report", params=_form(world), title=f"Annual {i}")
    assert count() == one


def test_the_daily_runs_are_scheduled_once_and_the_clean_up_does_not_reschedule_itself(db):
    from mitra.schools.jobs import discard_old_jobs

    call_command("schedule_reminders", stdout=io.StringIO())  # now one tick of schools/schedules.py
    call_command("schedule_reminders", stdout=io.StringIO())
    paths = sorted(DBTaskResult.objects.filter(status="READY").values_list("task_path", flat=True))
    assert paths == [
        "mitra.activities.tasks.send_activity_reminders",
        "mitra.agreements.tasks.send_agreement_reminders",
        "mitra.evaluation.tasks.send_evaluation_reminders",
        "mitra.files.tasks.prune_partial_uploads",
        "mitra.notifications.tasks.send_digests",
        "mitra.operations.tasks.daily_backup",
        "mitra.reports.tasks.refresh_school_summaries",
        "mitra.schools.jobs.discard_old_jobs",
        "mitra.schools.tasks.prune_freshness_marks",
    ]
    assert discard_old_jobs.call() == 0
    assert DBTaskResult.objects.filter(task_path="mitra.schools.jobs.discard_old_jobs", status="READY").count() == 1


def test_the_activity_and_digest_runs_are_scheduled_for_the_morning_digests_after_the_reminders():
    from mitra.schools import schedules

    at = {job.task.module_path: job.at for job in schedules.registered()}
    assert at["mitra.activities.tasks.send_activity_reminders"] == datetime.time(6, 0)
    assert at["mitra.notifications.tasks.send_digests"] == datetime.time(6, 30)  # after the reminders
