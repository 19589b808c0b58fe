from django.urls import path

from mitra.schools import views

app_name = "schools"

# Mounted under /s/<school_id>/ (school pages) and /f/<foundation_id>/ (foundation pages).
school_urlpatterns = [
    path("profile/", views.school_profile, name="profile"),
    path("profile/edit/", views.school_edit, name="edit"),
    path("logo/", views.school_logo, name="logo"),
    path("years/", views.year_list, name="years"),
    path("years/new/", views.year_create, name="year_create"),
    path("years/<int:year_id>/edit/", views.year_edit, name="year_edit"),
    path("years/<int:year_id>/current/", views.year_set_current, name="year_set_current"),
    path("people/", views.member_list, name="members"),
    path("people/invite/", views.member_invite, name="member_invite"),
    path("people/invitations/<int:invitation_id>/withdraw/", views.invitation_withdraw, name="invitation_withdraw"),
    path("people/<int:member_id>/role/", views.member_edit, name="member_edit"),
    path("people/<int:member_id>/deactivate/", views.member_deactivate, name="member_deactivate"),
    path("people/<int:member_id>/reactivate/", views.member_reactivate, name="member_reactivate"),
]

foundation_urlpatterns = [
    path("", views.foundation_overview, name="overview"),
    path("schools/new/", views.foundation_school_create, name="school_create"),
]
