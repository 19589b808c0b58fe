from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "mitra.evaluation"
    verbose_name = _("Evaluation")

    def ready(self):
        from mitra.activities import calendar
        from mitra.evaluation.selectors import (
            evaluation_calendar_events,
            evaluation_timeline_entries,
            evaluation_todo_count,
            evaluation_todos,
            planning_inbox,
            year_decisions,
        )
        from mitra.evaluation.tasks import send_evaluation_reminders
        from mitra.partners import timeline
        from mitra.planning import inbox
        from mitra.schools import schedules, todo

        timeline.register(evaluation_timeline_entries)
        todo.register(evaluation_todos, count=evaluation_todo_count)
        inbox.register(planning_inbox)
        inbox.register_decisions(year_decisions)
        calendar.register(evaluation_calendar_events)
        schedules.register("send_evaluation_reminders", send_evaluation_reminders)
