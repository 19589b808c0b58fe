from django.urls import path

from mitra.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("read/", views.read_all, name="read_all"),
    path("settings/", views.preferences, name="preferences"),
]
