"""Tells the OpenAPI generator how the personal tokens are sent."""

import functools
import re

from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.generators import SchemaGenerator
from rest_framework.exceptions import ValidationError


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "mitra.api.authentication.BearerTokenAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "description": "A personal token: Authorization: Bearer mitra_…"}


# Every status the API answers besides an operation's success, and when. DRF and the services send
# them from one place each (authentication, permissions, the school lookup, validation, throttles),
# so they are documented here once for every operation instead of on each view.
_ERRORS = {
    "400": "The request is not valid: a field, a query parameter or the body (the message says which).",
    "401": "No valid token was sent.",
    "403": "The token's owner may not do this in this school.",
    "404": "No such school, row or page for this token's owner.",
    "429": "Too many requests, or too many unknown tokens from this address: wait and try again.",
}
_BODY_ERRORS = {"415": "The body is not JSON (or multipart for an upload)."}
_BODY_METHODS = {"post", "put", "patch"}

ERROR_SCHEMA = {
    "type": "object",
    "description": "`detail` for a refusal; for a validation error, each field's messages (or `non_field_errors`).",
    "properties": {"detail": {"type": "string"}},
    "additionalProperties": True,
}


# A time of day as the API reads and writes it ("08:30" or "08:30:00"): local school time, with no
# offset. OpenAPI's `format: time` is RFC 3339's full-time, which requires one, so it is not used.
TIME_OF_DAY = {"pattern": r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?$", "example": "08:30:00"}


def _times_of_day(node) -> None:
    if isinstance(node, dict):
        if node.get("format") == "time":
            del node["format"]
            node.update(TIME_OF_DAY)
        for value in node.values():
            _times_of_day(value)
    elif isinstance(node, list):
        for value in node:
            _times_of_day(value)


def document_errors(result, generator, request, public):
    """drf-spectacular post-processing hook: add the error answers (as `Error`) to every operation,
    and describe times of day as they are sent."""
    _times_of_day(result.get("components", {}))
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    ref = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            errors = dict(_ERRORS)
            if method in _BODY_METHODS:
                errors.update(_BODY_ERRORS)
            if path.endswith("/openapi.json"):
                continue
            responses = operation.setdefault("responses", {})
            for status, description in errors.items():
                responses.setdefault(status, {"description": description, "content": ref})
    return result


@functools.cache
def documented_query_names() -> dict[tuple[str, str], frozenset[str]]:
    """(path template, method) → the query parameters the published schema documents for it. Made
    once per process from the same generator that serves /api/v1/openapi.json (about half a second)."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return {
        (path, method.upper()): frozenset(p["name"] for p in operation.get("parameters", []) if p.get("in") == "query")
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        if isinstance(operation, dict)
    }


def refuse_unknown_query(request) -> None:
    """A query parameter the schema does not document is refused with a 400 naming it: a client's
    typo (`?stauts=active`) would otherwise get the whole unfiltered list back."""
    match = getattr(request, "resolver_match", None)
    if match is None or not request.query_params:
        return
    template = "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", match.route)
    allowed = documented_query_names().get((template, request.method))
    if allowed is None:
        return
    unknown = sorted(set(request.query_params) - allowed)
    if unknown:
        raise ValidationError({name: [_("This query parameter is not known here.")] for name in unknown})
