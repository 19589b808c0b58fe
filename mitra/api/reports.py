"""API resources of the written reports: make a report (a job the worker runs), follow its
progress, fetch its file; export any list as XLSX or CSV (with commas, or with semicolons for Excel
set to Indonesian); archive the whole school. The same
forms, exports and jobs as the pages, the same capabilities."""

from django.http import Http404, QueryDict
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.reverse import reverse

from mitra.api import fields
from mitra.api.errors import body_object
from mitra.api.views import SchoolScopedView
from mitra.reports import exports
from mitra.reports.forms import ReportForm
from mitra.schools import jobs
from mitra.schools.models import Job


class JobSerializer(fields.ModelSerializer):
    file = serializers.SerializerMethodField()

    class Meta:
        model = Job
        fields = ["id", "kind", "title", "state", "progress", "step", "error", "created_at", "finished_at"]
        fields += ["file_name", "size", "file"]

    def get_file(self, job) -> str | None:
        if job.state != Job.State.DONE:
            return None
        kwargs = {"school_id": job.school_id, "job_id": job.pk}
        return reverse("api:job_file", kwargs=kwargs, request=self.context["request"])


def _accepted(view, job) -> Response:
    url = reverse("api:job_detail", kwargs={"school_id": job.school_id, "job_id": job.pk}, request=view.request)
    data = JobSerializer(job, context={"request": view.request}).data
    return Response(data, status=status.HTTP_202_ACCEPTED, headers={"Location": url})


REPORT_REQUEST = inline_serializer(
    "ReportRequest",
    {
        "kind": serializers.ChoiceField(["annual", "semester", "partnership", "accountability"]),
        "year": serializers.IntegerField(),
        "semester": serializers.IntegerField(required=False),
        "partner": serializers.IntegerField(required=False),
        "language": serializers.CharField(help_text="id (Bahasa Indonesia) or en"),
        "format": serializers.ChoiceField(["pdf", "docx"]),
    },
)


class JobList(SchoolScopedView):
    """The caller's own reports and exports in this school; POST makes a written report."""

    read_permission = "reports.view"
    write_permission = "reports.view"
    serializer_class = JobSerializer

    @extend_schema(operation_id="schools_jobs_list", responses=JobSerializer(many=True))
    def get(self, request, school_id):
        page = self.paginate_queryset(jobs.jobs_of(access=self.access))
        return self.get_paginated_response(JobSerializer(page, many=True, context={"request": request}).data)

    @extend_schema(request=REPORT_REQUEST, responses={202: JobSerializer})
    def post(self, request, school_id):
        form = ReportForm(_as_query(body_object(request)), access=self.access)
        if not form.is_valid():
            raise exceptions.ValidationError({k: [str(e) for e in v] for k, v in form.errors.items()})
        return _accepted(self, jobs.start(access=self.access, kind="report", params=form.params(), title=form.title()))


def _as_query(data) -> QueryDict:
    query = QueryDict(mutable=True)
    for key, value in data.items():
        query[key] = "" if value is None else str(value)
    return query


class JobDetail(SchoolScopedView):
    read_permission = "reports.view"
    serializer_class = JobSerializer

    def get(self, request, school_id, job_id):
        job = jobs.job_get(access=self.access, job_id=job_id)
        return Response(JobSerializer(job, context={"request": request}).data)


class JobFile(SchoolScopedView):
    read_permission = "reports.view"

    @extend_schema(responses={(200, "application/octet-stream"): bytes})
    def get(self, request, school_id, job_id):
        return jobs.download(jobs.job_get(access=self.access, job_id=job_id))


class ExportFile(SchoolScopedView):
    """A list as XLSX, CSV or CSV for Excel set to Indonesian (`csv-excel`: semicolons, decimal
    commas) with the list's own filters as query parameters; a long list answers 202 with the job
    that makes it."""

    strict_query = False  # the list's own filters, as on its page
    read_permission = "school.view"

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "fmt",
                str,
                OpenApiParameter.PATH,
                enum=list(exports.FORMATS),
                description="xlsx; csv (commas); csv-excel (semicolons and decimal commas, for Excel in Indonesian)",
            )
        ],
        responses={(200, "application/octet-stream"): bytes, 202: JobSerializer},
    )
    def get(self, request, school_id, name, fmt):
        export = exports.EXPORTS.get(name)
        if export is None or fmt not in exports.FORMATS:
            raise Http404
        self.access.require(export.permission, request)
        made = exports.now_or_later(export, self.access, request.GET, fmt)
        if isinstance(made, jobs.Output):
            return jobs.attachment(made)
        return _accepted(self, made)


class ArchiveStart(SchoolScopedView):
    """POST: the whole school as one ZIP archive, made by the worker (manage.py import_school restores it)."""

    read_permission = "school.export_archive"
    write_permission = "school.export_archive"

    @extend_schema(request=None, responses={202: JobSerializer})
    def post(self, request, school_id):
        title = _("Archive of %(school)s") % {"school": self.access.school.name}
        return _accepted(self, jobs.start(access=self.access, kind="archive", params={}, title=title))
