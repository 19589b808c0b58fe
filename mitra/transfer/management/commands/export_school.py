"""Write a school's whole record (data and files) as one ZIP archive:

    manage.py export_school 69912345 --output smp-nurul-ilmi.zip

The school is named by its id, NPSN or NSM. `import_school` restores the archive elsewhere."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from mitra.schools.models import School
from mitra.schools.selectors import schools_named
from mitra.transfer.archive import export_school


def school_named(key: str) -> School:
    found = list(schools_named(key)[:2])
    if len(found) != 1:
        raise CommandError(f"No single school is known as {key!r}.")
    return found[0]


class Command(BaseCommand):
    help = "Export a school's data and files as one archive that import_school restores."

    def add_arguments(self, parser):
        parser.add_argument("school", help="the school's id, NPSN or NSM")
        parser.add_argument("--output", required=True, help="the .zip file to write")

    def handle(self, *args, **options):
        school = school_named(options["school"])
        data = export_school(school)
        Path(options["output"]).write_bytes(data)
        self.stdout.write(f"{school.name}: {options['output']} ({len(data):,} bytes)")
