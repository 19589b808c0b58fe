"""Reading activities for pages, the API, the calendar and the partner's timeline: one way in,
through the school access. A partner representative sees only the activities of their partner."""

import datetime
from collections import Counter, defaultdict

from django.db.models import Case, Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce, Greatest, TruncMonth
from django.http import Http404

from mitra.activities.models import (
    SHOWN_AS_PHOTO,
    Activity,
    Communication,
    Evidence,
    Participant,
    ParticipantCount,
    TeamTerm,
)
from mitra.schools.selectors import by_school, in_current_year_q

# What "documented" means, defined here once for every page, report, export and the partnership health
# that asks (annotate or filter activities with them). Evidence rows are reached through their
# activity, which the caller has already scoped to a school.
HAS_EVIDENCE = Q(Exists(Evidence.all_schools.filter(activity=OuterRef("pk"))))
UNDOCUMENTED = Q(status=Activity.Status.DONE) & ~HAS_EVIDENCE
EVIDENCE_COUNT = Coalesce(
    Subquery(
        Evidence.all_schools.filter(activity=OuterRef("pk"))
        .order_by()
        .values("activity")
        .annotate(n=Count("id"))
        .values("n")
    ),
    0,
)


def with_partner_q(partner_id) -> Q:
    """The activity was done with this partner (one of its partners)."""
    return Q(Exists(Activity.partners.through.objects.filter(activity=OuterRef("pk"), partner_id=partner_id)))


def activities_in(*, school, start, end, partner=None) -> QuerySet[Activity]:
    """The school's activities that start within the period (both days included); with a partner,
    only those done with it. What a report of the period, or of one partnership, counts."""
    activities = Activity.objects.for_school(school).filter(start_date__gte=start, start_date__lte=end)
    if partner is not None:
        activities = activities.filter(with_partner_q(partner.pk))
    return activities


def done_only(activities: QuerySet[Activity]) -> QuerySet[Activity]:
    return activities.filter(status=Activity.Status.DONE)


def activity_figures(*, school) -> dict:
    """The school's activities done, done without evidence, and waiting for review (its dashboard)."""
    return Activity.objects.for_school(school).aggregate(
        done=Count("id", filter=Q(status=Activity.Status.DONE)),
        undocumented=Count("id", filter=UNDOCUMENTED),
        waiting=Count("id", filter=Q(review=Activity.Review.SUBMITTED)),
    )


def done_this_year_by_school(*, schools) -> dict[int, dict]:
    """{school id: {"done", "documented", "verified"}}: the activities done in each school's current
    school year, those with evidence and those verified, in one grouped query (a foundation's dashboard)."""
    return by_school(
        Activity.objects.for_schools(schools).filter(in_current_year_q("start_date"), status=Activity.Status.DONE),
        done=Count("id"),
        documented=Count("id", filter=HAS_EVIDENCE),
        verified=Count("id", filter=Q(review=Activity.Review.VERIFIED)),
    )


# Who took part in an activity, group by group: the number counted, or the people named when more
# were named than counted (three pupils named and no count are three, not none; thirty counted of whom
# three are named are thirty). What every page, report and export calls "participants"; defined here once.
def _per_group(model, group, total):
    """One activity's `total` over its rows of `model` for `group`, as a subquery of activities."""
    return Subquery(
        model.all_schools.filter(activity=OuterRef("pk"), group=group)
        .order_by()
        .values("activity")
        .annotate(n=total)
        .values("n")
    )


PEOPLE_COUNT = sum(
    (
        Greatest(
            Coalesce(_per_group(ParticipantCount, g, Sum("count")), 0),
            Coalesce(_per_group(Participant, g, Count("id")), 0),
        )
        for g in ParticipantCount.Group.values
    ),
    Value(0),
)


# The activity's first picture with a thumbnail (its evidence id), for the list's small photo.
FIRST_PICTURE = Subquery(
    Evidence.all_schools.filter(activity=OuterRef("pk"))
    .exclude(file__thumbnail_path="")
    .order_by("id")
    .values("id")[:1]
)


def activities_of(*, access) -> QuerySet[Activity]:
    activities = (
        Activity.objects.for_school(access.school)
        # A counting subquery, not a join and GROUP BY: the list is read in date order from the index
        # and stops at its page, instead of counting every activity of the school first.
        .annotate(evidence_n=EVIDENCE_COUNT)
        .order_by("-start_date", "-id")
    )
    if access.is_partner_rep:
        activities = activities.filter(with_partner_q(access.partner_id))
    return activities


def captured(*, school, token: str) -> Activity | None:
    """The activity a phone's capture made, by the capture's token (schools/submissions)."""
    return Activity.objects.for_school(school).filter(capture_token=token).first() if token else None


def planned_for(*, access, first: datetime.date, days: int) -> list[dict]:
    """The person's planned activities from `first` for `days` days, by day (those they recorded or
    whose work plan item they own): where to go this week, kept on the phone with the capture page."""
    last = first + datetime.timedelta(days=days - 1)
    user = access.user
    found = (
        Activity.objects.for_school(access.school)
        .filter(status=Activity.Status.PLANNED, start_date__lte=last)
        .filter(Q(end_date__gte=first) | Q(end_date__isnull=True, start_date__gte=first))
        .filter(Q(recorded_by=user) | Q(planned__owner=user))
        .prefetch_related("partners")
        .order_by("start_date", "start_time", "title")
    )
    by_day: dict[datetime.date, list[Activity]] = {}
    for activity in found:
        by_day.setdefault(max(activity.start_date, first), []).append(activity)
    return [{"day": day, "activities": by_day[day]} for day in sorted(by_day)]


def activity_list(
    *,
    access,
    q: str = "",
    status: str = "",
    review: str = "",
    partner=None,
    area: str = "",
    year=None,
    undocumented: bool = False,
):
    activities = (
        activities_of(access=access)
        .select_related("programme")
        .prefetch_related("partners")
        .annotate(thumb_id=FIRST_PICTURE)
    )
    if q:
        activities = activities.filter(
            Q(title__icontains=q) | Q(notes__icontains=q) | Q(place__icontains=q) | Q(partners__name__icontains=q)
        ).distinct()
    if status:
        activities = activities.filter(status=status)
    if review:
        activities = activities.filter(review=review)
    if partner is not None:
        activities = activities.filter(partners=partner)
    if area:
        activities = activities.filter(area=area)
    if year is not None:
        activities = activities.filter(start_date__gte=year.start_date, start_date__lte=year.end_date)
    if undocumented:
        activities = activities.filter(UNDOCUMENTED)
    return activities


def activity_get(*, access, activity_id: int) -> Activity:
    activity = (
        activities_of(access=access)
        .select_related("programme", "planned", "recorded_by", "submitted_by", "reviewed_by", "partner_confirmed_by")
        .prefetch_related(
            "partners",
            "agreements",
            Prefetch(
                "evidence", queryset=Evidence.objects.for_school(access.school).select_related("file", "added_by")
            ),
            Prefetch("counts", queryset=ParticipantCount.objects.for_school(access.school)),
            "participants",
            "results__indicator",
        )
        .filter(pk=activity_id)
        .first()
    )
    if activity is None:
        raise Http404
    return activity


def is_undocumented(activity: Activity) -> bool:
    """Done, and nothing shows it: no photo, no list, no report."""
    count = getattr(activity, "evidence_n", None)
    if count is None:
        count = activity.evidence.count()
    return activity.status == Activity.Status.DONE and count == 0


def waiting_for_review(*, access) -> QuerySet[Activity]:
    return activities_of(access=access).filter(review=Activity.Review.SUBMITTED)


def activity_timeline_entries(*, access, partner):
    """What was done with a partner, for the partner's timeline; undocumented activities say so."""
    from django.urls import reverse
    from django.utils.translation import gettext as _
    from django.utils.translation import ngettext

    from mitra.partners.timeline import Entry

    can_open = access.can("activities.view")
    entries = []
    for activity in activities_of(access=access).filter(partners=partner):
        url = (
            reverse("activities:detail", kwargs={"school_id": access.school.pk, "activity_id": activity.pk})
            if can_open
            else ""
        )
        note = activity.get_status_display()
        if is_undocumented(activity):
            note = " · ".join([note, _("undocumented")])
        elif activity.review == Activity.Review.VERIFIED:
            note = " · ".join([note, _("verified")])
        if activity.evidence_n:
            files = ngettext("%(n)d file", "%(n)d files", activity.evidence_n) % {"n": activity.evidence_n}
            note = " · ".join([note, files])
        entries.append(Entry(activity.start_date, _("Activity"), activity.title, url, note))
    return entries


# --- A period's activities, as a report tells them (the caller narrows them: activities_in) --------

# A photo is evidence whose file is a picture (its bytes say so, whatever its kind).
HAS_PHOTO = Q(Exists(Evidence.all_schools.filter(SHOWN_AS_PHOTO, activity=OuterRef("pk"))))


def is_verified(activity: Activity) -> bool:
    return activity.review == Activity.Review.VERIFIED


def period_counts(activities: QuerySet[Activity]) -> dict:
    """The activities by status, and of the done ones those with evidence and those verified."""
    return activities.aggregate(
        total=Count("id"),
        done=Count("id", filter=Q(status=Activity.Status.DONE)),
        planned=Count("id", filter=Q(status=Activity.Status.PLANNED)),
        postponed=Count("id", filter=Q(status=Activity.Status.POSTPONED)),
        cancelled=Count("id", filter=Q(status=Activity.Status.CANCELLED)),
        documented=Count("id", filter=Q(status=Activity.Status.DONE) & HAS_EVIDENCE),
        verified=Count("id", filter=Q(status=Activity.Status.DONE, review=Activity.Review.VERIFIED)),
    )


def done_by_area(activities: QuerySet[Activity]):
    """[{"area", "n"}] of the done ones, the most first."""
    return done_only(activities).values("area").annotate(n=Count("id")).order_by("-n", "area")


def done_by_month(activities: QuerySet[Activity]) -> dict:
    """{first day of the month: done activities}."""
    return dict(
        done_only(activities)
        .annotate(month=TruncMonth("start_date"))
        .values("month")
        .annotate(n=Count("id"))
        .values_list("month", "n")
    )


def held_or_called_off(activities: QuerySet[Activity]) -> QuerySet[Activity]:
    """Those that happened or were called off, in date order, each with `people` (participants
    counted), `files` (its evidence) and its partners."""
    return (
        activities.exclude(status=Activity.Status.PLANNED)
        # Subqueries, not joins: joining counts and evidence together would multiply the sums.
        .annotate(
            people=PEOPLE_COUNT,
            files=EVIDENCE_COUNT,
        )
        .prefetch_related("partners")
        .order_by("start_date", "id")
    )


def is_verified_done(activity: Activity) -> bool:
    return activity.status == Activity.Status.DONE and is_verified(activity)


def with_photos(*, school, activities: QuerySet[Activity], limit: int) -> list[Activity]:
    """Up to `limit` of the done ones that have a photo, verified first, then the newest; each with
    its partners and its evidence as `files`."""
    files = Evidence.objects.for_school(school).select_related("file")
    return list(
        done_only(activities)
        .filter(HAS_PHOTO)
        .prefetch_related("partners", Prefetch("evidence", queryset=files, to_attr="files"))
        .order_by(Case(When(review=Activity.Review.VERIFIED, then=0), default=1), "-start_date", "-id")[:limit]
    )


def pictures_of(activity: Activity) -> list[Evidence]:
    """The activity's evidence (`files`) that is a picture: its photos first, then other pictures
    (a photographed attendance list)."""
    return sorted((e for e in activity.files if e.is_photo), key=lambda e: e.kind != Evidence.Kind.PHOTO)


def participation_by_group(*, school, activities: QuerySet[Activity]) -> list[dict]:
    """The people who took part in the done ones, by group: [{"label", "m", "f", "other", "total"}].
    People named beyond an activity's count of their group are added as not counted by sex."""
    done = done_only(activities)
    counted = (
        ParticipantCount.objects.for_school(school)
        .filter(activity__in=done)
        .values("activity", "group", "sex")
        .annotate(n=Sum("count"))
        .order_by()
    )
    named = (
        Participant.objects.for_school(school)
        .filter(activity__in=done)
        .values("activity", "group")
        .annotate(n=Count("id"))
        .order_by()
    )
    by_group = defaultdict(Counter)
    counted_at = Counter()
    for row in counted:
        by_group[row["group"]][row["sex"]] += row["n"]
        counted_at[row["activity"], row["group"]] += row["n"]
    for row in named:
        beyond = row["n"] - counted_at[row["activity"], row["group"]]
        if beyond > 0:
            by_group[row["group"]][""] += beyond
    rows = []
    for group, label in ParticipantCount.Group.choices:
        if group in by_group:
            counts = by_group[group]
            rows.append(
                {
                    "label": str(label),
                    "m": counts["m"],
                    "f": counts["f"],
                    "other": counts[""],
                    "total": sum(counts.values()),
                }
            )
    return rows


def team_terms(*, school, start, end) -> QuerySet[TeamTerm]:
    """The partnership team's terms that overlap the period."""
    return (
        TeamTerm.objects.for_school(school)
        .filter(starts_on__lte=end, ends_on__gte=start)
        .select_related("user")
        .order_by("starts_on", "role", "id")
    )


def is_rotating(term: TeamTerm) -> bool:
    return term.role == TeamTerm.Role.ROTATING


def communication_by_channel(*, school, start, end, partner=None) -> list[tuple[str, int]]:
    """(channel as people read it, how many) of the communication recorded in the period, the most first."""
    communications = Communication.objects.for_school(school).filter(occurred_on__gte=start, occurred_on__lte=end)
    if partner is not None:
        communications = communications.filter(partner=partner)
    channels = dict(Communication.Channel.choices)
    by_channel = communications.values("channel").annotate(n=Count("id")).order_by("-n", "channel")
    return [(str(channels.get(r["channel"], r["channel"])), r["n"]) for r in by_channel]


def done_by_area_with_partners(activities: QuerySet[Activity]) -> dict:
    """{area: {"partners": ids of the partners worked with, "activities": how many}} of the done ones;
    an activity without an area counts under the partners' OTHER_AREA."""
    from mitra.partners.selectors import OTHER_AREA

    by_area = defaultdict(lambda: {"partners": set(), "activities": 0})
    for activity in done_only(activities).prefetch_related("partners"):
        row = by_area[activity.area or OTHER_AREA]
        row["activities"] += 1
        row["partners"].update(p.pk for p in activity.partners.all())
    return by_area


def planned_records(*, school, start, end, planned) -> tuple[Counter, dict]:
    """What became of the planned activities in the period: (times each was done, {planned id:
    "Postponed: reason"} for those last postponed or cancelled)."""
    records = Counter()
    stopped = {}
    for planned_id, status, reason in (
        activities_in(school=school, start=start, end=end)
        .filter(planned__in=planned)
        .values_list("planned_id", "status", "status_reason")
    ):
        if status == Activity.Status.DONE:
            records[planned_id] += 1
        elif status in (Activity.Status.POSTPONED, Activity.Status.CANCELLED):
            stopped[planned_id] = f"{Activity.Status(status).label}" + (f": {reason}" if reason else "")
    return records, stopped


def unplanned_done_count(activities: QuerySet[Activity]) -> int:
    """How many of them were done without being in the work plan."""
    return done_only(activities).filter(planned__isnull=True).count()


def evidence_of(*, school, activities: QuerySet[Activity]) -> QuerySet[Evidence]:
    """Every file kept for the activities, with its activity and file, in the activities' date order."""
    return (
        Evidence.objects.for_school(school)
        .filter(activity__in=activities)
        .select_related("activity", "file")
        .order_by("activity__start_date", "activity_id", "id")
    )


def communication_files_in(*, school, start, end):
    """The files attached to the communication recorded in the period, in date order."""
    from mitra.activities.models import CommunicationAttachment

    return (
        CommunicationAttachment.objects.for_school(school)
        .filter(
            communication__in=Communication.objects.for_school(school).filter(
                occurred_on__gte=start, occurred_on__lte=end
            )
        )
        .select_related("communication", "file")
        .order_by("communication__occurred_on", "id")
    )
