from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "mitra.planning"
    verbose_name = _("Planning")

    def ready(self):
        from mitra.partners import timeline
        from mitra.planning.selectors import forum_timeline_entries, plan_item_timeline_entries

        timeline.register(forum_timeline_entries)
        timeline.register(plan_item_timeline_entries)
