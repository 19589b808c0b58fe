"""Faults (issue 9): the server killed with kill -9 while people are writing, round after round.

    .venv/bin/python bench/faults.py [--rounds 20] [--clients 6] [--workers 2]
    MITRA_DB_ENGINE=postgresql MITRA_DB_HOST=... .venv/bin/python bench/faults.py     (PostgreSQL)

A fresh database (SQLite in a temporary folder, or a new database on the PostgreSQL server the
MITRA_DB_* variables name) with one school and a coordinator per client. Each round starts gunicorn,
lets the clients write at full speed — a new partner, a photo added to an activity, a letter drafted
and issued (its number drawn) — and after a random 1.5–4 s kills the whole server (master and workers)
with SIGKILL, in the middle of whatever it was doing. Then, with the server dead:

    the database's own integrity check (SQLite: PRAGMA integrity_check and foreign_key_check;
    PostgreSQL: amcheck over every index of the application's tables),
    every write a client was told was saved is there, once; no letter number twice or skipped;
    every file row has its file with its checksum (files on disk without a row — written just before
    the kill, their row never committed — are counted, not failed: `check_files` lists them).

It exits non-zero if any round finds a fault. The upload on a full disk is tested for real in
tests/files/test_full_disk.py (a small tmpfs as the files path), in CI."""

import argparse
import contextlib
import itertools
import os
import random
import secrets
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import requests  # noqa: E402
from two_servers import Client, free_ports, fresh_database, seed, verify  # noqa: E402


def start_server(env: dict, port: int, log: Path) -> subprocess.Popen:
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "--config", "config/gunicorn.conf.py", "config.wsgi"],
        cwd=ROOT,
        env={**env, "MITRA_BIND": f"127.0.0.1:{port}"},
        stdout=subprocess.DEVNULL,
        stderr=open(log, "a"),  # noqa: SIM115
        start_new_session=True,  # its own process group: the kill reaches master and workers at once
    )
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=5).status_code == 200:
                return server
        except requests.RequestException:
            time.sleep(0.3)  # not listening yet
    os.killpg(server.pid, signal.SIGKILL)
    raise SystemExit(f"gunicorn did not start; see {log}")


def integrity(database: str) -> list[str]:
    """What the database's own check finds wrong, read by a connection of its own."""
    from django.db import connection

    if connection.vendor == "sqlite":
        with contextlib.closing(sqlite3.connect(database)) as raw:  # opening it recovers from the WAL
            problems = [row[0] for row in raw.execute("PRAGMA integrity_check") if row[0] != "ok"]
            problems += [f"foreign key: {row}" for row in raw.execute("PRAGMA foreign_key_check")]
        return problems
    with connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS amcheck")
        cursor.execute(
            "SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
            "JOIN pg_am a ON a.oid = c.relam JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE a.amname = 'btree' AND n.nspname = 'public'"
        )
        problems = []
        for (index,) in cursor.fetchall():
            try:
                cursor.execute("SELECT bt_index_check(%s::regclass, true)", [index])
            except Exception as error:  # noqa: BLE001 (each broken index is a finding, not a stop)
                problems.append(f"{index}: {error}")
        return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--clients", type=int, default=6)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=9)
    args = parser.parse_args()
    chance = random.Random(args.seed)

    work = Path(tempfile.mkdtemp(prefix="mitra-faults-"))
    postgres = os.environ.get("MITRA_DB_ENGINE") == "postgresql"
    database = (os.environ.get("MITRA_DB_NAME", "mitra") + "_faults") if postgres else str(work / "mitra.sqlite3")
    env = {
        **os.environ,
        "MITRA_DB_NAME": database,
        "MITRA_VAR_DIR": str(work / "var"),
        "MITRA_MEDIA_ROOT": str(work / "files"),
        "MITRA_SECRET_KEY": secrets.token_urlsafe(50),
        "MITRA_WEB_WORKERS": str(args.workers),
        "MITRA_DEBUG": "0",
        "MITRA_LOG_LEVEL": "WARNING",
    }
    (work / "var").mkdir()
    os.environ.update(env)
    if postgres:
        fresh_database(database)
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.db import connections

    from mitra.operations import files_check

    world = seed(args.clients)
    connections.close_all()
    (port,) = free_ports(1)
    base = f"http://127.0.0.1:{port}"
    server_log = work / "gunicorn.log"
    log: list[tuple] = []
    clients = [
        Client(n, username, activity, world["school"], [base], log)
        for n, (username, activity) in enumerate(world["people"])
    ]
    server = start_server(env, port, server_log)
    for client in clients:  # sessions live in the database: one login lasts through every kill
        client.login()

    print(
        f"kill -9 of gunicorn ({args.workers} workers) during writes by {args.clients} clients, "
        f"{'PostgreSQL' if postgres else 'SQLite'}"
    )
    print(
        "| round | writing s | requests | refused by the dying server | told saved (so far) | lost | "
        "duplicated | numbers twice / skipped | files missing / damaged | files without a row | integrity |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    faults = 0
    steps = itertools.count(1)  # next() is atomic: no two writes share a step
    for round_ in range(1, args.rounds + 1):
        if round_ > 1:
            server = start_server(env, port, server_log)
        stopping = threading.Event()
        before = len(log)

        def write(client, stopping=stopping):
            while not stopping.is_set():
                step = next(steps)
                client.write_partner(step)
                client.upload(step)
                client.letter(step)

        threads = [threading.Thread(target=write, args=(client,)) for client in clients]
        for thread in threads:
            thread.start()
        writing = chance.uniform(1.5, 4.0)
        time.sleep(writing)
        os.killpg(server.pid, signal.SIGKILL)
        stopping.set()
        for thread in threads:
            thread.join()
        server.wait()

        connections.close_all()
        saved = defaultdict(list)
        for client in clients:
            for kind, items in client.saved.items():
                saved[kind].extend(items)
        counts = verify(saved, world["school"])
        orphans = len(files_check.check().orphans)
        problems = integrity(database)
        connections.close_all()
        told = counts["partners told saved"] + counts["photos told saved"] + counts["letters told issued"]
        lost = counts["partners lost"] + counts["photos lost"] + counts["letters lost"]
        duplicated = counts["partners duplicated"] + counts["photos duplicated"]
        numbers = f"{counts['letter numbers given twice']} / {counts['letter numbers skipped']}"
        files = f"{counts['files missing']} / {counts['files not matching their checksum']}"
        requests_now = log[before:]
        refused = sum(1 for row in requests_now if not row[3])
        print(
            f"| {round_} | {writing:.1f} | {len(requests_now)} | {refused} | {told} | {lost} | {duplicated} | "
            f"{numbers} | {files} | {orphans} | {'clean' if not problems else '; '.join(problems[:3])} |"
        )
        if lost or duplicated or problems or numbers != "0 / 0" or files != "0 / 0":
            faults += 1
    print(f"\n{args.rounds} rounds, {faults} with a fault; {len(log)} requests; server log: {server_log}")
    return 1 if faults else 0


if __name__ == "__main__":
    sys.exit(main())
