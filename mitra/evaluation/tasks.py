"""The daily evaluation reminder run, as a background task; schools/schedules.py enqueues it every
morning (registered in apps.py)."""

from django.tasks import task
from django.utils import timezone

from mitra.evaluation import reminders


@task
def send_evaluation_reminders() -> int:
    return len(reminders.send_due(today=timezone.localdate()))
