"""Mitra as an installable web app (issue 25): the manifest a phone reads to put Mitra on its home
screen, in the reader's language. It opens at "/", which takes each person to the school they last
worked in (schools/access.py remember_school), so one manifest serves everyone."""

from django.http import JsonResponse
from django.templatetags.static import static
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

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
