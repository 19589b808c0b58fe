from django.urls import path

from mitra.reports.views import committee, pages

app_name = "reports"

urlpatterns = [
    path("", pages.dashboard, name="dashboard"),
    path("reports/", pages.home, name="home"),
    path("reports/make/", pages.generate, name="generate"),
    path("reports/jobs/<int:job_id>/", pages.job, name="job"),
    path("reports/jobs/<int:job_id>/download/", pages.download, name="download"),
    path("reports/export/<slug:name>/", pages.export, name="export"),
    path("reports/archive/", pages.archive, name="archive"),
    path("reports/evidence/", pages.evidence_pack, name="evidence"),
    path("reports/committee/", committee.committee_page, name="committee"),
]
