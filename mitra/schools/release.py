"""What the running code is: a fingerprint of its Python source, templates, static files and
translations, so that what was kept by one release (a part of a page, {% kept %}) is never shown by
the next, which may draw it otherwise, word it otherwise or name other static files."""

import hashlib
from functools import cache
from pathlib import Path

from django.conf import settings

PATTERNS = ("*.py", "*.html", "*.po", "*.css", "*.js", "*.svg")


def fingerprint_of(*roots: Path) -> str:
    """A short digest of every source, template, translation and static file under `roots`, names and
    contents."""
    digest = hashlib.blake2b(digest_size=8)
    for root in roots:
        for path in sorted(p for pattern in PATTERNS for p in root.rglob(pattern)):
            digest.update(str(path.relative_to(root)).encode())
            digest.update(b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()


@cache
def fingerprint() -> str:
    """The running release's fingerprint, read once a process (about 40 ms)."""
    base = Path(settings.BASE_DIR)
    return fingerprint_of(base / "mitra", base / "templates", base / "static", base / "locale")
