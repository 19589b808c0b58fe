"""The health endpoint a load balancer or a monitor asks: can this process reach the database and
the uploaded files? 200 with what was checked, or 503 naming what failed. Nothing else is said, so
an anonymous caller learns nothing about the installation."""

import os
import time
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache


def _database() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # noqa: BLE001 (any failure of the database is "not healthy")
        return False


def _files() -> bool:
    root = Path(settings.MEDIA_ROOT)
    try:
        root.mkdir(parents=True, exist_ok=True)  # a fresh installation has had no upload yet
    except OSError:
        return False
    return os.access(root, os.W_OK | os.X_OK)


@never_cache
def healthz(request):
    started = time.monotonic()
    checks = {"database": _database(), "files": _files()}
    healthy = all(checks.values())
    return JsonResponse(
        {
            "status": "ok" if healthy else "failing",
            **{name: "ok" if ok else "failing" for name, ok in checks.items()},
            "ms": round((time.monotonic() - started) * 1000, 1),
        },
        status=200 if healthy else 503,
    )
