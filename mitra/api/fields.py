"""Fields that take what the schema says and nothing looser.

DRF reads a number sent where text belongs as that number's text (`0` → "0"), and a JSON object sent
where a list of ids belongs as the list of its keys (`{}` → no links). The schema promises a string
and an array; a client that sends something else has a bug, and is told so with a 400 naming the
field instead of having its data quietly turned into something it did not send.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.relations import MANY_RELATION_KWARGS, ManyRelatedField


class _TextOnly:
    def to_internal_value(self, data):
        if not isinstance(data, str):
            raise serializers.ValidationError(_("Send text here, as a JSON string."), code="not_text")
        return super().to_internal_value(data)


class Text(_TextOnly, serializers.CharField):
    pass


class Email(_TextOnly, serializers.EmailField):
    pass


class Url(_TextOnly, serializers.URLField):
    pass


class Slug(_TextOnly, serializers.SlugField):
    pass


class Links(ManyRelatedField):
    """A list of ids; anything but a JSON array is refused."""

    def to_internal_value(self, data):
        if not isinstance(data, list):
            self.fail("not_a_list", input_type=type(data).__name__)
        return super().to_internal_value(data)


class LinkMany:
    """Mixed into a related field: `many=True` makes `Links`."""

    @classmethod
    def many_init(cls, *args, **kwargs):
        list_kwargs = {"child_relation": cls(*args, **kwargs)}
        list_kwargs.update({key: value for key, value in kwargs.items() if key in MANY_RELATION_KWARGS})
        return Links(**list_kwargs)


class PrimaryKeys(LinkMany, serializers.PrimaryKeyRelatedField):
    pass


class ModelSerializer(serializers.ModelSerializer):
    """The API's model serializers: text fields take text only; links to many rows take a list."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.CharField: Text,
        models.TextField: Text,
        models.EmailField: Email,
        models.URLField: Url,
        models.SlugField: Slug,
    }
    serializer_related_field = PrimaryKeys


class Flag(serializers.BooleanField):
    """true or false, as JSON says them (for JSON bodies only: a form sends text)."""

    def to_internal_value(self, data):
        if not isinstance(data, bool):
            raise serializers.ValidationError(_("Send true or false."), code="not_boolean")
        return data


def query_flag(params, name: str) -> bool:
    """A yes/no query parameter: true/false or 1/0; anything else is a 400 naming it."""
    raw = params.get(name)
    if raw is None:
        return False
    if raw.lower() not in ("true", "false", "1", "0"):
        raise serializers.ValidationError({name: [_("Send true or false.")]})
    return raw.lower() in ("true", "1")


def query_id(params, name: str) -> int | None:
    """An id in a query parameter: a whole number, or absent; anything else is a 400 naming it."""
    raw = params.get(name)
    if raw is None or raw == "":
        return None
    if not (raw.isascii() and raw.isdigit()):
        raise serializers.ValidationError({name: [_("Send the number of a record.")]})
    return int(raw)
