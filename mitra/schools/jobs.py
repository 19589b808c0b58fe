"""Starting and running long jobs. A job is started from a page (or the API), queued as a task, and
run by the worker with the rights its requester has *when it runs*: someone who lost access in the
meantime gets a failed job, not the file. The file is written under a generated name and served
only to the person who asked for it."""

import datetime
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.tasks import task
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from mitra.files.downloads import content_disposition
from mitra.schools.access import access_for
from mitra.schools.models import Job

log = logging.getLogger("mitra.jobs")

KEEP_DAYS = 7  # a made file is kept this long; the job can be run again


@dataclass
class Output:
    data: bytes
    name: str
    content_type: str


Progress = Callable[[int, str], None]
RUNNERS: dict[str, Callable] = {}


def runner(kind: str):
    """Register the function that does a kind of job: (job, access, progress) -> Output."""

    def register(function):
        RUNNERS[kind] = function
        return function

    return register


def start(*, access, kind: str, params: dict, title: str) -> Job:
    if kind not in RUNNERS:
        raise KeyError(kind)
    job = Job.objects.for_school(access.school).create(
        school=access.school, kind=kind, params=params, title=title, requested_by=access.user
    )
    transaction.on_commit(lambda: run_job.enqueue(job.pk))
    return job


def _progress(job: Job) -> Progress:
    def report(percent: int, step: str) -> None:
        percent = max(0, min(99, percent))
        if percent != job.progress or step != job.step:
            job.progress, job.step = percent, step
            Job.all_schools.filter(pk=job.pk).update(progress=percent, step=step[:200])

    return report


def _store(job: Job, output: Output) -> None:
    suffix = Path(output.name).suffix.lower()
    relative = f"jobs/{job.school_id}/{secrets.token_hex(16)}{suffix}"
    target = Path(settings.MEDIA_ROOT) / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(output.data)
    job.file_path, job.file_name, job.content_type, job.size = (
        relative,
        output.name,
        output.content_type,
        len(output.data),
    )


def run(job_id: int) -> str:
    """Run one queued job to its end; returns its state. Its steps and its error are said in the
    language of the person who asked (the worker has no request to take it from)."""
    job = Job.all_schools.select_related("school", "requested_by").filter(pk=job_id).first()
    if job is None or job.is_finished:
        return job.state if job else "missing"
    with translation.override(job.requested_by.language or settings.LANGUAGE_CODE):
        return _run(job)


def _run(job: Job) -> str:
    job.state, job.started_at = Job.State.RUNNING, timezone.now()
    job.save(update_fields=["state", "started_at"])
    try:
        access = access_for(job.requested_by, job.school_id)
        output = RUNNERS[job.kind](job, access, _progress(job))
        _store(job, output)
        job.state, job.progress, job.step = Job.State.DONE, 100, ""
    except Http404:
        job.state, job.error = Job.State.FAILED, _("You no longer have access to this school.")
    except Exception as error:  # a failed job must say so, never stay "running"
        log.exception("job %s (%s) failed", job.pk, job.kind)
        job.state = Job.State.FAILED
        job.error = getattr(error, "user_message", "") or _(
            "Something went wrong while making it. Please try again; if it fails again, tell the administrator."
        )
    job.finished_at = timezone.now()
    job.save()
    return job.state


def jobs_of(*, access):
    """The jobs the person asked for in this school, newest first."""
    return Job.objects.for_school(access.school).filter(requested_by=access.user)


def jobs_across(*, user, schools):
    """The jobs the person asked for in these schools (a foundation's), newest first."""
    return Job.objects.for_schools(schools).filter(requested_by=user).select_related("school")


def job_get(*, access, job_id: int) -> Job:
    job = jobs_of(access=access).filter(pk=job_id).first()
    if job is None:
        raise Http404
    return job


def file_of(job: Job) -> Path | None:
    if job.state != Job.State.DONE or not job.file_path:
        return None
    path = Path(settings.MEDIA_ROOT) / job.file_path
    return path if path.exists() else None


def attachment(output: Output) -> HttpResponse:
    """A file made in the request (a short export), sent as the job's files are: to be saved, not shown."""
    response = HttpResponse(output.data, content_type=output.content_type)
    response["Content-Disposition"] = content_disposition(output.name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def download(job: Job) -> FileResponse:
    """The job's file as an attachment, for the page and the API; 404 until it is made."""
    path = file_of(job)
    if path is None:
        raise Http404
    response = FileResponse(
        open(path, "rb"),  # noqa: SIM115 (FileResponse closes it)
        as_attachment=True,
        filename=job.file_name,
        content_type=job.content_type,
    )
    response["Content-Disposition"] = content_disposition(job.file_name)  # with an ASCII fallback
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def discard_old(*, now=None) -> int:
    """Delete the files of jobs older than KEEP_DAYS and the jobs themselves."""
    now = now or timezone.now()
    old = Job.all_schools.filter(created_at__lt=now - datetime.timedelta(days=KEEP_DAYS))
    count = 0
    for job in old:
        if job.file_path:
            (Path(settings.MEDIA_ROOT) / job.file_path).unlink(missing_ok=True)
        count += 1
    old.delete()
    return count


# The worker's side (django-tasks, database backend): a queued job, and the daily clean-up of the files
# jobs made (enqueued every morning by schools/schedules.py, registered in apps.py).


@task
def run_job(job_id: int) -> str:
    return run(job_id)


@task
def discard_old_jobs() -> int:
    return discard_old(now=timezone.now())
