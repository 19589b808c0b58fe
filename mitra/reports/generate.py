"""Making a written report as a job: from the request's parameters to the PDF or Word file."""

from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _

from mitra.partners.selectors import partner_of
from mitra.reports import content, render
from mitra.reports.scope import Kind, Scope
from mitra.schools import jobs
from mitra.schools.selectors import year_of

FORMATS = {
    "pdf": ("application/pdf", render.pdf),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", render.docx),
}


def scope_from(access, params: dict) -> Scope:
    """The scope a report's parameters name, every id looked up inside the school."""
    year = year_of(school=access.school, year_id=params.get("year"))
    if year is None:
        raise Http404
    partner = None
    if params.get("kind") == Kind.PARTNERSHIP:
        partner = partner_of(school=access.school, partner_id=params.get("partner"))
        if partner is None:
            raise Http404
    return Scope(
        access=access,
        kind=params["kind"],
        year=year,
        language=params.get("language", "id"),
        semester=params.get("semester") if params.get("kind") == Kind.SEMESTER else None,
        partner=partner,
    )


def make(scope: Scope, file_format: str, progress=None) -> jobs.Output:
    progress = progress or (lambda percent, step: None)
    report = content.build(scope, progress)
    content_type, draw = FORMATS[file_format]
    with translation.override(scope.language):
        progress(65, _("Laying out the PDF") if file_format == "pdf" else _("Laying out the Word document"))
    data = draw(report)
    return jobs.Output(data=data, name=f"{report.file_stem}.{file_format}", content_type=content_type)


@jobs.runner("report")
def report_job(job, access, progress) -> jobs.Output:
    return make(scope_from(access, job.params), job.params.get("format", "pdf"), progress)
