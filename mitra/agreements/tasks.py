"""The daily reminder run, as a background task (django-tasks, database backend).

The task schedules its own next run for tomorrow morning, so one enqueue keeps it going; the
`schedule_reminders` command enqueues it when no run is waiting (scripts/serve and deployment call it)."""

import datetime

from django.tasks import task
from django.utils import timezone

from mitra.agreements import reminders

RUN_AT = datetime.time(6, 0)  # school time: before the school day starts


def next_run(now: datetime.datetime, at: datetime.time = RUN_AT) -> datetime.datetime:
    local = timezone.localtime(now)
    tomorrow = local.date() + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(tomorrow, at))


@task
def send_agreement_reminders() -> int:
    now = timezone.now()
    try:
        sent = reminders.send_due(today=timezone.localdate(now))
    finally:
        send_agreement_reminders.using(run_after=next_run(now)).enqueue()
    return len(sent)
