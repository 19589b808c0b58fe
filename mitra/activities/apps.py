from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "mitra.activities"
    verbose_name = _("Implementation")

    def ready(self):
        from mitra.activities.communications import communication_timeline_entries
        from mitra.activities.contributions import partner_figures
        from mitra.activities.contributions import timeline_entries as contribution_timeline_entries
        from mitra.activities.measures import todo_items as follow_up_todos
        from mitra.activities.selectors import activity_timeline_entries
        from mitra.activities.tasks import send_activity_reminders
        from mitra.files.tasks import prune_partial_uploads
        from mitra.partners import timeline
        from mitra.schools import schedules, todo

        timeline.register(activity_timeline_entries)
        timeline.register(communication_timeline_entries)
        timeline.register(contribution_timeline_entries)
        timeline.register_figures(partner_figures)
        todo.register(follow_up_todos)
        schedules.register("send_activity_reminders", send_activity_reminders)
        # The photos chosen on the capture page and never sent (files/resumable.py), after a day.
        schedules.register("prune_partial_uploads", prune_partial_uploads)
