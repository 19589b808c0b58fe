"""The daily reminder run, as a background task (django-tasks, database backend); schools/schedules.py
enqueues it every morning (registered in apps.py)."""

from django.tasks import task
from django.utils import timezone

from mitra.agreements import reminders


@task
def send_agreement_reminders() -> int:
    return len(reminders.send_due(today=timezone.localdate()))
