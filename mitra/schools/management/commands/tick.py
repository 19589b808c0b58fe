import logging
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from mitra.schools import schedules

log = logging.getLogger("mitra.schedules")


class Command(BaseCommand):
    help = (
        "Enqueue the daily runs that are due and not yet enqueued (reminders, digests, report figures, "
        "the backup): once, or every --every seconds. Safe to run on several machines at once."
    )

    def add_arguments(self, parser):
        parser.add_argument("--every", type=float, metavar="SECONDS", help="keep ticking, every SECONDS")

    def handle(self, *args, every=None, **options):
        if not every:
            self._tick()
            return
        while True:
            try:
                self._tick()
            except Exception:  # a failed tick (the database away for a moment) is tried again at the next
                log.exception("the schedule tick failed")
            close_old_connections()
            time.sleep(every)

    def _tick(self):
        for name in schedules.tick():
            self.stdout.write(f"{name}: enqueued.")
