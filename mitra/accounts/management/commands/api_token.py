from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from mitra.accounts.models import ApiToken


class Command(BaseCommand):
    help = "Create an API token for a user and print it (it is stored hashed and never shown again)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="command line")

    def handle(self, *args, username, name, **options):
        user = get_user_model()._default_manager.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"No active user called {username!r}.")
        _token, raw = ApiToken.issue(user=user, name=name)
        self.stdout.write(raw)
