"""The worker's side of long jobs (django-tasks, database backend), and the daily clean-up of the
files they made, and the morning's recomputing of the foundation dashboard's figures."""

import datetime

from django.tasks import task
from django.utils import timezone

from mitra.reports import foundation, jobs
from mitra.schools.daily import next_run


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


SUMMARIES_AT = datetime.time(5, 0)


@task
def refresh_school_summaries() -> int:
    """Every school's foundation-dashboard figures, computed for the new day before anyone looks."""
    now = timezone.now()
    try:
        return foundation.refresh_all(today=timezone.localdate(now))
    finally:
        refresh_school_summaries.using(run_after=next_run(now, at=SUMMARIES_AT)).enqueue()
