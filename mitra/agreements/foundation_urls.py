from django.urls import path

from mitra.agreements import views

app_name = "foundation_templates"

# Mounted under /f/<foundation_id>/templates/.
urlpatterns = [
    path("", views.foundation_templates, name="list"),
    path("new/", views.foundation_template_create, name="create"),
    path("<int:template_id>/edit/", views.foundation_template_edit, name="edit"),
]
