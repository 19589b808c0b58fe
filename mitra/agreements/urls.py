from django.urls import path

from mitra.agreements import views

app_name = "agreements"

A = "<int:agreement_id>/"

urlpatterns = [
    path("", views.home, name="home"),
    path("new/", views.create, name="create"),
    path("templates/", views.template_list, name="templates"),
    path("templates/new/", views.template_create, name="template_create"),
    path("templates/<int:template_id>/edit/", views.template_edit, name="template_edit"),
    path("templates/copy/<int:source_id>/", views.template_copy, name="template_copy"),
    path(A, views.detail, name="detail"),
    path(A + "edit/", views.edit, name="edit"),
    path(A + "document.<str:fmt>", views.download, name="download"),
    path(A + "scan/", views.scan, name="scan"),
    path(A + "parties/new/", views.party_add, name="party_add"),
    path(A + "parties/<int:party_id>/edit/", views.party_edit, name="party_edit"),
    path(A + "parties/<int:party_id>/remove/", views.party_remove, name="party_remove"),
    path(A + "articles/new/", views.article_create, name="article_create"),
    path(A + "articles/<int:article_id>/edit/", views.article_edit, name="article_edit"),
    path(A + "articles/<int:article_id>/remove/", views.article_remove, name="article_remove"),
    path(A + "articles/<int:article_id>/move/", views.article_move, name="article_move"),
    path(A + "witnesses/new/", views.witness_add, name="witness_add"),
    path(A + "witnesses/<int:witness_id>/remove/", views.witness_remove, name="witness_remove"),
    path(A + "submit/", views.submit, name="submit"),
    path(A + "send-back/", views.send_back, name="send_back"),
    path(A + "comment/", views.comment, name="comment"),
    path(A + "sign/", views.sign, name="sign"),
    path(A + "terminate/", views.terminate, name="terminate"),
    path(A + "renew/", views.renew, name="renew"),
    path(A + "new-version/", views.new_version, name="new_version"),
    path(A + "compare/<int:other_id>/", views.compare, name="compare"),
]
