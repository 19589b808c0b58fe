"""Reading a record's history, with field names and choice values shown as people read them."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist

from mitra.history.models import Change


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


def _display(model, name: str, value: str) -> str:
    field = _field(model, name)
    if field is None:
        display = getattr(model, "history_display", None)
        return display(name, value) if display else value
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.get_internal_type() == "BooleanField":
        return {"True": "✓", "False": "✗"}.get(value, value)
    return value


def describe_fields(model, fields: dict) -> list[dict]:
    """A change's {field: [old, new]} as people read it: labels and choice names."""
    return [
        {"label": _label(model, name), "old": _display(model, name, old), "new": _display(model, name, new)}
        for name, (old, new) in fields.items()
    ]


def history_for(*, school, anchor, limit: int = 50) -> list[dict]:
    changes = (
        Change.objects.for_school(school)
        .filter(anchor_type=ContentType.objects.get_for_model(anchor), anchor_id=anchor.pk)
        .select_related("actor", "target_type")[:limit]
    )
    rows = []
    for change in changes:
        model = change.target_type.model_class()
        rows.append(
            {
                "change": change,
                "fields": describe_fields(model, change.fields),
            }
        )
    return rows


def recent_changes(*, school, limit: int = 8):
    """The school's latest changes, newest first (the dashboard's "recently")."""
    return Change.objects.for_school(school).select_related("actor", "target_type")[:limit]
