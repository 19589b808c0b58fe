"""Reading a record's history, with field names, choice values, dates and numbers shown as people read
them: in their language, the one date style (config/formats), the school's time zone."""

import ast
import datetime
import json
from decimal import Decimal, InvalidOperation

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from mitra.history.models import Change
from mitra.history.services import shown_fields


def _field(model, name: str):
    """The model's own field of that name; None for reverse relations and names recorded as `extra`."""
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return field if hasattr(field, "verbose_name") else None


def _label(model, name: str) -> str:
    field = _field(model, name)
    if field is not None:
        return str(field.verbose_name)
    # Changes recorded through `extra` are labelled by the model itself.
    return str(getattr(model, "history_extra_labels", {}).get(name, name))


def _json(value: str):
    """A recorded JSON value: written as JSON now, as Python's text of it before."""
    try:
        return json.loads(value)
    except ValueError:
        try:
            return ast.literal_eval(value)
        except (ValueError, SyntaxError):
            return value


def _listed(model, name: str, found) -> str:
    labels = {code: str(label) for code, label in getattr(model, "history_choices", {}).get(name, ())}
    if isinstance(found, dict):
        return ", ".join(f"{labels.get(key, key)}: {item}" for key, item in found.items())
    if isinstance(found, list):
        return ", ".join(str(labels.get(item, item)) if isinstance(item, str) else str(item) for item in found)
    return str(found)


def _number(value: str) -> str:
    try:
        number = Decimal(value)
    except InvalidOperation:
        return value
    number = number.quantize(Decimal(1)) if number == number.to_integral_value() else number.normalize()
    return formats.number_format(number, force_grouping=True)


def _moment(field, value: str) -> str:
    """A recorded date, time or moment in the one style, a moment in the school's time zone."""
    try:
        if isinstance(field, models.DateTimeField):
            return formats.date_format(timezone.localtime(datetime.datetime.fromisoformat(value)), "DATETIME_FORMAT")
        if isinstance(field, models.DateField):
            return formats.date_format(datetime.date.fromisoformat(value), "DATE_FORMAT")
        return formats.time_format(datetime.time.fromisoformat(value), "TIME_FORMAT")
    except ValueError:
        return value


def _display(model, name: str, value: str) -> str:
    field = _field(model, name)
    if field is None:
        display = getattr(model, "history_display", None)
        return display(name, value) if display else value
    if value == "":
        return value
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return {"True": _("yes"), "False": _("no")}.get(value, value)
    if isinstance(field, models.DateField | models.TimeField):  # DateTimeField is a DateField
        return _moment(field, value)
    if isinstance(field, models.DecimalField):
        return _number(value)
    if isinstance(field, models.JSONField):
        return _listed(model, name, _json(value))
    return value


def describe_fields(model, fields: dict) -> list[dict]:
    """A change's {field: [old, new]} as people read it: labels, choice names, dates and numbers; the
    fields the model no longer shows (recorded before they were hidden) left out."""
    hidden = {field.name for field in model._meta.concrete_fields} - {field.name for field in shown_fields(model)}
    return [
        {"label": _label(model, name), "old": _display(model, name, old), "new": _display(model, name, new)}
        for name, (old, new) in fields.items()
        if name not in hidden
    ]


# A record's page shows its latest changes; "the whole history" (?history=all) shows up to HISTORY_ALL.
HISTORY_SHOWN = 10
HISTORY_ALL = 500


class History(list):
    """The rows of a record's history, newest first; `more` when older changes were left out, `whole`
    when the whole history was asked for."""

    more = False
    whole = False


def whole_history(request) -> bool:
    """Whether the whole history was asked for (?history=all); a page kept in parts keys on this,
    never on the raw parameter, so that made-up values make no copies."""
    return request.GET.get("history") == "all"


def history_limit(request) -> int:
    """How many changes a record's page shows: the latest few, or all of them when asked."""
    return HISTORY_ALL if whole_history(request) else HISTORY_SHOWN


def page_history(request, *, school, anchor) -> History:
    """A record's history as its page shows it: the latest changes, or the whole when asked."""
    return history_for(school=school, anchor=anchor, limit=history_limit(request))


def history_for(*, school, anchor, limit: int = HISTORY_SHOWN) -> History:
    changes = list(
        Change.objects.for_school(school)
        .filter(anchor_type=ContentType.objects.get_for_model(anchor), anchor_id=anchor.pk)
        .select_related("actor", "target_type")[: limit + 1]
    )
    rows = History(
        {"change": change, "fields": describe_fields(change.target_type.model_class(), change.fields)}
        for change in changes[:limit]
    )
    rows.more, rows.whole = len(changes) > limit, limit >= HISTORY_ALL
    return rows


def recent_changes(*, school, limit: int = 8):
    """The school's latest changes, newest first (the dashboard's "recently")."""
    return Change.objects.for_school(school).select_related("actor", "target_type")[:limit]
