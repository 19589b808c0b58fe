"""Puts the current access and the places a user can switch to into every template."""

from django.utils.functional import SimpleLazyObject

from mitra.schools.access import switcher_for


def access(request):
    return {
        "access": getattr(request, "access", None),
        "places": SimpleLazyObject(lambda: switcher_for(request.user)),
    }
