"""The one scheduler of the periodic jobs (the morning's reminders, digests, report figures, backup).

Each app declares its daily job(s) in its AppConfig.ready() with `register(name, task, at=...)`; the core
imports no app. One periodic tick (`manage.py tick --every 60`, which scripts/worker and scripts/serve
run beside the task worker) calls `tick(now)`: for every job, the latest moment it was due (today at its
time, in school time, if that has passed, otherwise yesterday's) is compared with the `Schedule` row's
`last_due`; if it is later, the job is enqueued once and the row records it. So a lost run (a worker
killed, a failed enqueue) is made good at the next due moment instead of breaking a chain, days missed
are caught up by one run, and two ticks at once (two servers, two workers) enqueue it once: the claim is
one conditional UPDATE and only the tick whose update changed the row enqueues, in the same transaction.
The Django admin lists the schedules and how their last runs went."""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.tasks import Task
from django.tasks.base import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from mitra.schools.models import Schedule

MORNING = datetime.time(6, 0)  # school time: before the school day starts


@dataclass(frozen=True)
class Job:
    name: str
    task: Task
    at: datetime.time


_jobs: dict[str, Job] = {}


def register(name: str, task: Task, at: datetime.time = MORNING) -> None:
    """Run `task` (no arguments) every day at `at`, school time. Registering a name again replaces it."""
    _jobs[name] = Job(name=name, task=task, at=at)


def registered() -> list[Job]:
    return sorted(_jobs.values(), key=lambda job: (job.at, job.name))


def due_moment(now: datetime.datetime, at: datetime.time) -> datetime.datetime:
    """The latest moment at or before `now` when a job run daily at `at` (school time) was due."""
    local = timezone.localtime(now)
    day = local.date() if local.time() >= at else local.date() - datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(day, at))


def _waiting(result_id: str | None) -> bool:
    """Is the job's last run still waiting for a worker? Then it stands for this run too."""
    if not result_id:
        return False
    return DBTaskResult.objects.filter(pk=result_id, status=TaskResultStatus.READY).exists()


def claim(schedule: Schedule, due: datetime.datetime) -> bool:
    """Move the row's `last_due` from what this tick read to `due`: one conditional UPDATE, so of two
    ticks that read the same row only one changes it. True for that one."""
    return Schedule.objects.filter(pk=schedule.pk, last_due=schedule.last_due).update(last_due=due) == 1


def tick(now: datetime.datetime | None = None) -> list[str]:
    """Enqueue every registered job that is due and not yet enqueued for that due moment; the names."""
    now = now or timezone.now()
    enqueued = []
    for job in registered():
        schedule, _ = Schedule.objects.get_or_create(
            name=job.name, defaults={"task_path": job.task.module_path, "at": job.at}
        )
        if (schedule.task_path, schedule.at) != (job.task.module_path, job.at):
            Schedule.objects.filter(pk=schedule.pk).update(task_path=job.task.module_path, at=job.at)
        due = due_moment(now, job.at)
        if schedule.last_due is not None and schedule.last_due >= due:
            continue
        with transaction.atomic():
            if _waiting(schedule.last_result_id):
                # The worker has not run the last one yet (it was down): that one is the catch-up.
                claim(schedule, due)
                continue
            if not claim(schedule, due):
                continue  # another tick took it
            result = job.task.enqueue()
            Schedule.objects.filter(pk=schedule.pk).update(last_enqueued_at=now, last_result_id=str(result.id))
        enqueued.append(job.name)
    return enqueued
