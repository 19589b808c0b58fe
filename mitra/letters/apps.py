from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LettersConfig(AppConfig):
    name = "mitra.letters"
    verbose_name = _("Letters")

    def ready(self):
        from mitra.letters.selectors import letter_timeline_entries
        from mitra.partners import timeline

        timeline.register(letter_timeline_entries)
