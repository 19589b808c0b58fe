"""The worker's side of long jobs (django-tasks, database backend), and the daily clean-up of the
files they made."""

from django.tasks import task
from django.utils import timezone

from mitra.agreements.tasks import next_run
from mitra.reports import jobs


@task
def run_job(job_id: int) -> str:
    return jobs.run(job_id)


@task
def discard_old_jobs() -> int:
    now = timezone.now()
    try:
        return jobs.discard_old(now=now)
    finally:
        discard_old_jobs.using(run_after=next_run(now)).enqueue()
