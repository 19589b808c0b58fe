"""The daily "activity tomorrow" run, as a background task that schedules its own next run."""

from django.tasks import task
from django.utils import timezone

from mitra.activities import reminders
from mitra.schools.daily import next_run


@task
def send_activity_reminders() -> int:
    now = timezone.now()
    try:
        return reminders.send_tomorrow(today=timezone.localdate(now))
    finally:
        send_activity_reminders.using(run_after=next_run(now)).enqueue()
