"""The worker's side of long jobs (django-tasks, database backend), and the daily clean-up of the
files they made, and the morning's recomputing of the foundation dashboard's figures (both enqueued
every morning by schools/schedules.py, registered in apps.py)."""

import datetime

from django.tasks import task
from django.utils import timezone

from mitra.reports import foundation, jobs


@task
def run_job(job_id: int) -> str:
    return jobs.run(job_id)


@task
def discard_old_jobs() -> int:
    return jobs.discard_old(now=timezone.now())


SUMMARIES_AT = datetime.time(5, 0)


@task
def refresh_school_summaries() -> int:
    """Every school's foundation-dashboard figures, computed for the new day before anyone looks."""
    return foundation.refresh_all(today=timezone.localdate())
