"""The numbers a school records with its activities (issue 26): per kind of activity (its area) a few
measures the school defines — pupils screened, pupils referred, students placed, pupils admitted from a
pesantren, juz memorised — entered with the activity and summed in the reports. A measure that is a
referral makes a follow-up of each activity that records some: a task for the person who recorded it,
open until someone closes it with what came of it."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from mitra.activities.models import Activity, FollowUp, Measure, MeasureValue
from mitra.history.models import Change
from mitra.history.services import record, snapshot

FOLLOW_UP_DAYS = 14  # a referral is followed up within two weeks of the activity
MOST = 100_000  # more than any school counts in one activity: a typing mistake


# --- The school's measures ------------------------------------------------------------------------------


def measure_save(*, school, user, data: dict, measure: Measure | None = None) -> Measure:
    name = " ".join((data.get("name") or "").split())[:120]
    if not name:
        raise ValidationError({"name": _("Say what is counted, e.g. “Pupils screened”.")})
    creating = measure is None
    before = None if creating else snapshot(measure)
    measure = measure or Measure(school=school)
    measure.name = name
    measure.unit = " ".join((data.get("unit") or "").split())[:40]
    measure.area = data.get("area") or ""
    measure.follow_up = bool(data.get("follow_up"))
    try:
        with transaction.atomic():
            measure.save()
            record(
                user=user, obj=measure, action=Change.Action.CREATE if creating else Change.Action.UPDATE, before=before
            )
    except IntegrityError:
        raise ValidationError({"name": _("The school already counts something by this name.")}) from None
    return measure


@transaction.atomic
def measure_archive(*, measure: Measure, user, archived: bool = True) -> Measure:
    before = snapshot(measure)
    measure.archived_at = timezone.now() if archived else None
    measure.save(update_fields=["archived_at"])
    record(user=user, obj=measure, action=Change.Action.UPDATE, before=before)
    return measure


def measures_of(*, school, archived: bool = False) -> QuerySet[Measure]:
    return Measure.objects.for_school(school).filter(archived_at__isnull=not archived)


def measures_for(activity: Activity) -> list[Measure]:
    """The measures the activity's page asks for: those of its area and those of every area, and any it
    recorded already (an archived one, or one of an area it no longer has)."""
    recorded = MeasureValue.objects.for_school(activity.school).filter(activity=activity).values("measure")
    asked = Q(archived_at__isnull=True) & (Q(area="") | Q(area=activity.area))
    return list(Measure.objects.for_school(activity.school).filter(asked | Q(pk__in=recorded)))


# --- Recording with an activity ----------------------------------------------------------------------


def _text(values: dict[Measure, int]) -> str:
    return ", ".join(f"{m.name}: {n}" for m, n in sorted(values.items(), key=lambda item: item[0].name))


def values_save(*, activity: Activity, user, values: dict[int, int | None]) -> None:
    """Record the activity's numbers ({measure id: number, or None to clear}), all of them or none; a
    referral recorded makes or updates its follow-up (_follow)."""
    asked = {m.pk: m for m in measures_for(activity)}
    errors = {}
    for pk, value in values.items():
        if pk not in asked:
            errors[f"measure_{pk}"] = _("This is not counted for this activity.")
        elif value is not None and not 0 <= value <= MOST:
            errors[f"measure_{pk}"] = _("Give a whole number from 0 to %(most)s.") % {"most": f"{MOST:,}"}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        activity = Activity.objects.for_school(activity.school).select_for_update().get(pk=activity.pk)
        kept = {v.measure_id: v for v in MeasureValue.objects.for_school(activity.school).filter(activity=activity)}
        before = {asked[pk]: v.value for pk, v in kept.items() if pk in asked}
        for pk, value in values.items():
            if value:
                MeasureValue.objects.for_school(activity.school).update_or_create(
                    activity=activity, measure_id=pk, defaults={"value": value}
                )
            elif pk in kept:
                kept[pk].delete()
            if asked[pk].follow_up:
                _follow(activity, asked[pk], value or 0, user)
        after = {
            asked[v.measure_id]: v.value
            for v in MeasureValue.objects.for_school(activity.school).filter(activity=activity)
            if v.measure_id in asked
        }
        if after != before:
            record(
                user=user,
                obj=activity,
                action=Change.Action.UPDATE,
                before=snapshot(activity),
                extra={"measures": [_text(before), _text(after)]},
            )


def _follow(activity: Activity, measure: Measure, count: int, user) -> None:
    """The referral's one follow-up, for its number: made when some are referred, removed when the number
    is cleared (the activity's history keeps what was recorded and what came of it), and opened again
    when the number changes after it was closed (what came of it was for another number)."""
    found = FollowUp.objects.for_school(activity.school).filter(activity=activity, measure=measure).first()
    if not count:
        if found is not None:
            found.delete()
        return
    if found is None:
        FollowUp.objects.for_school(activity.school).create(
            activity=activity,
            measure=measure,
            count=count,
            assignee=user,
            due_on=activity.start_date + datetime.timedelta(days=FOLLOW_UP_DAYS),
        )
    elif found.count != count:
        found.count = count
        if not found.is_open:
            found.closed_at, found.closed_by, found.outcome = None, None, ""
        found.save(update_fields=["count", "closed_at", "closed_by", "outcome"])


@transaction.atomic
def follow_up_close(*, follow_up: FollowUp, user, outcome: str) -> FollowUp:
    outcome = (outcome or "").strip()
    if not outcome:
        raise ValidationError({"outcome": _("Say what came of it: seen by the puskesmas, treated, still waiting…")})
    if not follow_up.is_open:
        raise ValidationError(_("This follow-up is closed already."))
    follow_up.closed_at, follow_up.closed_by, follow_up.outcome = timezone.now(), user, outcome[:2000]
    follow_up.save(update_fields=["closed_at", "closed_by", "outcome"])
    activity = follow_up.activity
    record(
        user=user,
        obj=activity,
        action=Change.Action.UPDATE,
        before=snapshot(activity),
        extra={"follow-up": ["", f"{follow_up.measure.name} ({follow_up.count}): {outcome[:300]}"]},
    )
    return follow_up


# --- Reading -------------------------------------------------------------------------------------------


def totals_of(*, school, activities: QuerySet[Activity]) -> list[dict]:
    """[{"measure", "total", "activities"}] over the done ones among `activities`, in the measures'
    order: two queries."""
    rows = (
        MeasureValue.objects.for_school(school)
        .filter(activity__in=activities.filter(status=Activity.Status.DONE))
        .values("measure")
        .annotate(total=Sum("value"), activities=Count("activity", distinct=True))
        .order_by()
    )
    found = {row["measure"]: row for row in rows}
    measures = Measure.objects.for_school(school).filter(pk__in=list(found))
    return [{"measure": m, "total": found[m.pk]["total"], "activities": found[m.pk]["activities"]} for m in measures]


def values_of(*, school, activities: QuerySet[Activity]) -> QuerySet[MeasureValue]:
    """The numbers recorded with these activities, by date then measure (the export's rows)."""
    return (
        MeasureValue.objects.for_school(school)
        .filter(activity__in=activities)
        .select_related("activity", "measure")
        .order_by("activity__start_date", "activity_id", "measure__name")
    )


def follow_ups_of(*, school, activities: QuerySet[Activity] | None = None, open_only: bool = False):
    found = FollowUp.objects.for_school(school).select_related("activity", "measure", "assignee", "closed_by")
    if activities is not None:
        found = found.filter(activity__in=activities)
    return found.filter(closed_at__isnull=True) if open_only else found


def follow_up_counts(*, school, activities: QuerySet[Activity]) -> dict:
    """{"open", "closed", "people", "people_closed"} of the follow-ups of these activities: one query."""
    found = follow_ups_of(school=school, activities=activities).aggregate(
        open=Count("id", filter=Q(closed_at__isnull=True)),
        closed=Count("id", filter=Q(closed_at__isnull=False)),
        people=Sum("count"),
        people_closed=Sum("count", filter=Q(closed_at__isnull=False)),
    )
    return {key: value or 0 for key, value in found.items()}


def todo_items(*, access, user):
    """The follow-ups a person is to see through, for their to-do list (schools/todo.py)."""
    from django.urls import reverse

    from mitra.schools.todo import Todo

    if not access.can("activities.record"):
        return []
    return [
        Todo(
            _("Follow-up"),
            f"{f.measure.name}: {f.count} · {f.activity.title}",
            reverse("activities:detail", args=[access.school.pk, f.activity_id]) + "#measures",
            f.due_on,
        )
        for f in follow_ups_of(school=access.school, open_only=True).filter(assignee=user)
    ]
