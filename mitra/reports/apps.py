from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "mitra.reports"
    verbose_name = _("Reports")

    def ready(self):
        from mitra.reports import evidence, exports, generate  # noqa: F401 (they register their jobs)
        from mitra.reports.tasks import SUMMARIES_AT, refresh_school_summaries
        from mitra.schools import schedules

        schedules.register("refresh_school_summaries", refresh_school_summaries, at=SUMMARIES_AT)
