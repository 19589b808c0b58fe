from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "mitra.demo"
    verbose_name = "Demo data"
