from functools import cache

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mitra.documents.dates import document_language
from mitra.reports import evidence, exports, foundation
from mitra.reports.forms import AccreditationItemForm, EvidencePackForm, FoundationReportForm, ReportForm
from mitra.reports.models import AccreditationItem
from mitra.reports.selectors import dashboard as dashboard_figures
from mitra.reports.selectors import school_figures
from mitra.schools import jobs
from mitra.schools.access import foundation_view, school_view
from mitra.schools.cycle import STAGES
from mitra.schools.listing import paginate, search_text
from mitra.schools.pages import partial_page
from mitra.schools.selectors import schools_of
from mitra.schools.services import current_year
from mitra.schools.templatetags.kept import parts_written_once


@school_view("school.view")
def dashboard(request, access):
    if access.is_partner_rep:
        # A partner representative's home is their own partner's page.
        return redirect("partners:detail", school_id=access.school.pk, partner_id=access.partner_id)
    today = timezone.localdate()
    read_year = cache(lambda: current_year(access.school))  # once, by the first part that needs it
    # Computed only where a kept part is missing or out of date (the template's {% kept %}).
    with parts_written_once():
        return render(
            request,
            "reports/dashboard.html",
            {
                "access": access,
                "stages": STAGES,
                "figures": SimpleLazyObject(lambda: school_figures(access=access, read_year=read_year)),
                "dashboard": SimpleLazyObject(
                    lambda: dashboard_figures(access=access, today=today, read_year=read_year)
                ),
            },
        )


def _initial(access) -> dict:
    """What both forms of the page start from: the current school year, the reader's language."""
    year = current_year(access.school)
    language = document_language(get_language())
    return {"year": year.pk if year else None, "language": language}


def _reports_page(request, access, *, form=None, pack_form=None, status=200):
    """The reports page with its two forms; the one that was sent comes back bound, with its errors
    beside its fields and what was chosen kept."""
    page, query = paginate(request, jobs.jobs_of(access=access), per_page=10)
    initial = _initial(access)
    context = {
        "access": access,
        "form": form or ReportForm(access=access, initial=initial),
        "pack_form": pack_form or EvidencePackForm(access=access, initial=initial),
        "page": page,
        "query": query,
    }
    return render(request, "reports/home.html", context, status=status)


@school_view("reports.view")
def home(request, access):
    return _reports_page(request, access)


@require_POST
@school_view("reports.view")
def generate(request, access):
    form = ReportForm(request.POST, access=access)
    if not form.is_valid():
        return _reports_page(request, access, form=form, status=400)
    job = jobs.start(access=access, kind="report", params=form.params(), title=form.title())
    return redirect("reports:job", school_id=access.school.pk, job_id=job.pk)


@require_POST
@school_view("school.export_archive")
def archive(request, access):
    """The whole school, data and files, as one archive that `manage.py import_school` restores."""
    title = _("Archive of %(school)s") % {"school": access.school.name}
    job = jobs.start(access=access, kind="archive", params={}, title=title)
    return redirect("reports:job", school_id=access.school.pk, job_id=job.pk)


@school_view("reports.view")
def job(request, access, job_id):
    found = jobs.job_get(access=access, job_id=job_id)
    # The page polls its own address for the job's state: htmx gets the state alone.
    response = render(
        request, "reports/_job.html" if request.htmx else "reports/job.html", {"access": access, "job": found}
    )
    patch_vary_headers(response, ["HX-Request"])
    return response


@school_view("reports.view")
def download(request, access, job_id):
    return jobs.download(jobs.job_get(access=access, job_id=job_id))


def _dashboard_order(request) -> dict:
    """The dashboard's search and order, as the page and its export both read them."""
    sort = request.GET.get("sort", "name")
    return {
        "sort": sort if sort in foundation.COLUMNS else "name",
        "descending": request.GET.get("dir") == "desc",
        "q": search_text(request.GET),
    }


def _dashboard_rows(access, order: dict):
    return foundation.ordered_summaries(foundation=access.foundation, today=timezone.localdate(), **order)


@foundation_view("foundation.view")
def foundation_dashboard(request, access):
    order = _dashboard_order(request)
    page, query = paginate(request, _dashboard_rows(access, order), per_page=50)
    page.object_list = foundation.as_rows(page.object_list)
    school_count = schools_of(foundation=access.foundation).count()
    context = {
        **order,
        "foundation_access": access,
        "page": page,
        "query": query,
        "columns": foundation.column_labels(),
        "shared": foundation.shared_templates(foundation=access.foundation, school_count=school_count),
        "report_form": FoundationReportForm(),
        "asked": (asked := list(foundation.jobs_asked(access=access, school_count=school_count))),
        "busy": any(not job.is_finished for job in asked),
    }
    return partial_page(request, "reports/foundation.html", context, part="asked")


@require_POST
@foundation_view("foundation.view")
def foundation_reports(request, access):
    form = FoundationReportForm(request.POST)
    if form.is_valid():
        made = foundation.make_reports(
            access=access,
            kind=form.cleaned_data["kind"],
            language=form.cleaned_data["language"],
            file_format=form.cleaned_data["format"],
        )
        messages.success(request, _("%(n)s reports are being made; they appear below as they are ready.") % {"n": made})
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect(reverse("foundation_reports:dashboard", args=[access.foundation.pk]) + "#asked")


@school_view("school.view")
def export(request, access, name):
    found = exports.EXPORTS.get(name)
    if found is None:
        raise Http404
    access.require(found.permission, request)
    file_format = request.GET.get("format", "xlsx")
    if file_format not in exports.FORMATS:
        raise Http404
    made = exports.now_or_later(found, access, request.GET, file_format)
    if isinstance(made, jobs.Output):
        return jobs.attachment(made)
    # Too long to make while the person waits: the worker makes it, the job page shows it.
    return redirect("reports:job", school_id=access.school.pk, job_id=made.pk)


@foundation_view("foundation.view")
def foundation_export(request, access, name):
    """The foundation's own lists, as the page shows them (search and order), every row."""
    file_format = request.GET.get("format", "xlsx")
    if name not in ("schools", "dashboard") or file_format not in exports.FORMATS:
        raise Http404
    if name == "schools":
        title = _("Schools")
        headers, rows = foundation.schools_table(foundation=access.foundation, q=search_text(request.GET))
    else:
        title = _("Foundation dashboard")
        headers, rows = foundation.dashboard_table(
            foundation.as_rows(_dashboard_rows(access, _dashboard_order(request)))
        )
    stem = f"{name}-f{access.foundation.pk}"
    return jobs.attachment(exports.table_output(title, stem, headers, rows, file_format))


@require_POST
@school_view("reports.view")
def evidence_pack(request, access):
    form = EvidencePackForm(request.POST, access=access)
    if not form.is_valid():
        return _reports_page(request, access, pack_form=form, status=400)
    year = form.cleaned_data["year"]
    params = {"year": year.pk, "language": form.cleaned_data["language"]}
    title = _("Accreditation evidence %(year)s") % {"year": year.name}
    job = jobs.start(access=access, kind="evidence", params=params, title=title)
    return redirect("reports:job", school_id=access.school.pk, job_id=job.pk)


@foundation_view("foundation.view")
def accreditation(request, access):
    """The foundation's accreditation items and the evidence each takes, for its schools' packs."""
    items = AccreditationItem.objects.filter(foundation=access.foundation)
    editing = items.filter(pk=request.GET.get("item") or request.POST.get("item") or 0).first()
    form = AccreditationItemForm(request.POST or None, instance=editing)
    if request.method == "POST":
        if not access.can("foundation.templates"):
            raise PermissionDenied("foundation.templates")
        if request.POST.get("delete") and editing is not None:
            editing.delete()
            messages.success(request, _("Deleted."))
            return redirect("foundation_reports:accreditation", foundation_id=access.foundation.pk)
        if form.is_valid():
            item = form.save(commit=False)
            item.foundation = access.foundation
            item.save()
            messages.success(request, _("Saved."))
            return redirect("foundation_reports:accreditation", foundation_id=access.foundation.pk)
    context = {
        "foundation_access": access,
        "items": evidence.items_of(access.foundation),
        "saved": items.exists(),
        "form": form,
        "editing": editing,
        "sources": evidence.SOURCES,
    }
    return render(request, "reports/accreditation.html", context, status=400 if form.errors else 200)
