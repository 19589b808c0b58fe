"""The restore drill (QUALITY.md D4): a backup taken while the system is being written to, the
installation wiped, the backup restored — the same rows in every table, every file with its
checksum, the integrity check clean. And a damaged backup is refused before anything is touched."""

import io
import shutil
import threading

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from mitra.files.models import StoredFile
from mitra.files.pipeline import file_sha256
from mitra.operations import backup
from mitra.operations.files_check import check
from mitra.partners.models import Partner, name_key

pytestmark = pytest.mark.django_db(transaction=True)


def _write_partners_until(stop: threading.Event, school, written: list, failed: list) -> None:
    """Another user adding partners, one committed row at a time, while the backup runs."""
    try:
        while not stop.is_set() or len(written) < 5:
            name = f"Mitra baru {len(written)}"
            partner = Partner.all_schools.create(school=school, name=name, name_key=name_key(name), kind="business")
            written.append(partner.pk)
    except Exception as problem:
        failed.append(problem)
    finally:
        connection.close()


def _row_counts() -> dict:
    with connection.cursor() as cursor:
        counts = {}
        for table in backup._django_tables():
            cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    return counts


def test_a_backup_under_writes_restores_into_a_wiped_installation_whole(evaluation_world, tmp_path):
    world = evaluation_world
    files_before = {s.path: s.sha256 for s in StoredFile.all_schools.all()}
    assert files_before  # the world holds photos and scans, so files are part of the drill
    before = Partner.objects.for_school(world.a).count()

    stop, written, failed = threading.Event(), [], []
    writer = threading.Thread(target=_write_partners_until, args=(stop, world.a, written, failed))
    writer.start()
    for _tick in range(1000):  # the writes are under way before the snapshot
        if len(written) >= 3 or failed:
            break
        stop.wait(0.01)
    folder = backup.create(tmp_path / "backups")
    stop.set()
    writer.join(timeout=30)
    assert not failed, failed

    manifest = backup.read_manifest(folder)
    in_backup = manifest["tables"][Partner._meta.db_table]
    assert before + 3 <= in_backup <= before + len(written)  # a snapshot from the middle of the writes

    # Wipe: no rows, no files.
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(settings.MEDIA_ROOT)
    assert Partner.all_schools.count() == 0

    call_command("restore", str(folder), "--yes", stdout=(out := io.StringIO()))
    assert "Integrity check: ok." in out.getvalue()
    assert _row_counts() == manifest["tables"]
    assert {s.path: s.sha256 for s in StoredFile.all_schools.all()} == files_before
    for path, sha256 in files_before.items():
        assert file_sha256(settings.MEDIA_ROOT / path) == sha256
    assert check().clean


def test_a_damaged_backup_is_refused_and_nothing_is_changed(evaluation_world, tmp_path):
    folder = backup.create(tmp_path / "backups")
    damaged = next(p for p in (folder / "files").rglob("*") if p.is_file())
    damaged.write_bytes(damaged.read_bytes()[:-1] + b"\0")
    name = "Dibuat setelah cadangan"
    Partner.all_schools.create(school=evaluation_world.a, name=name, name_key=name_key(name), kind="ngo")
    with pytest.raises(CommandError, match="damaged"):
        call_command("restore", str(folder), "--yes", stdout=io.StringIO())
    assert Partner.all_schools.filter(name="Dibuat setelah cadangan").exists()
    with pytest.raises(CommandError, match="not a Mitra backup"):
        call_command("restore", str(tmp_path), "--yes", stdout=io.StringIO())


def test_check_files_finds_missing_damaged_and_unclaimed_files(evaluation_world):
    stored = list(StoredFile.all_schools.order_by("id")[:2])
    assert check().clean
    (settings.MEDIA_ROOT / stored[0].path).unlink()
    (settings.MEDIA_ROOT / stored[1].path).write_bytes(b"not the photo")
    (settings.MEDIA_ROOT / "stray.jpg").write_bytes(b"left by a crash")
    report = check()
    assert report.missing == [stored[0].path] and report.mismatched == [stored[1].path]
    assert report.orphans == ["stray.jpg"]
    with pytest.raises(CommandError):
        call_command("check_files", stdout=(out := io.StringIO()))
    assert "Missing (a row, no file): 1" in out.getvalue() and "stray.jpg" in out.getvalue()


def test_the_backup_command_keeps_only_the_newest(db, tmp_path):
    import datetime

    from django.utils import timezone

    target = tmp_path / "backups"
    start = timezone.now()
    for day in range(3):
        backup.create(target, now=start - datetime.timedelta(days=day + 1))
    (target / "mitra-19990101-000000.partial").mkdir()
    call_command("backup", "--output-dir", str(target), "--keep", "2", stdout=(out := io.StringIO()))
    assert "Backup written" in out.getvalue()
    kept = sorted(p.name for p in target.iterdir())
    assert len(kept) == 2 and not any(name.endswith(".partial") for name in kept)
    assert all((target / name / "manifest.json").is_file() for name in kept)
