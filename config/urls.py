from django.contrib import admin
from django.urls import include, path

from mitra.activities.views import calendar as activity_calendar
from mitra.evaluation.views import public as evaluation_public
from mitra.operations.health import healthz
from mitra.reports import urls as report_urls
from mitra.schools import app
from mitra.schools import urls as school_urls
from mitra.schools import views as school_views
from mitra.transfer import urls as transfer_urls


def _superusers_only(request):
    # The Django admin is a tool for the operators of an installation, never for school roles.
    return request.user.is_active and request.user.is_superuser


admin.site.has_permission = _superusers_only

school_patterns = [
    # The spreadsheet import (transfer) keeps its addresses and names among the reports'.
    path("", include((report_urls.urlpatterns + transfer_urls.urlpatterns, report_urls.app_name))),
    path("", include((school_urls.school_urlpatterns, "schools"))),
    path("plan/", include("mitra.planning.urls")),
    path("agree/", include("mitra.agreements.urls")),
    path("letters/", include("mitra.letters.urls")),
    path("run/", include("mitra.activities.urls")),
    path("evaluate/", include("mitra.evaluation.urls")),
    path("partners/", include("mitra.partners.urls")),
]

urlpatterns = [
    path("", school_views.home, name="home"),
    path("invitations/", school_views.invitations, name="invitations"),
    path("invitations/<int:invitation_id>/<str:answer>/", school_views.invitation_answer, name="invitation_answer"),
    path("healthz", healthz, name="healthz"),
    path("manifest.webmanifest", app.manifest, name="manifest"),
    path("sw.js", app.service_worker, name="service_worker"),
    path("accounts/", include("mitra.accounts.urls")),
    path("notifications/", include("mitra.notifications.urls")),
    path("calendar/<str:token>.ics", activity_calendar.feed, name="calendar_feed"),
    path("e/<str:token>/", evaluation_public.answer_by_link, name="answer_by_link"),
    path("s/<int:school_id>/", include(school_patterns)),
    path("f/<int:foundation_id>/", include((school_urls.foundation_urlpatterns, "foundations"))),
    path("f/<int:foundation_id>/templates/", include("mitra.agreements.foundation_urls")),
    path("f/<int:foundation_id>/instruments/", include("mitra.evaluation.foundation_urls")),
    path("f/<int:foundation_id>/dashboard/", include("mitra.reports.foundation_urls")),
    path("api/v1/", include("mitra.api.urls")),
    path("admin/", admin.site.urls),
]

handler404 = "mitra.api.errors.not_found"
