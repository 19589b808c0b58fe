"""Puts the current access and the places a user can switch to into every template."""

from django.utils.functional import SimpleLazyObject

from mitra.schools.access import SWITCHER_SCHOOLS, places_for
from mitra.schools.cycle import stage_nav


def access(request):
    current = getattr(request, "access", None)
    return {
        "access": current,
        "stage_nav": SimpleLazyObject(lambda: stage_nav(current, request.path) if current else []),
        "places": SimpleLazyObject(lambda: places_for(request.user, limit=SWITCHER_SCHOOLS)),
    }
