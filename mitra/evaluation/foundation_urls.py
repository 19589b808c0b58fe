from django.urls import path

from mitra.evaluation.views import foundation

app_name = "foundation_instruments"

# Mounted under /f/<foundation_id>/instruments/.
urlpatterns = [
    path("", foundation.instrument_list, name="list"),
    path("publish/", foundation.publish, name="publish"),
    path("<int:instrument_id>/toggle/", foundation.toggle, name="toggle"),
]
