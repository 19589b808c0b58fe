"""Every string a user reads has its Bahasa Indonesia translation."""

import shutil
import subprocess
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

ROOT = Path(settings.BASE_DIR)
CATALOGUE = ROOT / "locale" / "id" / "LC_MESSAGES" / "django.po"
SOURCES = ("mitra", "templates", "config")


def _statistics(po: Path) -> str:
    return subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(po)], capture_output=True, text=True, check=True
    ).stderr


def test_the_committed_catalogue_is_complete():
    stats = _statistics(CATALOGUE)
    assert "untranslated" not in stats and "fuzzy" not in stats, stats


def test_no_string_in_the_code_is_missing_from_the_catalogue(tmp_path, settings, monkeypatch):
    # makemessages writes into the `locale/` of the folder it runs in, so it runs in a copy of the
    # sources with a copy of the catalogue: strings missing from it show up there as untranslated.
    for folder in SOURCES:
        shutil.copytree(ROOT / folder, tmp_path / folder, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    (tmp_path / "locale" / "id" / "LC_MESSAGES").mkdir(parents=True)
    copy = tmp_path / "locale" / "id" / "LC_MESSAGES" / "django.po"
    shutil.copy(CATALOGUE, copy)
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    monkeypatch.chdir(tmp_path)
    call_command("makemessages", locale=["id"], verbosity=0)
    stats = _statistics(copy)
    assert "untranslated" not in stats and "fuzzy" not in stats, (
        f"{stats} Run `make makemessages` and translate the new strings in {CATALOGUE}."
    )
    assert CATALOGUE.read_bytes() != b"" and "untranslated" not in _statistics(CATALOGUE)
