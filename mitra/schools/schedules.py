"""The one scheduler of the periodic jobs (the morning's reminders, digests, report figures, backup).

Each app declares its daily job(s) in its AppConfig.ready() with `register(name, task, at=...)`; the core
imports no app. One periodic tick (`manage.py tick --every 60`, which scripts/worker and scripts/serve
run beside the task worker) calls `tick(now)`: for every job, the latest moment it was due (today at its
time, in school time, if that has passed, otherwise yesterday's) is compared with the `Schedule` row's
`last_due`; if it is later, the job is enqueued once and the row records it. So a lost run (a worker
killed, a failed enqueue) is made good at the next due moment instead of breaking a chain, days missed
are caught up by one run, and two ticks at once (two servers, two workers) enqueue it once: the claim is
one conditional UPDATE and only the tick whose update changed the row enqueues, in the same transaction.

A run that was enqueued and then lost — its worker killed in the middle (it stays "running" with no one
running it), a run that failed, or a queue that was cleared — is enqueued again at the next tick, up to
RETRIES times for the same due moment (a run that fails every time waits for its next due moment then,
instead of running every minute). A run counts as lost while "running" only after its job's
`lost_after` (an hour unless the app says otherwise), so a long run is not run twice at once.
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
LOST_AFTER = datetime.timedelta(hours=1)
RETRIES = 3


@dataclass(frozen=True)
class Job:
    name: str
    task: Task
    at: datetime.time
    lost_after: datetime.timedelta = LOST_AFTER


_jobs: dict[str, Job] = {}


def register(name: str, task: Task, at: datetime.time = MORNING, lost_after: datetime.timedelta = LOST_AFTER) -> None:
    """Run `task` (no arguments) every day at `at`, school time; a run still "running" after
    `lost_after` is taken for lost. Registering a name again replaces it."""
    _jobs[name] = Job(name=name, task=task, at=at, lost_after=lost_after)


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


def _lost(result_id: str | None, now: datetime.datetime, lost_after: datetime.timedelta) -> bool:
    """Was the run enqueued for this due moment lost: no longer in the queue, failed, or "running"
    for longer than any run of it takes (its worker was killed)?"""
    if not result_id:
        return False
    result = DBTaskResult.objects.filter(pk=result_id).only("status", "started_at").first()
    if result is None:
        return True
    if result.status == TaskResultStatus.FAILED:
        return True
    return result.status == TaskResultStatus.RUNNING and (result.started_at or now) <= now - lost_after


def claim(schedule: Schedule, due: datetime.datetime) -> bool:
    """Move the row's `last_due` from what this tick read to `due`: one conditional UPDATE, so of two
    ticks that read the same row only one changes it. True for that one."""
    return Schedule.objects.filter(pk=schedule.pk, last_due=schedule.last_due).update(last_due=due, retries=0) == 1


def claim_retry(schedule: Schedule) -> bool:
    """Take the lost run of this due moment to enqueue it again: of two ticks, one."""
    same = Schedule.objects.filter(pk=schedule.pk, last_result_id=schedule.last_result_id, retries=schedule.retries)
    return same.update(retries=schedule.retries + 1) == 1


def _enqueue(job: Job, schedule: Schedule, now: datetime.datetime) -> None:
    result = job.task.enqueue()
    Schedule.objects.filter(pk=schedule.pk).update(last_enqueued_at=now, last_result_id=str(result.id))


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
            if schedule.retries < RETRIES and _lost(schedule.last_result_id, now, job.lost_after):
                with transaction.atomic():
                    if claim_retry(schedule):
                        _enqueue(job, schedule, now)
                        enqueued.append(job.name)
            continue
        with transaction.atomic():
            if _waiting(schedule.last_result_id):
                # The worker has not run the last one yet (it was down): that one is the catch-up.
                claim(schedule, due)
                continue
            if not claim(schedule, due):
                continue  # another tick took it
            _enqueue(job, schedule, now)
        enqueued.append(job.name)
    return enqueued


def run_now(names: list[str], now: datetime.datetime | None = None) -> list[str]:
    """Enqueue these jobs at once, as the administrator asks (after a failed run, say). The schedule
    goes on as it was: its due moment, and the scheduled run it watches (a manual run that fails is
    not retried as if it were one). Names no longer registered are left out; the names enqueued."""
    now = now or timezone.now()
    enqueued = []
    for name in names:
        job = _jobs.get(name)
        if job is None:
            continue
        job.task.enqueue()
        Schedule.objects.filter(name=name).update(last_enqueued_at=now)
        enqueued.append(name)
    return enqueued
