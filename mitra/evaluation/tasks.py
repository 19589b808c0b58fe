"""The daily evaluation reminder run, as a background task that schedules its own next run."""

from django.tasks import task
from django.utils import timezone

from mitra.evaluation import reminders
from mitra.schools.daily import next_run


@task
def send_evaluation_reminders() -> int:
    now = timezone.now()
    try:
        sent = reminders.send_due(today=timezone.localdate(now))
    finally:
        send_evaluation_reminders.using(run_after=next_run(now)).enqueue()
    return len(sent)
