"""The day before an activity: the people who run it, and the partner's representatives, are told.

Run every morning by the worker. Each person hears of one activity on one date once (the notice's
key), however often the run repeats; an activity moved to another day is announced again."""

import datetime

from django.db.models import Q
from django.utils.translation import gettext as _

from mitra.activities.models import Activity
from mitra.activities.services import activity_url
from mitra.documents.dates import long_date
from mitra.notifications.models import Event
from mitra.notifications.services import notify
from mitra.schools.models import Membership
from mitra.schools.roles import Role


def recipients(activity: Activity) -> list:
    """Active members of the activity's own school only: whoever recorded it, the planned activity's
    owner, the coordinators, and the representatives of its partners."""
    named = [pk for pk in (activity.recorded_by_id, activity.planned.owner_id if activity.planned else None) if pk]
    partner_ids = [partner.pk for partner in activity.partners.all()]
    members = (
        Membership.objects.filter(school_id=activity.school_id, is_active=True, user__is_active=True)
        .filter(Q(user_id__in=named) | Q(role=Role.COORDINATOR) | Q(role=Role.PARTNER_REP, partner_id__in=partner_ids))
        .select_related("user")
        .order_by("user_id")
    )
    return list({m.user_id: m.user for m in members}.values())


def send_tomorrow(*, today: datetime.date) -> int:
    """Tell of every planned activity that starts tomorrow; returns how many notices went out."""
    tomorrow = today + datetime.timedelta(days=1)
    due = (
        Activity.all_schools.filter(start_date=tomorrow, status=Activity.Status.PLANNED)
        .select_related("school", "planned")
        .prefetch_related("partners")
    )
    sent = 0
    for activity in due:
        title, place, day, time = activity.title, activity.place, activity.start_date, activity.start_time

        def message(lang, title=title, place=place, day=day, time=time):
            when = long_date(day, lang) + (f", {time:%H.%M}" if time else "")
            return (
                _("Tomorrow: %(title)s — %(when)s at %(place)s") % {"title": title, "when": when, "place": place}
                if place
                else _("Tomorrow: %(title)s — %(when)s") % {"title": title, "when": when}
            )

        sent += len(
            notify(
                school=activity.school,
                users=recipients(activity),
                event=Event.ACTIVITY_TOMORROW,
                message=message,
                url=activity_url(activity),
                key=f"activity-tomorrow:{activity.pk}:{day.isoformat()}",
            )
        )
    return sent
