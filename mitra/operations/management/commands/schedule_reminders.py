from django.core.management.base import BaseCommand
from django.tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from mitra.activities.tasks import send_activity_reminders
from mitra.agreements.tasks import send_agreement_reminders
from mitra.evaluation.tasks import send_evaluation_reminders
from mitra.notifications.tasks import send_digests
from mitra.operations.tasks import daily_backup
from mitra.reports.tasks import discard_old_jobs, refresh_school_summaries

# The daily runs: each reschedules itself, so one enqueue keeps it going.
DAILY = (
    send_agreement_reminders,
    send_evaluation_reminders,
    send_activity_reminders,
    send_digests,
    discard_old_jobs,
    refresh_school_summaries,
    daily_backup,
)


class Command(BaseCommand):
    help = (
        "Enqueue the daily runs (agreement, evaluation and activity reminders, the digest e-mails, "
        "old report files, the foundation dashboard figures, the backup), "
        "unless one is waiting."
    )

    def handle(self, *args, **options):
        for daily in DAILY:
            waiting = DBTaskResult.objects.filter(task_path=daily.module_path, status=TaskResultStatus.READY).exists()
            if waiting:
                self.stdout.write(f"{daily.name}: already scheduled.")
                continue
            daily.enqueue()
            self.stdout.write(f"{daily.name}: scheduled; the worker runs it now and then every morning.")
