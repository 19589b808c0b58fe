import datetime

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "mitra.reports"
    verbose_name = _("Reports")

    def ready(self):
        from mitra.reports import evidence, exports, generate  # noqa: F401 (they register their jobs)
        from mitra.reports.tasks import SUMMARIES_AT, refresh_school_summaries
        from mitra.schools import schedules

        # Every school of every foundation: on a large installation longer than an hour.
        schedules.register(
            "refresh_school_summaries",
            refresh_school_summaries,
            at=SUMMARIES_AT,
            lost_after=datetime.timedelta(hours=6),
        )
