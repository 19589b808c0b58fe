"""The spreadsheet import's pages. They keep their addresses and names among the reports'
(reports:import_start, …): config/urls.py includes them in the "reports" namespace."""

from django.urls import path

from mitra.transfer import views

urlpatterns = [
    path("reports/import/", views.start, name="import_start"),
    path("reports/import/<int:batch_id>/", views.batch_page, name="import_batch"),
    path("reports/import/<int:batch_id>/save/", views.commit, name="import_commit"),
]
