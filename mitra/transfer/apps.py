from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TransferConfig(AppConfig):
    """Moving a school's data in and out: the spreadsheet import of partners, contacts and activities,
    and a whole school as one archive (export_school, import_school). Not reports: these move data."""

    name = "mitra.transfer"
    verbose_name = _("Import and archive")

    def ready(self):
        from mitra.transfer import archive, imports  # noqa: F401 (they register their jobs)
