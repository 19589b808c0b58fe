from django.urls import path

from mitra.schools.cycle import stage_home

app_name = "activities"

urlpatterns = [
    path("", stage_home("run"), name="home"),
]
