from django.core.management.base import BaseCommand
from django.tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from mitra.agreements.tasks import send_agreement_reminders


class Command(BaseCommand):
    help = "Enqueue the daily agreement reminder run, unless a run is already waiting."

    def handle(self, *args, **options):
        waiting = DBTaskResult.objects.filter(
            task_path=send_agreement_reminders.module_path, status=TaskResultStatus.READY
        ).exists()
        if waiting:
            self.stdout.write("The reminder run is already scheduled.")
            return
        send_agreement_reminders.enqueue()
        self.stdout.write("The reminder run is scheduled; the worker runs it now and then every morning.")
