"""Puts the current access and the places a user can switch to into every template."""

from django.utils.functional import SimpleLazyObject

from mitra.schools.access import SWITCHER_SCHOOLS, places_for


def access(request):
    return {
        "access": getattr(request, "access", None),
        "places": SimpleLazyObject(lambda: places_for(request.user, limit=SWITCHER_SCHOOLS)),
    }
