from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "The former way to start the daily runs, kept for deployments that call it: now one `tick` "
        "(schools/schedules.py), which enqueues the daily runs that are due and not yet enqueued."
    )

    def handle(self, *args, **options):
        call_command("tick", stdout=self.stdout)
