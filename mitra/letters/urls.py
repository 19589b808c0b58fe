from django.urls import path

from mitra.letters import views

app_name = "letters"

L = "<int:letter_id>/"

urlpatterns = [
    path("", views.home, name="home"),
    path("new/", views.draft, name="draft"),
    path("received/new/", views.register, name="register"),
    path("settings/", views.settings, name="settings"),
    path("settings/numbering/", views.scheme_edit, name="scheme_edit"),
    path("settings/types/new/", views.type_create, name="type_create"),
    path("settings/types/<int:type_id>/edit/", views.type_edit, name="type_edit"),
    path(L, views.detail, name="detail"),
    path(L + "edit/", views.edit, name="edit"),
    path(L + "issue/", views.issue, name="issue"),
    path(L + "delete/", views.delete, name="delete"),
    path(L + "document.<str:fmt>", views.download, name="download"),
    path(L + "files/new/", views.attachment_add, name="attachment_add"),
    path(L + "files/<int:attachment_id>/", views.attachment, name="attachment"),
    path(L + "files/<int:attachment_id>/remove/", views.attachment_remove, name="attachment_remove"),
]
