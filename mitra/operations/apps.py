from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "mitra.operations"
    verbose_name = "Operations"

    def ready(self):
        from mitra.operations import checks  # noqa: F401 (registers the deployment checks)
