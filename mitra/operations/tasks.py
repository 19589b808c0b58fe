"""The daily backup, run by the worker and rescheduled by itself (see schedule_reminders)."""

import logging
from pathlib import Path

from django.conf import settings
from django.tasks import task
from django.utils import timezone

from mitra.operations import backup
from mitra.schools.daily import next_run

log = logging.getLogger("mitra.operations")


@task
def daily_backup() -> str:
    now = timezone.now()
    try:
        folder = backup.create(Path(settings.BACKUP_DIR), now=now)
        backup.prune(Path(settings.BACKUP_DIR), keep=settings.BACKUP_KEEP)
        log.info("backup written %s", folder)
        return str(folder)
    finally:
        daily_backup.using(run_after=next_run(now)).enqueue()
