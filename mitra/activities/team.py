"""The partnership team: who sits in it for which term, the rotation of teachers through it, and
the handover of open work when someone rotates out."""

import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from mitra.activities import rotation as planner
from mitra.activities.models import Rotation, TeamTerm
from mitra.history.models import Change
from mitra.history.services import record, snapshot
from mitra.schools.models import AcademicYear
from mitra.schools.roles import Role

STAFF_ROLES = (Role.PRINCIPAL, Role.COORDINATOR, Role.TEAM_MEMBER, Role.ADMIN_STAFF)


def staff_of(school):
    """The people who can sit in the team: active staff members of the school."""
    return (
        get_user_model()
        .objects.filter(
            memberships__school=school, memberships__is_active=True, memberships__role__in=STAFF_ROLES, is_active=True
        )
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


ROLE_ORDER = [role.value for role in TeamTerm.Role]  # as declared: the person in charge first


def terms_of(school, *, first: datetime.date | None = None, last: datetime.date | None = None):
    rank = Case(*(When(role=role, then=Value(i)) for i, role in enumerate(ROLE_ORDER)), output_field=IntegerField())
    terms = (
        TeamTerm.objects.for_school(school)
        .select_related("user")
        .annotate(rank=rank)
        .order_by("rank", "starts_on", "user__first_name", "id")
    )
    if first and last:
        terms = terms.filter(starts_on__lte=last, ends_on__gte=first)
    return terms


def _check_term(school, data: dict, term: TeamTerm | None) -> None:
    person, start, end = data.get("user"), data.get("starts_on"), data.get("ends_on")
    if person is None or not staff_of(school).filter(pk=person.pk).exists():
        raise ValidationError({"user": _("Choose a member of the school's staff.")})
    if start and end and end < start:
        raise ValidationError({"ends_on": _("The end of a term cannot be before its start.")})
    overlapping = terms_of(school, first=start, last=end).filter(user=person)
    if term is not None:
        overlapping = overlapping.exclude(pk=term.pk)
    if overlapping.exists():
        raise ValidationError({"starts_on": _("This person is already in the team for part of this period.")})


@transaction.atomic
def term_save(*, school, user, data: dict, term: TeamTerm | None = None) -> TeamTerm:
    _check_term(school, data, term)
    before = snapshot(term) if term else None
    term = term or TeamTerm(school=school)
    for field in ("user", "role", "starts_on", "ends_on", "label"):
        if field in data:
            setattr(term, field, data[field])
    term.save()
    record(user=user, obj=term, action=Change.Action.UPDATE if before else Change.Action.CREATE, before=before)
    return term


@transaction.atomic
def term_delete(*, term: TeamTerm, user) -> None:
    record(user=user, obj=term, action=Change.Action.DELETE, before=snapshot(term))
    term.delete()


# --- Handover -----------------------------------------------------------------------------------------


def open_work(*, school, person) -> dict:
    """What someone leaving the team still holds: tasks not done, and planned activities they own
    that have not happened yet."""
    from mitra.planning.models import Task

    today = timezone.localdate()
    return {
        "tasks": list(
            Task.objects.for_school(school)
            .open()
            .filter(assignee=person)
            .select_related("activity")
            .order_by("due_date", "id")
        ),
        "activities": _owned_once(school, person, today),
    }


def _owned_once(school, person, today) -> list:
    """Each planned activity someone owns that has not happened yet, once, though a revision in the
    making holds a copy of it too (the copy in force is the one shown)."""
    found = {}
    copies = _owned_copies(school, person).filter(
        Q(end_date__gte=today) | Q(end_date__isnull=True, start_date__gte=today)
    )
    for activity in copies.order_by("programme__plan__revision"):
        found.setdefault(activity.identity, activity)
    return sorted(found.values(), key=lambda a: (a.start_date, a.pk))


def _owned_copies(school, person):
    """The planned activities someone owns in the plans that still count (in force, or a revision
    being made), never a replaced revision's copy: that one is the record of what was planned."""
    from mitra.planning.models import Plan, PlannedActivity

    return (
        PlannedActivity.objects.for_school(school)
        .filter(owner=person)
        .exclude(programme__plan__status=Plan.Status.SUPERSEDED)
    )


@transaction.atomic
def rotate_out(*, term: TeamTerm, user, on: datetime.date, handover: dict) -> TeamTerm:
    """End a term on `on` and hand each open task and planned activity to the person chosen for it.
    `handover` maps ("task", id) or ("activity", id) to a user; all of them must be given."""
    if on < term.starts_on:
        raise ValidationError({"on": _("The term cannot end before it started.")})
    school = term.school
    work = open_work(school=school, person=term.user)
    allowed = set(staff_of(school).exclude(pk=term.user_id).values_list("pk", flat=True))
    missing = [
        str(item)
        for kind, items in (("task", work["tasks"]), ("activity", work["activities"]))
        for item in items
        if (kind, item.pk) not in handover
    ]
    if missing:
        raise ValidationError(_("Choose who takes over: %(items)s.") % {"items": "; ".join(missing)})
    if any(person.pk not in allowed for person in handover.values()):
        raise ValidationError(_("Work can only be handed to another member of the staff."))
    for task in work["tasks"]:
        before = snapshot(task)
        task.assignee = handover[("task", task.pk)]
        task.save(update_fields=["assignee"])
        record(user=user, obj=task, action=Change.Action.UPDATE, before=before)
    for activity in work["activities"]:
        for copy in _owned_copies(school, term.user).filter(identity=activity.identity):
            before = snapshot(copy)
            copy.owner = handover[("activity", activity.pk)]
            copy.save(update_fields=["owner"])
            record(user=user, obj=copy, action=Change.Action.UPDATE, before=before)
    before = snapshot(term)
    term.ends_on = min(term.ends_on, on)
    term.handed_over_at = timezone.now()
    term.save(update_fields=["ends_on", "handed_over_at"])
    record(user=user, obj=term, action=Change.Action.UPDATE, before=before)
    return term


# --- Rotation -------------------------------------------------------------------------------------------


def _shift(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def periods_from(year: AcademicYear, *, years: int, per_year: int) -> list[dict]:
    """Terms of `years` school years from `year`: whole years, or semesters. Later years follow the
    first one's dates until the school sets them."""
    periods = []
    for n in range(years):
        start, middle, end = (_shift(d, n) for d in (year.start_date, year.second_semester_start, year.end_date))
        name = f"{start.year}/{start.year + 1}" if n else year.name
        if per_year == 1:
            periods.append({"label": name, "start": start.isoformat(), "end": end.isoformat()})
        else:
            first_end = middle - datetime.timedelta(days=1)
            periods.append(
                {
                    "label": " · ".join([name, _("semester") + " 1"]),
                    "start": start.isoformat(),
                    "end": first_end.isoformat(),
                }
            )
            periods.append(
                {"label": " · ".join([name, _("semester") + " 2"]), "start": middle.isoformat(), "end": end.isoformat()}
            )
    return periods


def _served_before(school, people: list[int], before: datetime.date) -> dict[int, int]:
    served = dict.fromkeys(people, 0)
    for person in (
        TeamTerm.objects.for_school(school)
        .filter(role=TeamTerm.Role.ROTATING, user_id__in=people, starts_on__lt=before)
        .values_list("user_id", flat=True)
    ):
        served[person] += 1
    return served


def _as_sets(mapping: dict) -> dict[int, set[int]]:
    return {int(k): {int(x) for x in v} for k, v in (mapping or {}).items()}


@transaction.atomic
def rotation_create(
    *,
    school,
    user,
    title: str,
    year: AcademicYear,
    years: int,
    per_year: int,
    seats: int,
    people: list,
    unavailable: dict[int, set[int]],
    pins: dict[int, set[int]],
) -> Rotation:
    if year.school_id != school.pk:
        raise ValidationError(_("A linked record belongs to another school."))
    allowed = set(staff_of(school).values_list("pk", flat=True))
    ids = [person.pk for person in people]
    if not set(ids) <= allowed:
        raise ValidationError({"candidates": _("Choose members of the school's staff.")})
    periods = periods_from(year, years=years, per_year=per_year)
    assignment = planner.propose(
        people=ids,
        periods=len(periods),
        seats=seats,
        unavailable=unavailable,
        pins=pins,
        served=_served_before(school, ids, datetime.date.fromisoformat(periods[0]["start"])),
    )
    rotation = Rotation.objects.for_school(school).create(
        title=title,
        seats=seats,
        periods=periods,
        candidates=ids,
        unavailable={str(k): sorted(v) for k, v in unavailable.items() if v},
        pins={str(k): sorted(v) for k, v in pins.items() if v},
        assignment=assignment,
        created_by=user,
    )
    record(user=user, obj=rotation, action=Change.Action.CREATE)
    return rotation


def rotation_problems(rotation: Rotation) -> list:
    return planner.problems_in(
        rotation.assignment,
        people=rotation.candidates,
        seats=rotation.seats,
        unavailable=_as_sets(rotation.unavailable),
    )


def _draft(rotation: Rotation) -> Rotation:
    rotation = Rotation.all_schools.select_for_update().get(pk=rotation.pk)
    if rotation.status != Rotation.Status.DRAFT:
        raise ValidationError(_("A confirmed rotation is not changed; plan a new one."))
    return rotation


def _stored(mapping: dict[int, set[int]]) -> dict[str, list[int]]:
    return {str(k): sorted(v) for k, v in mapping.items() if v}


@transaction.atomic
def rotation_replan(*, rotation: Rotation, user, unavailable: dict[int, set[int]], pins: dict[int, set[int]]):
    """Propose again, keeping who cannot serve when and who must."""
    rotation = _draft(rotation)
    before = snapshot(rotation)
    start = datetime.date.fromisoformat(rotation.periods[0]["start"])
    rotation.assignment = planner.propose(
        people=rotation.candidates,
        periods=len(rotation.periods),
        seats=rotation.seats,
        unavailable=unavailable,
        pins=pins,
        served=_served_before(rotation.school, rotation.candidates, start),
    )
    rotation.unavailable, rotation.pins = _stored(unavailable), _stored(pins)
    rotation.save(update_fields=["assignment", "unavailable", "pins"])
    record(user=user, obj=rotation, action=Change.Action.UPDATE, before=before)
    return rotation


@transaction.atomic
def rotation_edit(
    *,
    rotation: Rotation,
    user,
    assignment: list[list[int]],
    unavailable: dict[int, set[int]],
    pins: dict[int, set[int]],
) -> Rotation:
    """The coordinator's own changes to the proposal; what breaks a rule is refused, not saved."""
    rotation = _draft(rotation)
    if len(assignment) != len(rotation.periods):
        raise ValidationError(_("The plan does not match its terms; reload the page."))
    problems = planner.problems_in(
        assignment, people=rotation.candidates, seats=rotation.seats, unavailable=unavailable
    )
    if problems:
        names = {
            u.pk: u.get_full_name() or u.username for u in get_user_model().objects.filter(pk__in=rotation.candidates)
        }
        raise ValidationError(
            [
                f"{rotation.periods[p.period]['label']}: {names.get(p.person, '')} {p.message}".replace("  ", " ")
                for p in problems
            ]
        )
    before = snapshot(rotation)
    rotation.assignment = [sorted(chosen, key=rotation.candidates.index) for chosen in assignment]
    rotation.unavailable, rotation.pins = _stored(unavailable), _stored(pins)
    rotation.save(update_fields=["assignment", "unavailable", "pins"])
    record(user=user, obj=rotation, action=Change.Action.UPDATE, before=before)
    return rotation


@transaction.atomic
def rotation_confirm(*, rotation: Rotation, user) -> list[TeamTerm]:
    """Turn the plan into team terms, one per teacher and term."""
    rotation = Rotation.all_schools.select_for_update().get(pk=rotation.pk)
    if rotation.status != Rotation.Status.DRAFT:
        raise ValidationError(_("This rotation is already confirmed."))
    if problems := rotation_problems(rotation):
        raise ValidationError(_("Fix the plan first: %(n)s problem(s).") % {"n": len(problems)})
    people = {u.pk: u for u in get_user_model().objects.filter(pk__in=rotation.candidates)}
    terms = []
    for period, chosen in zip(rotation.periods, rotation.assignment, strict=True):
        for person_id in chosen:
            data = {
                "user": people[person_id],
                "role": TeamTerm.Role.ROTATING,
                "starts_on": datetime.date.fromisoformat(period["start"]),
                "ends_on": datetime.date.fromisoformat(period["end"]),
                "label": period["label"],
            }
            try:
                _check_term(rotation.school, data, None)
            except ValidationError:
                raise ValidationError(
                    _("%(person)s is already in the team during %(term)s.")
                    % {
                        "person": people[person_id].get_full_name() or people[person_id].username,
                        "term": period["label"],
                    }
                ) from None
            term = TeamTerm.objects.for_school(rotation.school).create(rotation=rotation, **data)
            terms.append(term)
    before = snapshot(rotation)
    rotation.status, rotation.confirmed_at = Rotation.Status.CONFIRMED, timezone.now()
    rotation.save(update_fields=["status", "confirmed_at"])
    record(user=user, obj=rotation, action=Change.Action.UPDATE, before=before)
    return terms


@transaction.atomic
def rotation_delete(*, rotation: Rotation, user) -> None:
    if rotation.status != Rotation.Status.DRAFT:
        raise ValidationError(_("A confirmed rotation made team terms; remove those terms instead."))
    record(user=user, obj=rotation, action=Change.Action.DELETE, before=snapshot(rotation))
    rotation.delete()
