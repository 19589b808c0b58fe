from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "mitra.agreements"
    verbose_name = _("Agreements")

    def ready(self):
        from mitra.agreements.selectors import agreement_timeline_entries
        from mitra.agreements.tasks import send_agreement_reminders
        from mitra.partners import timeline
        from mitra.schools import schedules

        timeline.register(agreement_timeline_entries)
        schedules.register("send_agreement_reminders", send_agreement_reminders)
