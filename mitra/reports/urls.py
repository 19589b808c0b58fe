from django.urls import path

from mitra.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("reports/", views.home, name="home"),
    path("reports/make/", views.generate, name="generate"),
    path("reports/jobs/<int:job_id>/", views.job, name="job"),
    path("reports/jobs/<int:job_id>/download/", views.download, name="download"),
    path("reports/export/<slug:name>/", views.export, name="export"),
]
