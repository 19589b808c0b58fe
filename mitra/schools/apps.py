from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchoolsConfig(AppConfig):
    name = "mitra.schools"
    verbose_name = _("Schools")

    def ready(self):
        import datetime

        from mitra.schools import schedules
        from mitra.schools.jobs import discard_old_jobs
        from mitra.schools.tasks import prune_freshness_marks

        schedules.register("discard_old_jobs", discard_old_jobs)
        # In the quiet of the night, before the morning's runs.
        schedules.register("prune_freshness_marks", prune_freshness_marks, at=datetime.time(4, 30))


# Django 6.1's label for an empty choice is missing from Django's own Indonesian catalogue. Naming it
# here puts it in ours, which takes precedence (LOCALE_PATHS come first).
_DJANGO_STRINGS_TRANSLATED_BY_MITRA = [_("- Select an option -")]
