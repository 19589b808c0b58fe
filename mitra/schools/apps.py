from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchoolsConfig(AppConfig):
    name = "mitra.schools"
    verbose_name = _("Schools")

    def ready(self):
        from mitra.schools import schedules
        from mitra.schools.jobs import discard_old_jobs

        schedules.register("discard_old_jobs", discard_old_jobs)


# Django 6.1's label for an empty choice is missing from Django's own Indonesian catalogue. Naming it
# here puts it in ours, which takes precedence (LOCALE_PATHS come first).
_DJANGO_STRINGS_TRANSLATED_BY_MITRA = [_("- Select an option -")]
