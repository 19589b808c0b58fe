from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "mitra.operations"
    verbose_name = "Operations"
