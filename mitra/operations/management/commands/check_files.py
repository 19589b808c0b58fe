from django.core.management.base import BaseCommand, CommandError

from mitra.operations.files_check import check


class Command(BaseCommand):
    help = "Report rows without their file, files without a row, and files whose checksum is not the row's."

    def handle(self, *args, **options):
        report = check()
        for label, paths in (
            ("Missing (a row, no file)", report.missing),
            ("Damaged (checksum differs)", report.mismatched),
            ("Without a row", report.orphans),
        ):
            self.stdout.write(f"{label}: {len(paths)}")
            for path in paths[:50]:
                self.stdout.write(f"  {path}")
            if len(paths) > 50:
                self.stdout.write(f"  … and {len(paths) - 50} more")
        self.stdout.write(f"{report.checked} files checked.")
        if not report.clean:
            raise CommandError("The files are not all in order.")
