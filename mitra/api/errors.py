"""API errors as JSON with a clear message, including the service layer's validation errors."""

from collections.abc import Mapping

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
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
