"""Importing a spreadsheet: send the file, map its columns with a preview of every row, then save
all of it or, knowingly, only its rows without problems."""

import datetime

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mitra.activities.models import Activity
from mitra.files.pipeline import accept_spreadsheet
from mitra.partners.models import Area, Partner
from mitra.reports.models import ImportBatch
from mitra.schools import jobs
from mitra.schools.access import school_view
from mitra.schools.pages import apply_error
from mitra.transfer import imports
from mitra.transfer.forms import ImportFileForm, MappingForm

PERMISSION = {"partners": "partners.edit", "contacts": "partners.edit", "activities": "activities.record"}
IN_THE_BACKGROUND = 300  # rows; a longer file is saved by the worker, with a progress bar


def _may_import(access, request) -> None:
    """403 for someone who may import nothing, before any batch is looked up."""
    if not any(access.can(p) for p in PERMISSION.values()):
        access.require("partners.edit", request)


def _batch(access, batch_id, request) -> ImportBatch:
    _may_import(access, request)
    batch = ImportBatch.objects.for_school(access.school).filter(pk=batch_id, created_by=access.user).first()
    if batch is None:
        raise Http404
    access.require(PERMISSION[batch.target], request)
    return batch


@school_view("school.view")
def start(request, access):
    _may_import(access, request)
    form = ImportFileForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        target = form.cleaned_data["target"]
        access.require(PERMISSION[target], request)
        upload = form.cleaned_data["file"]
        try:
            sheet = accept_spreadsheet(upload, max_bytes=settings.MAX_UPLOAD_BYTES)
            batch = imports.start(
                school=access.school, user=request.user, target=target, sheet=sheet, file_name=upload.name
            )
        except ValidationError as error:
            apply_error(form, ValidationError({"file": error.messages}))
        else:
            return redirect("reports:import_batch", school_id=access.school.pk, batch_id=batch.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "transfer/import_start.html", {"access": access, "form": form}, status=status)


def _shown(key: str, value) -> str:
    """A cleaned value as the preview shows it: a kind, status or area by its label."""
    labels = {"kind": Partner.Kind, "location": Partner.Location, "status": Activity.Status, "area": Area}.get(key)
    if labels is not None and value:
        return str(dict(labels.choices).get(value, value))
    if value is None or value == "":
        return "–"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "–"
    if isinstance(value, datetime.date):
        return date_format(value, "j M Y")
    if hasattr(value, "label"):
        return str(value.label)
    return str(value)


def _preview(batch, mapping):
    rows = imports.check(batch, mapping)
    target = imports.TARGETS[batch.target]
    fields = [f for f in target.fields if f.key in mapping or f.preview]
    for row in rows[: imports.PREVIEW_ROWS]:
        row.cells = [_shown(f.key, row.data.get(f.key)) for f in fields]
        if row.data.get("kind_guessed") and row.data.get("kind"):
            at = [f.key for f in fields].index("kind")
            row.cells[at] = _("%(kind)s (guessed from the name)") % {"kind": row.cells[at]}
    wrong = [r for r in rows if r.errors]
    skipped = [r for r in rows if not r.errors and r.duplicate]
    warned = [r for r in rows if r.warnings and not r.errors]
    labels = {i: f.label for f in target.fields for key, i in mapping.items() if key == f.key}
    columns = [(imports.index_to_letter(i), name, labels.get(i)) for i, name in enumerate(batch.header) if i in labels]
    return {
        "rows": rows[: imports.PREVIEW_ROWS],
        "total": len(rows),
        "valid": sum(r.ok for r in rows),
        "wrong": wrong[:200],
        "wrong_count": len(wrong),
        "skipped": skipped[:200],
        "skipped_count": len(skipped),
        "warned": warned[:200],
        "warned_count": len(warned),
        "fields": fields,
        "columns": columns,
        "unmapped": imports.unmapped(batch, mapping),
        "notes": imports.file_notes(batch),
        "header_line": imports.header_line(batch),
    }


def _form(batch, target, data=None):
    return MappingForm(
        data,
        target=target,
        header=batch.header,
        initial_mapping=batch.mapping,
        lines=imports.header_choices(batch) if batch.layout.get("header_lines") else (),
        header_line=imports.header_line(batch),
    )


@school_view("school.view")
def batch_page(request, access, batch_id):
    batch = _batch(access, batch_id, request)
    target = imports.TARGETS[batch.target]
    form = _form(batch, target, request.POST or None)
    if request.method == "POST" and batch.committed_at is None and form.is_valid():
        chosen = form.mapping()
        line = form.cleaned_data.get("header_line")
        if line and line != imports.header_line(batch):
            # Another header: the fields the person set themselves stay; the others are guessed again.
            mine = {k: v for k, v in chosen.items() if batch.mapping.get(k) != v}
            imports.set_header(batch, line, keep=mine)
            batch.save(update_fields=["header", "layout", "mapping"])
            form = _form(batch, target)  # the page shows what is now applied
        else:
            batch.mapping = chosen
            batch.save(update_fields=["mapping"])
    context = {"access": access, "batch": batch, "target": target, "form": form}
    if batch.committed_at is None:
        context |= _preview(batch, batch.mapping)
    return render(request, "transfer/import_batch.html", context, status=400 if form.errors else 200)


@require_POST
@school_view("school.view")
def commit(request, access, batch_id):
    batch = _batch(access, batch_id, request)
    valid_only = request.POST.get("rows") == "valid"
    if len(imports.data_rows(batch)) > IN_THE_BACKGROUND and batch.committed_at is None:
        job = jobs.start(
            access=access,
            kind="import",
            params={"batch": batch.pk, "valid_only": valid_only},
            title=_("Import of %(file)s") % {"file": batch.file_name},
        )
        return redirect("reports:job", school_id=access.school.pk, job_id=job.pk)
    try:
        result = imports.commit(batch, user=request.user, valid_only=valid_only)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(n)s rows were imported.") % {"n": result["saved"]})
    return redirect("reports:import_batch", school_id=access.school.pk, batch_id=batch.pk)
