"""The daily reminder run, as a background task (django-tasks, database backend).

The task schedules its own next run for tomorrow morning (schools/daily.py), so one enqueue keeps it
going; the `schedule_reminders` command enqueues it when no run is waiting (scripts/serve and
deployment call it)."""

from django.tasks import task
from django.utils import timezone

from mitra.agreements import reminders
from mitra.schools.daily import next_run


@task
def send_agreement_reminders() -> int:
    now = timezone.now()
    try:
        sent = reminders.send_due(today=timezone.localdate(now))
    finally:
        send_agreement_reminders.using(run_after=next_run(now)).enqueue()
    return len(sent)
