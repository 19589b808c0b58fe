"""The database and security settings are really in force, not just written down."""

from django.db import connection


def test_sqlite_runs_in_wal_with_immediate_transactions_and_a_busy_timeout(db):
    if connection.vendor != "sqlite":
        assert connection.vendor == "postgresql"
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        journal = cursor.fetchone()[0]
        cursor.execute("PRAGMA busy_timeout")
        timeout = cursor.fetchone()[0]
        cursor.execute("PRAGMA foreign_keys")
        foreign_keys = cursor.fetchone()[0]
    assert journal == "wal"
    assert timeout >= 5000
    assert foreign_keys == 1
    assert connection.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_a_file_database_really_is_in_wal_mode(tmp_path):
    import sqlite3

    from django.conf import settings

    options = settings.DATABASES["default"].get("OPTIONS", {})
    if "init_command" not in options:
        return  # PostgreSQL run
    db = sqlite3.connect(tmp_path / "probe.sqlite3")
    db.executescript(options["init_command"])
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000


def test_production_settings_refuse_to_start_without_a_secret_key(tmp_path):
    import os
    import subprocess
    import sys

    from django.conf import settings

    env = {**os.environ, "MITRA_ENVIRONMENT": "production", "MITRA_SECRET_KEY": "", "MITRA_VAR_DIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "MITRA_SECRET_KEY is required in production" in result.stderr


def test_a_nonsense_boolean_is_refused(monkeypatch):
    import pytest
    from django.core.exceptions import ImproperlyConfigured

    from config.env import env_bool

    monkeypatch.setenv("MITRA_X", "yes please")
    with pytest.raises(ImproperlyConfigured):
        env_bool("MITRA_X")


def test_every_model_change_has_its_migration(db):
    import io

    from django.core.management import call_command

    out = io.StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out)
    except SystemExit:
        raise AssertionError("a model changed without its migration:\n" + out.getvalue()) from None
