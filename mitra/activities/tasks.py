"""The daily "activity tomorrow" run, as a background task; schools/schedules.py enqueues it every
morning (registered in apps.py)."""

from django.tasks import task
from django.utils import timezone

from mitra.activities import reminders


@task
def send_activity_reminders() -> int:
    return reminders.send_tomorrow(today=timezone.localdate())
