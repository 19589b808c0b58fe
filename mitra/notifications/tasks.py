"""The digest e-mails, sent each morning after the reminder runs have written their notices."""

import datetime

from django.tasks import task
from django.utils import timezone

from mitra.notifications import services
from mitra.schools.daily import next_run

DIGEST_AT = datetime.time(6, 30)


@task
def send_digests() -> int:
    now = timezone.now()
    try:
        return services.send_digests(now=now)
    finally:
        send_digests.using(run_after=next_run(now, at=DIGEST_AT)).enqueue()
