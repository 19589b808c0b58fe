"""API errors as JSON with a clear message, including the service layer's validation errors."""

from collections.abc import Mapping

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.defaults import page_not_found
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        exc = exceptions.ValidationError(detail)
    return drf_exception_handler(exc, context)


def body_object(request):
    """The request's body as a mapping of names to values; a JSON list or a bare value is refused
    with a 400 rather than failing later on `.get`."""
    if not isinstance(request.data, Mapping):
        raise exceptions.ValidationError({"non_field_errors": [_("Send the fields as one JSON object.")]})
    return request.data


def _api(request) -> bool:
    return request.path.startswith("/api/")


def not_found(request, exception=None):
    """Django's 404 (a path no route matches, an id out of range): JSON under /api/, the page elsewhere."""
    if _api(request):
        return JsonResponse({"detail": _("Not found.")}, status=404)
    return page_not_found(request, exception)
