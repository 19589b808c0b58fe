from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "mitra.reports"
    verbose_name = _("Reports")

    def ready(self):
        from mitra.reports import archive, evidence, exports, generate, imports  # noqa: F401 (they register their jobs)
