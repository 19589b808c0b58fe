"""The daily backup, run by the worker; schools/schedules.py enqueues it every morning (registered in apps.py)."""

import logging
from pathlib import Path

from django.conf import settings
from django.tasks import task
from django.utils import timezone

from mitra.operations import backup

log = logging.getLogger("mitra.operations")


@task
def daily_backup() -> str:
    folder = backup.create(Path(settings.BACKUP_DIR), now=timezone.now())
    backup.prune(Path(settings.BACKUP_DIR), keep=settings.BACKUP_KEEP)
    log.info("backup written %s", folder)
    return str(folder)
