from django.urls import path

from mitra.reports import views

app_name = "foundation_reports"

urlpatterns = [
    path("", views.foundation_dashboard, name="dashboard"),
]
