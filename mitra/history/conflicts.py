"""Two people editing the same record: the second to save is told, never silently overwritten.

A guarded form carries, hidden, the record's `updated_at` as it was when the form was opened. Saving
locks the record's row and compares: if someone saved it in between, the save is refused with who
changed what and when, the person's own input stays in the form, and the form now carries the new
version, so that saving again is a decision taken knowing what it replaces.

    class PartnerForm(ConflictGuard, forms.ModelForm): ...

    try:
        with conflicts.saving(form):
            services.partner_update(...)
    except ValidationError as error:
        apply_error(form, error)

A form without the hidden value (an old page, the API) saves as before.
"""

import contextlib
import datetime

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from mitra.history.models import Change
from mitra.history.selectors import describe_fields

FIELD = "loaded_version"


def version_of(instance) -> str:
    stamp = getattr(instance, "updated_at", None) if instance is not None and instance.pk else None
    return stamp.isoformat() if stamp else ""


class ConflictGuard:
    """Mixed into a ModelForm: the record guarded is the form's instance."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[FIELD] = forms.CharField(
            widget=forms.HiddenInput, required=False, initial=version_of(self.instance)
        )


def _refuse_if_changed(form) -> None:
    if not isinstance(form, ConflictGuard):
        return  # form_page saves unguarded forms too
    record, loaded = form.instance, form.cleaned_data.get(FIELD)
    if not record.pk or not loaded:
        return
    model = type(record)
    # The row lock makes the comparison and the save one step on PostgreSQL; SQLite's IMMEDIATE
    # transactions already let one writer in at a time.
    current = (
        model._default_manager.select_for_update().filter(pk=record.pk).values_list("updated_at", flat=True).first()
    )
    if current is None or current.isoformat() == loaded:
        return
    # Saving again now replaces what the other person saved, knowingly.
    form.data = form.data.copy()
    form.data[form.add_prefix(FIELD)] = current.isoformat()
    raise ValidationError(_message(record, since=datetime.datetime.fromisoformat(loaded)), code="changed_meanwhile")


def _message(record, *, since) -> str:
    changes = list(
        Change.all_schools.filter(
            school_id=record.school_id,
            target_type=ContentType.objects.get_for_model(record),
            target_id=record.pk,
            at__gt=since,
        )
        .select_related("actor")
        .order_by("at")
    )
    if not changes:
        return _(
            "Someone else saved this record after you opened it. Your changes have not been saved; they are "
            "still in the form. Open the record again in another tab to see the other version, or save again "
            "to replace it with yours."
        )
    last = changes[-1]
    who = (last.actor.get_full_name() or last.actor.username) if last.actor else _("Someone")
    # A field changed twice meanwhile reads from its value when the form was opened to its value now.
    spans = {}
    for change in changes:
        for name, (old, new) in change.fields.items():
            spans[name] = [spans.get(name, [old])[0], new]
    changed = describe_fields(type(record), spans)
    what = "; ".join(f"{row['label']}: “{row['old']}” → “{row['new']}”" for row in changed) or _("no field you see")
    return _(
        "%(who)s saved this record at %(time)s, after you opened it. Your changes have not been saved; they "
        "are still in the form. What %(who)s changed: %(what)s. Save again to replace that with your version."
    ) % {"who": who, "time": formats.time_format(timezone.localtime(last.at), "H:i"), "what": what}


@contextlib.contextmanager
def saving(form):
    """The save as one transaction that first refuses if the record changed since the form was opened."""
    with transaction.atomic():
        _refuse_if_changed(form)
        yield
