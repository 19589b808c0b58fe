from django.urls import path

from mitra.reports import views
from mitra.schools.cycle import stage_home

app_name = "reports"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("reports/", stage_home("report"), name="home"),
]
