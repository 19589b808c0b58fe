"""Recording changes. Write services call these explicitly (no signals: the service knows who acted)."""

import json

from django.contrib.contenttypes.models import ContentType
from django.db import models

from mitra.history.models import Change
from mitra.schools import freshness

# Bookkeeping fields that would only add noise to a change record: keys and search keys. A model names
# its own in `history_hidden` (its order among others, working state kept as JSON, numbers drawn).
_SKIPPED = {"id", "school", "created_at", "updated_at", "name_key", "version", "identity"}


def _as_text(obj: models.Model, field: models.Field) -> str:
    # A link is recorded by what it pointed at ("UPT Puskesmas Kergon"), not by its id; JSON as JSON,
    # so that the history can show a list as a list (history/selectors.py).
    value = getattr(obj, field.name) if field.is_relation else getattr(obj, field.attname)
    if value is None:
        return ""
    return json.dumps(value, ensure_ascii=False) if isinstance(field, models.JSONField) else str(value)


def shown_fields(model) -> list[models.Field]:
    """The fields of a model that its history records and shows."""
    hidden = _SKIPPED | set(getattr(model, "history_hidden", ()))
    return [field for field in model._meta.concrete_fields if field.name not in hidden]


def _fields_of(obj: models.Model) -> dict[str, str]:
    return {field.name: _as_text(obj, field) for field in shown_fields(type(obj))}


def snapshot(obj: models.Model) -> dict[str, str]:
    """The record's own fields as text, as stored: the "before" of an update. Read from the database,
    because a ModelForm has already written its input onto the instance by the time a service takes
    this picture, which would then show nothing as changed."""
    stored = type(obj)._base_manager.filter(pk=obj.pk).first() if obj.pk else None
    return _fields_of(stored or obj)


def _school_of(obj: models.Model):
    return obj if obj._meta.label == "schools.School" else obj.school


def record(
    *,
    user,
    obj: models.Model,
    action: str,
    before: dict | None = None,
    anchor: models.Model | None = None,
    extra: dict[str, list[str]] | None = None,
) -> Change | None:
    """Write one change record; `extra` adds changes the row itself does not hold (e.g. its
    related choices). An update that changed nothing writes nothing."""
    after = _fields_of(obj) if action != Change.Action.DELETE else {}  # the instance, just saved
    if action == Change.Action.CREATE:
        fields = {name: ["", value] for name, value in after.items() if value != ""}
    elif action == Change.Action.UPDATE:
        before = before or {}
        fields = {name: [before.get(name, ""), value] for name, value in after.items() if before.get(name, "") != value}
    else:
        fields = {name: [value, ""] for name, value in (before or {}).items() if value != ""}
    fields.update({name: pair for name, pair in (extra or {}).items() if pair[0] != pair[1]})
    if action == Change.Action.UPDATE and not fields:
        return None
    anchor = anchor or obj
    school = _school_of(obj)
    change = Change.objects.for_school(school).create(
        actor=user if getattr(user, "is_authenticated", False) else None,
        action=action,
        target_type=ContentType.objects.get_for_model(obj),
        target_id=obj.pk,
        target_repr=str(obj)[:200],
        anchor_type=ContentType.objects.get_for_model(anchor),
        anchor_id=anchor.pk,
        fields=fields,
    )
    # The kind of data changed, for the kept pages and figures; after the change itself, which the
    # dashboard's recent changes show, so that no reader sees the mark before what it marks.
    freshness.mark_write(obj, anchor)
    return change
