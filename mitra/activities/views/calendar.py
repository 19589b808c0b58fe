"""The calendar by month and as an agenda, and the secret iCalendar feeds phones subscribe to."""

import datetime

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from mitra.accounts import throttle
from mitra.activities import calendar
from mitra.activities.models import CalendarFeed
from mitra.files.downloads import content_disposition
from mitra.schools.access import access_for, school_view
from mitra.schools.roles import role_has


def _month_asked(request) -> tuple[int, int]:
    try:
        year, month = (int(x) for x in request.GET.get("month", "").split("-"))
        datetime.date(year, month, 1)
    except ValueError:
        today = timezone.localdate()
        return today.year, today.month
    return year, month


@school_view("calendar.view")
def month(request, access):
    year, number = _month_asked(request)

    def month_page() -> dict:
        return calendar.month(school=access.school, year=year, month_number=number, language=request.LANGUAGE_CODE)

    # Computed only when the page's kept copy is missing (the template's {% kept %}).
    context = {"access": access, "asked": f"{year}-{number:02}", "calendar": SimpleLazyObject(month_page)}
    return render(request, "activities/calendar.html", context)


@school_view("calendar.view")
def agenda(request, access):
    today = timezone.localdate()
    days = calendar.agenda(school=access.school, first=today, days=60, language=request.LANGUAGE_CODE)
    return render(request, "activities/agenda.html", {"access": access, "days": days, "today": today})


@school_view("calendar.view")
def feeds(request, access):
    school_feed = calendar.feed_for(school=access.school, create=False)
    if school_feed is None and access.can("calendar.reset_school_feed"):
        school_feed = calendar.feed_for(school=access.school)
    context = {
        "access": access,
        "school_feed": school_feed,
        "my_feed": calendar.feed_for(school=access.school, user=request.user),
    }
    return render(request, "activities/feeds.html", context)


@school_view("calendar.view")
@require_POST
def feed_reset(request, access):
    if request.POST.get("which") == "school":
        access.require("calendar.reset_school_feed", request)
        calendar.reset(calendar.feed_for(school=access.school))
    else:
        calendar.reset(calendar.feed_for(school=access.school, user=request.user))
    messages.success(
        request, _("A new address was made; the old one no longer works. Subscribe again with the new one.")
    )
    return redirect("activities:feeds", school_id=access.school.pk)


@never_cache
@throttle.limit_failures("link", limit_setting="LINK_FAILURES_PER_MINUTE", failed=throttle.unknown_link)
def feed(request, token):
    """The feed itself, found by its secret alone. A personal feed stops when its person loses the
    right to see the school's calendar."""
    found = CalendarFeed.all_schools.select_related("school", "user").filter(token=token).first()
    if found is None:
        raise Http404
    if found.user is not None:
        try:
            person = access_for(found.user, found.school_id)
        except Http404:
            raise Http404 from None
        if not role_has(person.role, "calendar.view"):
            raise Http404
    body = calendar.ics(feed=found, base_url=request.build_absolute_uri("/")[:-1])
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = content_disposition("mitra.ics", attachment=False)
    response["X-Robots-Tag"] = "noindex"
    return response
