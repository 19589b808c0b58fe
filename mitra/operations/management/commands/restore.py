from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from mitra.operations import backup


class Command(BaseCommand):
    help = (
        "Rebuild this installation's database and files from a backup folder. Stop the application "
        "servers and the worker first: everything they hold now is replaced."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", help="a folder written by `manage.py backup`")
        parser.add_argument("--yes", action="store_true", help="do not ask before replacing the data")

    def handle(self, *args, folder, yes, **options):
        folder = Path(folder)
        try:
            manifest = backup.verify(folder)
        except backup.BackupError as problem:
            raise CommandError(str(problem)) from problem
        self.stdout.write(f"The backup of {manifest['created_at']} is whole: every checksum matches.")
        if not yes and input("Replace this installation's database and files with it? [y/N] ").strip().lower() != "y":
            raise CommandError("Nothing was changed.")
        try:
            report = backup.restore(folder)
        except backup.BackupError as problem:
            raise CommandError(str(problem)) from problem
        self.stdout.write(f"Restored {report.tables} tables, {report.rows} rows, {report.files} files.")
        self.stdout.write(f"Integrity check: {report.integrity}.")
        for table, (expected, found) in report.differing_tables.items():
            self.stdout.write(f"  {table}: {found} rows, the backup had {expected}.")
        files = report.files_check
        self.stdout.write(
            f"Files: {len(files.missing)} missing, {len(files.mismatched)} damaged, {len(files.orphans)} without a row."
        )
        if not report.clean:
            raise CommandError("The restore is not clean; see above.")
