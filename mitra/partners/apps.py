from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "mitra.partners"
    verbose_name = _("Partners")

    def ready(self):
        # The core (schools) asks about partners without importing this app (schools/hooks.py).
        from mitra.partners import selectors
        from mitra.schools import hooks

        hooks.representable_partners.answer_with(selectors.representable)
        hooks.partner_counts.answer_with(selectors.counts_by_school)
