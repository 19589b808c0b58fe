from django.urls import path

from mitra.schools.cycle import stage_home

app_name = "evaluation"

urlpatterns = [
    path("", stage_home("evaluate"), name="home"),
]
