"""When the daily runs run (reminders, digests, report figures, the backup). Each is a background task
that schedules its own next run for the next morning, in school time, before the school day starts;
the `schedule_reminders` command starts them (scripts/serve and deployment call it)."""

import datetime

from django.utils import timezone

RUN_AT = datetime.time(6, 0)  # school time: before the school day starts


def next_run(now: datetime.datetime, at: datetime.time = RUN_AT) -> datetime.datetime:
    local = timezone.localtime(now)
    tomorrow = local.date() + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(tomorrow, at))
