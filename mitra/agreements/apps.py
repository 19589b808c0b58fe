from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "mitra.agreements"
    verbose_name = _("Agreements")

    def ready(self):
        from mitra.agreements.selectors import agreement_timeline_entries
        from mitra.partners import timeline

        timeline.register(agreement_timeline_entries)
