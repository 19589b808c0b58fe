from django.urls import path

from mitra.reports.views import pages

app_name = "foundation_reports"

urlpatterns = [
    path("", pages.foundation_dashboard, name="dashboard"),
    path("accreditation/", pages.accreditation, name="accreditation"),
    path("reports/", pages.foundation_reports, name="reports"),
    path("export/<slug:name>/", pages.foundation_export, name="export"),
]
