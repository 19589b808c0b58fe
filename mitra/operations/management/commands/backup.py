from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from mitra.operations import backup


class Command(BaseCommand):
    help = (
        "Write a consistent backup (database snapshot, uploaded files, manifest with checksums) while "
        "the system is in use, then keep only the newest ones."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output-dir", default=str(settings.BACKUP_DIR), help="where backups are kept")
        parser.add_argument("--keep", type=int, default=settings.BACKUP_KEEP, help="how many backups to keep")

    def handle(self, *args, output_dir, keep, **options):
        try:
            folder = backup.create(Path(output_dir))
        except backup.BackupError as problem:
            raise CommandError(str(problem)) from problem
        manifest = backup.read_manifest(folder)
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            f"Backup written: {folder} ({len(manifest['tables'])} tables, {rows} rows, {len(manifest['files'])} files)."
        )
        for gone in backup.prune(Path(output_dir), keep=keep):
            self.stdout.write(f"Removed the older backup {gone.name}.")
