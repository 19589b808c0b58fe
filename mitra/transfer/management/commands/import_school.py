"""Restore a school from an archive made by export_school (or from the Reports page):

    manage.py import_school smp-nurul-ilmi.zip --foundation 3
    manage.py import_school smp-nurul-ilmi.zip --new-foundation "Yayasan Nurul Ilmi"

Every row gets a new id here and every link between rows follows; the files are checked against
their checksums. People are matched to accounts here by e-mail, or get new accounts that set
their password through "forgot password". Nothing is kept if anything fails."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from mitra.schools.models import Foundation
from mitra.transfer.archive import import_school


class Command(BaseCommand):
    help = "Restore a school from its archive, into an existing foundation or a new one."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="the .zip file made by export_school")
        where = parser.add_mutually_exclusive_group(required=True)
        where.add_argument("--foundation", type=int, help="the id of the foundation the school joins")
        where.add_argument("--new-foundation", help="create a foundation of this name for it")

    def handle(self, *args, **options):
        path = Path(options["archive"])
        if not path.exists():
            raise CommandError(f"{path} does not exist.")
        if options["foundation"]:
            foundation = Foundation.objects.filter(pk=options["foundation"]).first()
            if foundation is None:
                raise CommandError(f"There is no foundation {options['foundation']}.")
        else:
            foundation = Foundation.objects.create(name=options["new_foundation"])
        try:
            school = import_school(path.read_bytes(), foundation=foundation)
        except ValidationError as error:
            if options["new_foundation"]:
                foundation.delete()
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(f"{school.name} restored as school {school.pk} in {foundation.name}.")
        if school.mended_evidence:
            self.stdout.write(
                f"{school.mended_evidence} evidence files kept as photos are not pictures (PDF or Word): "
                "they are listed as documents now."
            )
