"""Backups that can be trusted, and the restore that proves them.

A backup is a folder `mitra-<UTC time>/` holding:
  database.sqlite3 or database.pgdump   a consistent snapshot taken while the system is in use:
                                        SQLite's online backup API (never a copy of a live WAL
                                        file), or pg_dump's custom format from an exported snapshot
  files/                                the uploaded files and the jobs' files
  manifest.json                         when, which engine, the rows of every table as the snapshot
                                        holds them, and the size and sha256 of every file
The folder is written as `….partial` and renamed at the end, so an interrupted backup never looks
complete. A restore checks every checksum before it touches anything, then replaces the database and
the files, and compares the restored row counts with the manifest."""

import datetime
import json
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connection, connections
from django.utils import timezone

from mitra.files.pipeline import file_sha256
from mitra.operations.files_check import FilesReport, check

FORMAT = 1
MANIFEST = "manifest.json"
PREFIX = "mitra-"


class BackupError(Exception):
    """Said to the operator, in plain words, when a backup or a restore cannot go on."""


@dataclass
class RestoreReport:
    tables: int = 0
    rows: int = 0
    files: int = 0
    differing_tables: dict = field(default_factory=dict)  # table -> (in the manifest, restored)
    integrity: str = ""
    files_check: FilesReport | None = None

    @property
    def clean(self) -> bool:
        return (
            not self.differing_tables and self.integrity == "ok" and bool(self.files_check and self.files_check.clean)
        )


# --- Backup -------------------------------------------------------------------------------------


def create(destination: Path, *, now: datetime.datetime | None = None) -> Path:
    now = now or timezone.now()
    destination = Path(destination)
    final = destination / f"{PREFIX}{now.astimezone(datetime.UTC):%Y%m%d-%H%M%S}"
    partial = final.with_name(final.name + ".partial")
    if final.exists():
        raise BackupError(f"{final} already exists.")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    try:
        if connection.vendor == "sqlite":
            database, tables = _sqlite_snapshot(partial / "database.sqlite3")
        elif connection.vendor == "postgresql":
            database, tables = _postgres_snapshot(partial / "database.pgdump")
        else:
            raise BackupError(f"No backup for the {connection.vendor} engine.")
        # The files after the snapshot: a file is written before its row is committed, so every
        # row in the snapshot finds its file; a file added since is only an orphan to the restore.
        files = _copy_files(Path(settings.MEDIA_ROOT), partial / "files")
        manifest = {
            "format": FORMAT,
            "created_at": now.isoformat(),
            "engine": connection.vendor,
            "database": {"name": database.name, "size": database.stat().st_size, "sha256": file_sha256(database)},
            "tables": tables,
            "files": files,
        }
        (partial / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True))
        partial.rename(final)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return final


def _django_tables() -> list[str]:
    return sorted(connection.introspection.django_table_names(only_existing=True, include_views=False))


def _sqlite_snapshot(target: Path) -> tuple[Path, dict]:
    source = sqlite3.connect(connection.settings_dict["NAME"], timeout=30)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)  # all pages in one step: one consistent read of the database
        tables = {t: copy.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in _django_tables()}  # noqa: S608
        verdict = copy.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        copy.close()
        source.close()
    if verdict != "ok":
        raise BackupError(f"The snapshot failed SQLite's integrity check: {verdict}")
    return target, tables


def _pg_tool(name: str) -> str:
    configured = getattr(settings, "PG_BIN_DIR", "")
    if configured:
        return str(Path(configured) / name)
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), key=lambda p: int(p.parts[-3]))
    if not candidates:
        raise BackupError(f"{name} was not found; install the PostgreSQL client or set MITRA_PG_BIN_DIR.")
    return str(candidates[-1])


def _pg_command_env() -> tuple[list[str], dict]:
    """Connection arguments for pg_dump and pg_restore; the password only in their environment."""
    params = connection.settings_dict
    arguments = []
    if params.get("HOST"):
        arguments += ["--host", params["HOST"]]
    if params.get("PORT"):
        arguments += ["--port", str(params["PORT"])]
    if params.get("USER"):
        arguments += ["--username", params["USER"]]
    env = {**os.environ, "PGPASSWORD": params.get("PASSWORD") or ""}
    return arguments, env


def _postgres_snapshot(target: Path) -> tuple[Path, dict]:
    """Count the rows and dump them from one exported snapshot, so the counts are the dump's own."""
    import psycopg
    from psycopg import sql

    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    with psycopg.connect(**params, autocommit=False) as reader:
        reader.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        snapshot = reader.execute("SELECT pg_export_snapshot()").fetchone()[0]
        tables = {
            t: reader.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(t))).fetchone()[0]
            for t in _django_tables()
        }
        arguments, env = _pg_command_env()
        done = subprocess.run(  # noqa: S603 — fixed arguments, no shell
            [
                _pg_tool("pg_dump"),
                *arguments,
                "--format=custom",
                f"--snapshot={snapshot}",
                "--no-owner",
                f"--file={target}",
                connection.settings_dict["NAME"],
            ],
            env=env,
            capture_output=True,
            text=True,
        )
        reader.rollback()
    if done.returncode != 0:
        raise BackupError(f"pg_dump failed: {done.stderr.strip()}")
    return target, tables


def _copy_files(root: Path, target: Path) -> list[dict]:
    target.mkdir()
    listed = []
    if not root.is_dir():
        return listed
    for source in sorted(root.rglob("*")):
        if not source.is_file():
            continue
        relative = source.relative_to(root).as_posix()
        copy = target / relative
        copy.parent.mkdir(parents=True, exist_ok=True)
        try:
            shutil.copy2(source, copy)
        except FileNotFoundError:
            continue  # removed while we walked (a job's old file): nothing in the snapshot needs it
        listed.append({"path": relative, "size": copy.stat().st_size, "sha256": file_sha256(copy)})
    return listed


def prune(destination: Path, *, keep: int) -> list[Path]:
    """Keep the newest `keep` complete backups; remove older ones and any left half-written."""
    destination = Path(destination)
    if not destination.is_dir():
        return []
    complete = sorted(
        (p for p in destination.iterdir() if p.is_dir() and p.name.startswith(PREFIX) and (p / MANIFEST).is_file()),
        key=lambda p: p.name,
    )
    gone = complete[: max(0, len(complete) - keep)]
    gone += [p for p in destination.iterdir() if p.is_dir() and p.name.endswith(".partial")]
    for path in gone:
        shutil.rmtree(path)
    return gone


# --- Restore ------------------------------------------------------------------------------------


def read_manifest(folder: Path) -> dict:
    path = Path(folder) / MANIFEST
    if not path.is_file():
        raise BackupError(f"{folder} is not a Mitra backup: it has no {MANIFEST}.")
    manifest = json.loads(path.read_text())
    if manifest.get("format") != FORMAT:
        raise BackupError(f"This backup has format {manifest.get('format')}; this Mitra reads format {FORMAT}.")
    return manifest


def verify(folder: Path) -> dict:
    """Every checksum of the backup, before anything is touched; a damaged backup is refused whole."""
    folder = Path(folder)
    manifest = read_manifest(folder)
    database = folder / manifest["database"]["name"]
    if not database.is_file() or file_sha256(database) != manifest["database"]["sha256"]:
        raise BackupError(f"The database snapshot {database.name} is missing or damaged.")
    for entry in manifest["files"]:
        path = folder / "files" / entry["path"]
        if not path.is_file() or file_sha256(path) != entry["sha256"]:
            raise BackupError(f"The file {entry['path']} is missing from the backup or damaged.")
    return manifest


def restore(folder: Path) -> RestoreReport:
    folder = Path(folder)
    manifest = verify(folder)
    if manifest["engine"] != connection.vendor:
        raise BackupError(
            f"This backup is of a {manifest['engine']} database; this installation uses {connection.vendor}."
        )
    connections.close_all()
    database = folder / manifest["database"]["name"]
    if connection.vendor == "sqlite":
        _sqlite_restore(database)
    else:
        _postgres_restore(database)
    _restore_files(folder / "files", Path(settings.MEDIA_ROOT))
    return _compare(manifest)


def _sqlite_restore(snapshot: Path) -> None:
    # The backup API again, the other way: it replaces every page of the live database, WAL included.
    source = sqlite3.connect(snapshot)
    target = sqlite3.connect(connection.settings_dict["NAME"], timeout=30)
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()


def _postgres_restore(dump: Path) -> None:
    arguments, env = _pg_command_env()
    done = subprocess.run(  # noqa: S603 — fixed arguments, no shell
        [
            _pg_tool("pg_restore"),
            *arguments,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            f"--dbname={connection.settings_dict['NAME']}",
            str(dump),
        ],
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise BackupError(f"pg_restore failed: {done.stderr.strip()}")


def _restore_files(source: Path, media: Path) -> None:
    """Build the new file tree beside the old one, then swap, so a failure leaves the old in place."""
    incoming = media.with_name(media.name + ".restoring")
    outgoing = media.with_name(media.name + ".replaced")
    shutil.rmtree(incoming, ignore_errors=True)
    shutil.copytree(source, incoming)
    shutil.rmtree(outgoing, ignore_errors=True)
    if media.exists():
        media.rename(outgoing)
    incoming.rename(media)
    shutil.rmtree(outgoing, ignore_errors=True)


def _compare(manifest: dict) -> RestoreReport:
    report = RestoreReport(files=len(manifest["files"]))
    with connection.cursor() as cursor:
        for table, expected in sorted(manifest["tables"].items()):
            cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            found = cursor.fetchone()[0]
            report.tables += 1
            report.rows += found
            if found != expected:
                report.differing_tables[table] = (expected, found)
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA integrity_check")
            report.integrity = cursor.fetchone()[0]
        else:
            # PostgreSQL keeps no such check; a restore is whole when every constraint was re-made.
            cursor.execute("SELECT count(*) FROM pg_constraint WHERE NOT convalidated")
            report.integrity = "ok" if cursor.fetchone()[0] == 0 else "constraints not validated"
    report.files_check = check()
    return report
