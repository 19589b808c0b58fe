from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

from mitra.demo import data


class Command(BaseCommand):
    help = "Load the demo foundation, its three schools and a user for every role (development only)."

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError(
                "The demo data has well-known passwords; it never runs with MITRA_ENVIRONMENT=production."
            )
        if data.exists():
            self.stdout.write("The demo data is already loaded.")
        else:
            # The demo's people have undeliverable addresses; what the demo sets in motion (submitted
            # activities, reminders) is shown in the app's notifications, not printed as e-mail.
            with override_settings(MAILERS={"default": {"BACKEND": "django.core.mail.backends.dummy.EmailBackend"}}):
                school = data.build()
            self.stdout.write(self.style.SUCCESS(f"Demo foundation and schools loaded; main school: {school.name}."))
        self.stdout.write(
            "\nLog in at http://127.0.0.1:8000 with one of these usernames and the password "
            f"{data.DEMO_PASSWORD!r}:\n"
            + "\n".join(f"  {username:<10} {role.label}" for username, _f, _l, role, _i in data.PEOPLE)
        )
