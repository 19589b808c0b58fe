import datetime

from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "mitra.operations"
    verbose_name = "Operations"

    def ready(self):
        from mitra.operations import checks  # noqa: F401 (registers the deployment checks)
        from mitra.operations.tasks import daily_backup
        from mitra.schools import schedules

        # A backup of a large installation may run for hours; only after six is it taken for lost.
        schedules.register("daily_backup", daily_backup, lost_after=datetime.timedelta(hours=6))
