from django.urls import path

from mitra.schools.cycle import stage_home

app_name = "agreements"

urlpatterns = [
    path("", stage_home("agree"), name="home"),
]
