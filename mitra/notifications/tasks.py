"""The digest e-mails, sent each morning after the reminder runs have written their notices;
schools/schedules.py enqueues them at DIGEST_AT (registered in apps.py)."""

import datetime

from django.tasks import task
from django.utils import timezone

from mitra.notifications import services

DIGEST_AT = datetime.time(6, 30)


@task
def send_digests() -> int:
    return services.send_digests(now=timezone.now())
