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
