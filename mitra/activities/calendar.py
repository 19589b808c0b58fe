"""The school's calendar: activities, socialization forums and agreements' start and end dates, with the Hijri
date beside each day (after the school's day offset), shown by month or as an agenda, and given to
phone calendars as an iCalendar feed behind a secret address.

Later stages add their dates (evaluation sessions, report deadlines) with `register(provider)`."""

import calendar as months
import datetime
import secrets
from collections.abc import Callable
from dataclasses import dataclass

import icalendar
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from mitra.activities.models import Activity, CalendarFeed
from mitra.activities.selectors import HAS_EVIDENCE
from mitra.documents.dates import hijri_month_name, hijri_parts, long_date


@dataclass(frozen=True)
class Event:
    day: datetime.date
    kind: str  # activity, forum, agreement, …: also the CSS class
    label: str  # the kind in words
    title: str
    url: str = ""
    time: datetime.time | None = None
    last_day: datetime.date | None = None
    note: str = ""
    uid: str = ""


_providers: list[Callable] = []


def register(provider: Callable) -> None:
    """`provider(school=…, first=…, last=…, user=None)` returns Events between first and last."""
    if provider not in _providers:
        _providers.append(provider)


def _activity_events(*, school, first, last, user=None):
    activities = (
        Activity.objects.for_school(school)
        .filter(start_date__lte=last)
        .filter(Q(end_date__gte=first) | Q(end_date__isnull=True, start_date__gte=first))
        .prefetch_related("partners")
        .annotate(documented=HAS_EVIDENCE)
    )
    if user is not None:
        activities = activities.filter(Q(recorded_by=user) | Q(planned__owner=user))
    for activity in activities:
        partners = ", ".join(p.name for p in activity.partners.all())
        undocumented = activity.status == Activity.Status.DONE and not activity.documented
        yield Event(
            activity.start_date,
            f"activity {activity.status}{' undocumented' if undocumented else ''}",
            " · ".join([activity.get_status_display(), _("undocumented")])
            if undocumented
            else activity.get_status_display(),
            activity.title,
            reverse("activities:detail", args=[school.pk, activity.pk]),
            activity.start_time,
            activity.end_date,
            " · ".join(filter(None, [activity.place, partners])),
            f"activity-{activity.pk}",
        )


def _forum_events(*, school, first, last, user=None):
    from mitra.planning.models import Forum

    if user is not None:
        return
    for forum in Forum.objects.for_school(school).filter(date__range=(first, last)).select_related("plan"):
        yield Event(
            forum.date,
            "forum",
            _("Socialization forum"),
            forum.title,
            reverse("planning:forum", args=[school.pk, forum.plan_id, forum.pk]),
            note=forum.place,
            uid=f"forum-{forum.pk}",
        )


def _agreement_events(*, school, first, last, user=None):
    """When each signed agreement comes into force and when it ends: its end date, or the day its
    termination takes effect (agreements/status.py). A replaced version (an addendum was signed)
    is left out; its newest version carries the dates. The end of an agreement whose renewal is
    signed is shown too, with the day the renewal takes over."""
    from mitra.agreements.models import Agreement
    from mitra.agreements.status import SIGNED_STAGES, replaced_q, signed_renewal

    if user is not None:
        return
    found = (
        Agreement.objects.for_school(school)
        .filter(stage__in=SIGNED_STAGES)
        .exclude(replaced_q())
        .filter(
            Q(start_date__range=(first, last))
            | Q(end_date__range=(first, last))
            | Q(terminated_on__range=(first, last))
        )
        .select_related("renewed_by")
    )
    language = translation.get_language() or "id"
    for agreement in found:
        url = reverse("agreements:detail", args=[school.pk, agreement.pk])
        ends_early = agreement.terminated_on is not None and agreement.terminated_on <= agreement.end_date
        if first <= agreement.start_date <= last and not (
            ends_early and agreement.terminated_on <= agreement.start_date
        ):
            yield Event(
                agreement.start_date,
                "agreement",
                _("Agreement comes into force"),
                agreement.title,
                url,
                uid=f"agreement-start-{agreement.pk}",
            )
        if ends_early:
            if first <= agreement.terminated_on <= last:
                yield Event(
                    agreement.terminated_on,
                    "agreement",
                    _("Agreement terminated"),
                    agreement.title,
                    url,
                    note=agreement.termination_reason,
                    uid=f"agreement-terminated-{agreement.pk}",
                )
        elif first <= agreement.end_date <= last:
            renewal = signed_renewal(agreement)
            yield Event(
                agreement.end_date,
                "agreement",
                _("Agreement ends"),
                agreement.title,
                url,
                note=_("renewal signed, in force from %(day)s") % {"day": long_date(renewal.start_date, language)}
                if renewal
                else "",
                uid=f"agreement-end-{agreement.pk}",
            )


for _provider in (_activity_events, _forum_events, _agreement_events):
    register(_provider)


def events_between(*, school, first: datetime.date, last: datetime.date, user=None) -> list[Event]:
    found = [event for provider in _providers for event in provider(school=school, first=first, last=last, user=user)]
    return sorted(found, key=lambda e: (e.day, e.time or datetime.time.min, e.title))


def hijri_label(day: datetime.date, offset: int, language: str) -> str:
    """ "12 Ramadan" for a day; empty outside the converter's range (1343–1500 AH)."""
    try:
        _year, month, mday = hijri_parts(day, offset)
    except (OverflowError, ValueError):
        return ""
    return f"{mday} {hijri_month_name(month, language)}"


def hijri_span(first: datetime.date, last: datetime.date, offset: int, language: str) -> str:
    """The Hijri months a Masehi month covers: "Sya'ban – Ramadan 1447 H"."""
    try:
        y1, m1, _d = hijri_parts(first, offset)
        y2, m2, _d = hijri_parts(last, offset)
    except (OverflowError, ValueError):
        return ""
    era = "AH" if language.startswith("en") else "H"
    start, end = hijri_month_name(m1, language), hijri_month_name(m2, language)
    if y1 == y2:
        return f"{start} – {end} {y2} {era}"
    return f"{start} {y1} – {end} {y2} {era}"


def _spread(events: list[Event], first: datetime.date, last: datetime.date) -> dict:
    """Events on each day they cover (an activity over three days shows on all three)."""
    on_day: dict = {}
    for event in events:
        day = max(event.day, first)
        end = min(event.last_day or event.day, last)
        while day <= end:
            on_day.setdefault(day, []).append(event)
            day += datetime.timedelta(days=1)
    return on_day


def month(*, school, year: int, month_number: int, language: str) -> dict:
    weeks = months.Calendar(firstweekday=0).monthdatescalendar(year, month_number)
    first, last = weeks[0][0], weeks[-1][-1]
    on_day = _spread(events_between(school=school, first=first, last=last), first, last)
    this = datetime.date(year, month_number, 1)
    end_of_month = datetime.date(year, month_number, months.monthrange(year, month_number)[1])
    today = timezone.localdate()
    return {
        "month": this,
        "previous": (this - datetime.timedelta(days=1)).replace(day=1),
        "next": end_of_month + datetime.timedelta(days=1),
        "hijri": hijri_span(this, end_of_month, school.hijri_offset, language),
        "weeks": [
            [
                {
                    "day": d,
                    "in_month": d.month == month_number,
                    "today": d == today,
                    "hijri": hijri_label(d, school.hijri_offset, language),
                    "events": on_day.get(d, []),
                }
                for d in week
            ]
            for week in weeks
        ],
    }


def agenda(*, school, first: datetime.date, days: int, language: str) -> list[dict]:
    last = first + datetime.timedelta(days=days - 1)
    on_day = _spread(events_between(school=school, first=first, last=last), first, last)
    return [
        {"day": day, "hijri": hijri_label(day, school.hijri_offset, language), "events": on_day[day]}
        for day in sorted(on_day)
    ]


# --- iCalendar feeds -----------------------------------------------------------------------------------

FEED_PAST_DAYS = 90
FEED_FUTURE_DAYS = 400
ZONE_UNTIL = datetime.date(2038, 1, 1)  # icalendar's own default: the VTIMEZONE's transitions go to here


def feed_for(*, school, user=None, create: bool = True) -> CalendarFeed | None:
    feed = CalendarFeed.objects.for_school(school).filter(user=user).first()
    if feed is None and create:
        feed = CalendarFeed.objects.for_school(school).create(user=user, token=secrets.token_urlsafe(32))
    return feed


def reset(feed: CalendarFeed) -> CalendarFeed:
    """A new secret address; the old one stops working at once."""
    feed.token = secrets.token_urlsafe(32)
    feed.save(update_fields=["token"])
    return feed


def ics(*, feed: CalendarFeed, base_url: str) -> bytes:
    school = feed.school
    today = timezone.localdate()
    first, last = today - datetime.timedelta(days=FEED_PAST_DAYS), today + datetime.timedelta(days=FEED_FUTURE_DAYS)
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Mitra//school partnerships//ID")
    cal.add("version", "2.0")
    name = school.name if feed.user is None else f"{school.name} · {feed.user.get_full_name() or feed.user.username}"
    cal.add("x-wr-calname", name)
    zone = timezone.get_current_timezone_name()
    cal.add("x-wr-timezone", zone)
    # RFC 5545 3.6.5: the zone every time names (TZID) is defined in the calendar itself, for the
    # phones that do not know it by name. Made by icalendar from the tz database: for Asia/Jakarta
    # one STANDARD observance, +0700 WIB, no daylight saving.
    cal.add_component(icalendar.Timezone.from_tzid(zone, last_date=max(ZONE_UNTIL, last)))
    stamp = timezone.now()
    for event in events_between(school=school, first=first, last=last, user=feed.user):
        item = icalendar.Event()
        item.add("uid", f"{event.uid}@school-{school.pk}.mitra")
        item.add("dtstamp", stamp)
        # An agreement's date needs its kind beside the title ("Agreement ends: …").
        item.add("summary", f"{event.label}: {event.title}" if event.kind == "agreement" else event.title)
        if event.time:
            start = timezone.make_aware(datetime.datetime.combine(event.day, event.time))
            item.add("dtstart", start)
            item.add("dtend", start + datetime.timedelta(hours=2))
        else:
            item.add("dtstart", event.day)
            item.add("dtend", (event.last_day or event.day) + datetime.timedelta(days=1))
        description = " · ".join(filter(None, [event.label, event.note]))
        if description:
            item.add("description", description)
        if event.url:
            item.add("url", base_url + event.url)
        cal.add_component(item)
    cal.add_missing_timezones(last_date=max(ZONE_UNTIL, last))  # any other zone an event named (none today)
    return cal.to_ical()
