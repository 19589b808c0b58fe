from django.urls import path

from mitra.partners import views

app_name = "partners"

urlpatterns = [
    path("", views.partner_list, name="list"),
    path("new/", views.partner_create, name="create"),
    path("<int:partner_id>/", views.partner_detail, name="detail"),
    path("<int:partner_id>/edit/", views.partner_edit, name="edit"),
    path("<int:partner_id>/archive/", views.partner_archive, name="archive"),
    path("<int:partner_id>/restore/", views.partner_restore, name="restore"),
    path("<int:partner_id>/contacts/new/", views.contact_create, name="contact_create"),
    path("<int:partner_id>/contacts/<int:contact_id>/edit/", views.contact_edit, name="contact_edit"),
    path("<int:partner_id>/contacts/<int:contact_id>/delete/", views.contact_delete, name="contact_delete"),
]
