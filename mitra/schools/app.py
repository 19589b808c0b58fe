"""Mitra as an installable web app (issue 25): the manifest a phone reads to put Mitra on its home
screen, in the reader's language. It opens at "/", which takes each person to the school they last
worked in (schools/access.py remember_school), so one manifest serves everyone."""

import json
from functools import cache
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse, JsonResponse
from django.templatetags.static import static
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from mitra.schools import release

THEME = "#0f6b4f"  # --brand in mitra.css
BACKGROUND = "#f5f7f6"  # --bg


@require_GET
@cache_control(max_age=3600, public=False)
def manifest(request):
    data = {
        "id": "/",
        "name": "Mitra",
        "short_name": "Mitra",
        "description": _("School partnerships, in writing: plan, agree, run, evaluate and report."),
        "lang": get_language() or "id",
        "dir": "ltr",
        "start_url": "/?source=app",
        "scope": "/",
        "display": "standalone",
        "orientation": "portrait",
        "theme_color": THEME,
        "background_color": BACKGROUND,
        "icons": [
            {"src": static("mitra/app/icon-192.png"), "sizes": "192x192", "type": "image/png", "purpose": "any"},
            {"src": static("mitra/app/icon-512.png"), "sizes": "512x512", "type": "image/png", "purpose": "any"},
            {
                "src": static("mitra/app/icon-maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    return response


@cache
def _worker_source() -> str:
    return Path(finders.find("mitra/sw.js")).read_text(encoding="utf-8")


@require_GET
def service_worker(request):
    """The service worker (static/mitra/sw.js, written by hand), served from the site's root so that
    it may look after the school pages (`/s/`, its scope; it keeps only the capture page and static
    files). What it needs to know comes first, in one line: the release, so that a new deployment is
    a new worker that replaces the old caches, the outbox's shared code, and the words of the page it
    shows when a page is not kept, in the reader's language."""
    settings_line = {
        "release": release.fingerprint(),
        "static": settings.STATIC_URL,
        "core": static("mitra/outbox.js"),
        "stylesheet": static("mitra/mitra.css"),
        "lang": get_language() or "id",
        "offline": {
            "title": _("No connection"),
            "text": _("This page is not kept on the phone. Recording an activity works without a signal."),
            "record": _("Record an activity"),
        },
    }
    body = "self.MITRA = " + json.dumps(settings_line, ensure_ascii=False) + ";\n" + _worker_source()
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    return response
