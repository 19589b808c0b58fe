"""Reading activities for pages, the API, the calendar and the partner's timeline: one way in,
through the school access. A partner representative sees only the activities of their partner."""

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404

from mitra.activities.models import Activity, Evidence, ParticipantCount

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


def activities_of(*, access) -> QuerySet[Activity]:
    activities = (
        Activity.objects.for_school(access.school)
        # A counting subquery, not a join and GROUP BY: the list is read in date order from the index
        # and stops at its page, instead of counting every activity of the school first.
        .annotate(evidence_n=EVIDENCE_COUNT)
        .order_by("-start_date", "-id")
    )
    if access.is_partner_rep:
        activities = activities.filter(
            Exists(Activity.partners.through.objects.filter(activity=OuterRef("pk"), partner_id=access.partner_id))
        )
    return activities


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
    activities = activities_of(access=access).select_related("programme").prefetch_related("partners")
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
