"""The restore drill by hand, with figures: the demo installation under writes, `manage.py backup`,
the database and the files wiped, `manage.py restore`, then `check_files`.

SQLite (a throwaway file):      .venv/bin/python bench/restore_drill.py
PostgreSQL (a throwaway database on the server MITRA_DB_* name):
    MITRA_DB_ENGINE=postgresql MITRA_DB_HOST=... MITRA_DB_USER=... .venv/bin/python bench/restore_drill.py
"""

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WRITER = """
import itertools, os, pathlib
from mitra.partners.models import Partner, name_key
from mitra.schools.models import School
school = School.objects.order_by("pk").first()
stop = pathlib.Path(os.environ["MITRA_DRILL_STOP"])
for n in itertools.count():
    if stop.exists():
        print(n)
        break
    name = f"Mitra saat backup {n}"
    Partner.all_schools.create(school=school, name=name, name_key=name_key(name), kind="business")
"""


def manage(env, *args, capture=False) -> tuple[float, str]:
    started = time.monotonic()
    done = subprocess.run(  # noqa: S603 (fixed arguments)
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=capture, text=True
    )
    return time.monotonic() - started, (done.stdout or "")


def wipe_database(env) -> None:
    if env.get("MITRA_DB_ENGINE") == "postgresql":
        import psycopg

        params = {
            "host": env.get("MITRA_DB_HOST"),
            "port": env.get("MITRA_DB_PORT"),
            "user": env.get("MITRA_DB_USER"),
            "password": env.get("MITRA_DB_PASSWORD"),
        }
        with psycopg.connect(dbname="postgres", autocommit=True, **{k: v for k, v in params.items() if v}) as c:
            c.execute(f'DROP DATABASE IF EXISTS "{env["MITRA_DB_NAME"]}" WITH (FORCE)')
            c.execute(f'CREATE DATABASE "{env["MITRA_DB_NAME"]}"')
    else:
        for suffix in ("", "-wal", "-shm"):
            Path(env["MITRA_DB_NAME"] + suffix).unlink(missing_ok=True)


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="mitra-drill-"))
    engine = os.environ.get("MITRA_DB_ENGINE", "sqlite")
    env = {
        **os.environ,
        "MITRA_DB_NAME": "mitra_drill" if engine == "postgresql" else str(work / "mitra.sqlite3"),
        "MITRA_VAR_DIR": str(work / "var"),
        "MITRA_MEDIA_ROOT": str(work / "files"),
        "MITRA_LOG_LEVEL": "WARNING",
    }
    wipe_database(env)
    manage(env, "migrate", "--noinput", "-v0")
    demo_s, _ = manage(env, "demo", capture=True)

    stop = work / "stop"
    writer = subprocess.Popen(  # noqa: S603
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", WRITER],
        cwd=ROOT,
        env={**env, "MITRA_DRILL_STOP": str(stop)},
        stdout=subprocess.PIPE,
        text=True,
    )
    time.sleep(1.0)  # the writes are under way before the snapshot
    backup_s, said = manage(env, "backup", "--output-dir", str(work / "backups"), capture=True)
    stop.touch()
    written = int((writer.communicate(timeout=60)[0].split() or ["0"])[-1])
    folder = next((work / "backups").iterdir())
    size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())

    wipe_database(env)
    subprocess.run(["rm", "-rf", env["MITRA_MEDIA_ROOT"]], check=True)  # noqa: S603, S607
    restore_s, restored = manage(env, "restore", str(folder), "--yes", capture=True)
    check_s, checked = manage(env, "check_files", capture=True)

    print(f"engine: {engine}; demo loaded in {demo_s:.1f} s")
    print(f"partners written by another process during the backup: {written}")
    print(said.strip())
    print(f"backup took {backup_s:.1f} s; {size / 1e6:.1f} MB on disk")
    print(f"restore took {restore_s:.1f} s:")
    print("\n".join("  " + line for line in restored.strip().splitlines()[-8:]))
    print(f"check_files took {check_s:.1f} s: {checked.strip().splitlines()[-1] if checked.strip() else ''}")


if __name__ == "__main__":
    main()
