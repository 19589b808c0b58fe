"""Writing the plan. Every change goes through here: it checks the plan can still be edited, keeps
the rules a form cannot see, and leaves a history record."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from mitra.documents.dates import long_date
from mitra.history.models import Change
from mitra.history.services import record, snapshot
from mitra.planning import defaults, inbox, revisions
from mitra.planning.models import (
    AnalysisItem,
    Candidate,
    Criterion,
    Goal,
    Indicator,
    KindSuggestion,
    Need,
    Plan,
    PlanComment,
    Score,
    Value,
)
from mitra.planning.selectors import plan_of_item
from mitra.schools.locks import one_at_a_time

# --- Defaults ----------------------------------------------------------------------------------


def ensure_defaults(school) -> None:
    """Give a school its starting values, criteria and kind suggestions, once."""
    if all(m.objects.for_school(school).exists() for m in (Value, Criterion, KindSuggestion)):
        return  # the everyday case: no lock (on SQLite a lock is a write transaction)
    with one_at_a_time(school):
        if not Value.objects.for_school(school).exists():
            Value.objects.bulk_create(
                [Value(school=school, name=n, meaning_id=i, meaning_en=e) for n, i, e in defaults.VALUES]
            )
        if not Criterion.objects.for_school(school).exists():
            Criterion.objects.bulk_create(
                [Criterion(school=school, name=n, weight=w, position=p) for p, (n, w) in enumerate(defaults.CRITERIA)]
            )
        if not KindSuggestion.objects.for_school(school).exists():
            KindSuggestion.objects.bulk_create(
                [
                    KindSuggestion(school=school, area=a, kind=k)
                    for a, kinds in defaults.KIND_SUGGESTIONS.items()
                    for k in kinds
                ]
            )


# --- The plan and its workflow -------------------------------------------------------------------


def require_editable(plan: Plan) -> None:
    if not plan.is_editable:
        raise ValidationError(
            _("This plan is %(status)s and cannot be changed. Start a revision to change it.")
            % {"status": plan.get_status_display().lower()},
            code="not_editable",
        )


def _comment(plan: Plan, user, step: str, text: str) -> None:
    if text.strip():
        PlanComment.objects.for_school(plan.school).create(plan=plan, author=user, step=step, text=text.strip())


def _set_status(plan: Plan, user, status: str, **extra) -> None:
    before = snapshot(plan)
    plan.status = status
    for key, value in extra.items():
        setattr(plan, key, value)
    plan.save()
    record(user=user, obj=plan, action=Change.Action.UPDATE, before=before)


@transaction.atomic
def plan_create(*, school, user, academic_year) -> Plan:
    if Plan.objects.for_school(school).filter(academic_year=academic_year).exists():
        raise ValidationError(_("The school year %(year)s already has a plan.") % {"year": academic_year})
    ensure_defaults(school)
    plan = Plan.objects.for_school(school).create(academic_year=academic_year, created_by=user)
    record(user=user, obj=plan, action=Change.Action.CREATE)
    return plan


@transaction.atomic
def plan_submit(*, plan: Plan, user, comment: str = "") -> Plan:
    require_editable(plan)
    if not Goal.objects.for_school(plan.school).filter(plan=plan).exists():
        raise ValidationError(_("Add at least one goal before submitting the plan."), code="no_goals")
    _set_status(plan, user, Plan.Status.SUBMITTED, submitted_at=timezone.now(), submitted_by=user)
    _comment(plan, user, Plan.Status.SUBMITTED, comment)
    return plan


@transaction.atomic
def plan_return(*, plan: Plan, user, comment: str, by_foundation: bool = False) -> Plan:
    """The principal sends a submitted plan back for changes, saying why."""
    if plan.status != Plan.Status.SUBMITTED:
        raise ValidationError(_("Only a submitted plan can be returned."), code="not_submitted")
    require_approver(plan, by_foundation=by_foundation)
    if not comment.strip():
        raise ValidationError({"comment": _("Say what should change.")}, code="comment_required")
    _set_status(plan, user, Plan.Status.DRAFT)
    _comment(plan, user, Plan.Status.DRAFT, comment)
    return plan


def require_approver(plan: Plan, *, by_foundation: bool) -> None:
    """The principal approves (or returns) the school's plans; the foundation does only for a school
    that asks for plans to be approved by someone other than their author."""
    if by_foundation and not plan.school.plan_approval_by_other:
        raise ValidationError(
            _("The principal approves this school's plans. The foundation does only when the school asks for it."),
            code="principal_approves",
        )


@transaction.atomic
def plan_approve(*, plan: Plan, user, comment: str = "", by_foundation: bool = False) -> Plan:
    """Approve a submitted plan. A revision replaces the plan in force: what was recorded against its
    items moves to their new versions and the items it leaves out are ended (planning/revisions.py)."""
    if plan.status != Plan.Status.SUBMITTED:
        raise ValidationError(_("Only a submitted plan can be approved."), code="not_submitted")
    require_approver(plan, by_foundation=by_foundation)
    authors = {plan.created_by_id, plan.submitted_by_id} - {None}
    if plan.school.plan_approval_by_other and user is not None and user.pk in authors:
        raise ValidationError(
            _(
                "The school asks for plans to be approved by someone other than their author. "
                "Ask the principal or the foundation administrator to approve it."
            ),
            code="own_plan",
        )
    earlier = Plan.objects.for_school(plan.school).filter(academic_year=plan.academic_year, status=Plan.Status.APPROVED)
    carried = {}
    for old in earlier:
        _set_status(old, user, Plan.Status.SUPERSEDED)
        carried = revisions.carry_over(old=old, new=plan)
    _set_status(plan, user, Plan.Status.APPROVED, approved_at=timezone.now(), approved_by=user)
    _comment(plan, user, Plan.Status.APPROVED, comment)
    if carried.get("ended"):
        record(
            user=user,
            obj=plan,
            action=Change.Action.UPDATE,
            before=snapshot(plan),
            extra={"ended": ["", _("%(n)s items removed by this revision") % {"n": carried["ended"]}]},
        )
    return plan


@transaction.atomic
def plan_revise(*, plan: Plan, user) -> Plan:
    """An approved plan is never edited in place: its revision is a new draft of the same items."""
    if plan.status != Plan.Status.APPROVED:
        raise ValidationError(_("Only an approved plan is revised; a draft can be edited directly."))
    if (
        Plan.objects.for_school(plan.school)
        .filter(academic_year=plan.academic_year, revision__gt=plan.revision)
        .exists()
    ):
        raise ValidationError(_("A newer revision of this plan already exists."))
    revision = Plan.objects.for_school(plan.school).create(
        academic_year=plan.academic_year,
        revision=plan.revision + 1,
        revised_from=plan,
        created_by=user,
    )
    revisions.copy_content(plan, revision, same_items=True)
    record(user=user, obj=revision, action=Change.Action.CREATE)
    return revision


def carry_over_choices(*, plan: Plan) -> list[dict]:
    """What drafting next year's plan from `plan` proposes for each programme, beside the evaluation's
    decisions of the year about its partners: carried over unless every partner of it was stopped."""
    from mitra.planning.models import Programme

    decisions = inbox.decisions_of(school=plan.school, year=plan.academic_year)
    rows = []
    for programme in Programme.objects.for_school(plan.school).filter(plan=plan).prefetch_related("partners"):
        partners = list(programme.partners.all())
        about = [decisions[p.pk] for p in partners if p.pk in decisions]
        stopped = [p for p in partners if p.pk in decisions and decisions[p.pk].is_stop]
        rows.append(
            {
                "programme": programme,
                "decisions": about,
                "stopped": stopped,
                "proposed": not partners or len(stopped) < len(partners),
            }
        )
    return rows


@transaction.atomic
def plan_start_next_year(*, plan: Plan, user, academic_year, carry=None, reasons=None) -> Plan:
    """Next year's draft from this year's plan: goals, indicators, needs, the chosen programmes and their
    recurring activities. The evaluation's decisions count: a programme whose partners were all
    stopped is not carried over unless someone carries it over with a reason, and a stopped partner
    leaves every carried programme (carry: programme ids; None means what carry_over_choices proposes)."""
    if plan.status != Plan.Status.APPROVED:
        raise ValidationError(_("Next year's plan starts from this year's approved plan."), code="not_approved")
    if academic_year.start_date <= plan.academic_year.start_date:
        raise ValidationError(_("Choose a school year after %(year)s.") % {"year": plan.academic_year})
    choices = carry_over_choices(plan=plan)
    reasons = {int(k): (v or "").strip() for k, v in (reasons or {}).items()}
    carry = {r["programme"].pk for r in choices if r["proposed"]} if carry is None else {int(pk) for pk in carry}
    missing = [
        r["programme"].name
        for r in choices
        if r["programme"].pk in carry and not r["proposed"] and not reasons.get(r["programme"].pk)
    ]
    if missing:
        raise ValidationError(
            _("The evaluation said to stop %(names)s. Say why it is carried over anyway, or leave it out.")
            % {"names": ", ".join(missing)},
            code="stopped_needs_reason",
        )
    new = plan_create(school=plan.school, user=user, academic_year=academic_year)
    new.revised_from = plan
    new.save(update_fields=["revised_from"])
    chosen = [r["programme"] for r in choices if r["programme"].pk in carry]
    copies = revisions.copy_content(
        plan,
        new,
        same_items=False,
        only_programmes=chosen,
        shift_years=academic_year.start_date.year - plan.academic_year.start_date.year,
    )
    notes = []
    for row in choices:
        copy = copies.get(row["programme"].pk)
        if copy is None:
            continue
        for partner in row["stopped"]:
            copy.partners.remove(partner)
        if not row["proposed"]:
            copy.partners.add(*row["stopped"])  # carried over on purpose, with its partners
            notes.append(
                _("“%(programme)s” carried over although the evaluation said to stop: %(reason)s")
                % {"programme": copy.name, "reason": reasons[row["programme"].pk]}
            )
    if notes:
        _comment(new, user, Plan.Status.DRAFT, "\n".join(notes))
    return new


def require_live(*items) -> None:
    """Other stages link only to the plan's items in force, or to an item since removed from the plan
    (a record that already had it) — never to a copy a revision replaced or a revision not yet
    approved, whose links would be left behind."""
    items = [item for item in items if item is not None]
    if not items:
        return
    in_force = set(Plan.objects.for_school(items[0].school).in_force().values_list("pk", flat=True))
    stale = [item for item in items if item.ended_at is None and plan_of_item(item).pk not in in_force]
    if stale:
        raise ValidationError(
            _("“%(item)s” is not in the plan in force (it is in a replaced revision or in a draft); choose it again.")
            % {"item": stale[0]},
            code="not_in_force",
        )


RECORD_NAMES = {
    "activities.indicatorresult": gettext_lazy("measurements"),
    "activities.activity": gettext_lazy("activities"),
    "agreements.agreement": gettext_lazy("agreements"),
    "letters.letter": gettext_lazy("letters"),
    "planning.task": gettext_lazy("tasks"),
    "planning.forum": gettext_lazy("socialization forums"),
    "planning.spending": gettext_lazy("spending"),
}


def require_unrecorded(item) -> None:
    """An item the school has recorded something against is not deleted (its records would go with
    it or lose their link): approved, a revision can leave it out, and it is then ended with its
    records kept."""
    found = revisions.recorded_against(item)
    if found:
        raise ValidationError(
            _(
                "“%(item)s” cannot be removed: the school has recorded %(records)s against it. Approve the plan "
                "first; a revision can then leave it out, and it ends with its records kept."
            )
            % {"item": item, "records": ", ".join(str(RECORD_NAMES.get(label, label)) for label in found)},
            code="recorded",
        )


# --- Goals, values and indicators --------------------------------------------------------------


def vision_and_mission(school) -> list[str]:
    """The statements a goal can serve: the vision, then each mission line."""
    return [s for s in [school.vision.strip(), *school.mission_lines] if s]


@transaction.atomic
def goal_save(*, plan: Plan, user, fields: dict, values, goal: Goal | None = None) -> Goal:
    require_editable(plan)
    serves = (fields.get("serves") or "").strip()
    if serves not in vision_and_mission(plan.school):
        raise ValidationError(
            {"serves": _("Choose the part of the school's vision or mission this goal serves.")}, code="serves"
        )
    creating = goal is None
    goal = goal or Goal(school=plan.school, plan=plan)
    before = None if creating else snapshot(goal)
    before_values = "" if creating else ", ".join(v.name for v in goal.values.all())
    goal.title, goal.description, goal.serves = fields["title"], fields.get("description", ""), serves
    if creating:
        goal.position = Goal.objects.for_school(plan.school).filter(plan=plan).count()
    goal.save()
    goal.values.set(values)
    record(
        user=user,
        obj=goal,
        action=Change.Action.CREATE if creating else Change.Action.UPDATE,
        before=before,
        anchor=plan,
        extra={"values": [before_values, ", ".join(v.name for v in goal.values.all())]},
    )
    return goal


@transaction.atomic
def goal_delete(*, goal: Goal, user) -> None:
    require_editable(goal.plan)
    require_unrecorded(goal)
    record(user=user, obj=goal, action=Change.Action.DELETE, before=snapshot(goal), anchor=goal.plan)
    goal.delete()


def _check_direction(fields: dict) -> None:
    baseline, target, direction = fields["baseline"], fields["target"], fields["direction"]
    wrong = (direction == Indicator.Direction.INCREASE and target <= baseline) or (
        direction == Indicator.Direction.DECREASE and target >= baseline
    )
    if wrong:
        raise ValidationError(
            {"target": _("For an increase the target must be above the baseline; for a decrease, below it.")},
            code="direction",
        )


@transaction.atomic
def indicator_save(*, goal: Goal, user, fields: dict, indicator: Indicator | None = None) -> Indicator:
    require_editable(goal.plan)
    _check_direction(fields)
    creating = indicator is None
    indicator = indicator or Indicator(school=goal.school, goal=goal)
    before = None if creating else snapshot(indicator)
    for key in ("name", "baseline", "target", "unit", "direction", "frequency", "verification", "responsible"):
        setattr(indicator, key, fields.get(key, getattr(indicator, key)))
    indicator.save()
    record(
        user=user,
        obj=indicator,
        action=Change.Action.CREATE if creating else Change.Action.UPDATE,
        before=before,
        anchor=goal.plan,
    )
    return indicator


@transaction.atomic
def indicator_delete(*, indicator: Indicator, user) -> None:
    require_editable(indicator.goal.plan)
    require_unrecorded(indicator)
    record(
        user=user, obj=indicator, action=Change.Action.DELETE, before=snapshot(indicator), anchor=indicator.goal.plan
    )
    indicator.delete()


@transaction.atomic
def value_save(*, school, user, fields: dict, value: Value | None = None) -> Value:
    name = fields["name"].strip()
    if Value.objects.for_school(school).filter(name__iexact=name).exclude(pk=getattr(value, "pk", None)).exists():
        raise ValidationError({"name": _("The school already has the value “%(name)s”.") % {"name": name}})
    creating = value is None
    value = value or Value(school=school)
    before = None if creating else snapshot(value)
    value.name, value.meaning_id, value.meaning_en = name, fields["meaning_id"], fields["meaning_en"]
    value.is_active = fields.get("is_active", True)
    value.save()
    record(
        user=user,
        obj=value,
        action=Change.Action.CREATE if creating else Change.Action.UPDATE,
        before=before,
        anchor=school,
    )
    return value


# --- Needs and the school's analysis -----------------------------------------------------------


@transaction.atomic
def analysis_add(*, plan: Plan, user, kind: str, text: str) -> AnalysisItem:
    require_editable(plan)
    item = AnalysisItem.objects.for_school(plan.school).create(plan=plan, kind=kind, text=text.strip())
    record(user=user, obj=item, action=Change.Action.CREATE, anchor=plan)
    return item


@transaction.atomic
def analysis_delete(*, item: AnalysisItem, user) -> None:
    require_editable(item.plan)
    record(user=user, obj=item, action=Change.Action.DELETE, before=snapshot(item), anchor=item.plan)
    item.delete()


@transaction.atomic
def need_save(*, plan: Plan, user, fields: dict, need: Need | None = None) -> Need:
    require_editable(plan)
    creating = need is None
    need = need or Need(school=plan.school, plan=plan)
    before = None if creating else snapshot(need)
    for key in ("title", "description", "area", "priority"):
        setattr(need, key, fields.get(key, getattr(need, key)))
    need.save()
    record(
        user=user,
        obj=need,
        action=Change.Action.CREATE if creating else Change.Action.UPDATE,
        before=before,
        anchor=plan,
    )
    return need


@transaction.atomic
def need_delete(*, need: Need, user) -> None:
    require_editable(need.plan)
    require_unrecorded(need)
    record(user=user, obj=need, action=Change.Action.DELETE, before=snapshot(need), anchor=need.plan)
    need.delete()


# --- Fair partner selection ---------------------------------------------------------------------


@transaction.atomic
def criteria_save(*, school, user, rows: list[dict]) -> list[Criterion]:
    """Replace the school's criteria with `rows` ({"name", "weight"}); the weights may not all be zero."""
    rows = [r for r in rows if r.get("name", "").strip()]
    if not rows or sum(int(r["weight"]) for r in rows) <= 0:
        raise ValidationError(_("Give at least one criterion a weight above zero."), code="zero_weights")
    names = [r["name"].strip().lower() for r in rows]
    if len(names) != len(set(names)):
        raise ValidationError(_("Each criterion may appear once."), code="duplicate_criterion")
    existing = {c.name.lower(): c for c in Criterion.objects.for_school(school)}
    before_text = "; ".join(f"{c.name} ({c.weight})" for c in existing.values())
    keep = []
    for position, row in enumerate(rows):
        criterion = existing.pop(row["name"].strip().lower(), None) or Criterion(school=school)
        criterion.name, criterion.weight, criterion.position = row["name"].strip(), int(row["weight"]), position
        criterion.save()
        keep.append(criterion)
    for gone in existing.values():
        gone.delete()
    record(
        user=user,
        obj=school,
        action=Change.Action.UPDATE,
        before=snapshot(school),
        extra={"criteria": [before_text, "; ".join(f"{c.name} ({c.weight})" for c in keep)]},
    )
    return keep


@transaction.atomic
def candidate_add(*, need: Need, user, partner) -> Candidate:
    require_editable(need.plan)
    if partner.school_id != need.school_id:
        raise ValidationError(_("This partner belongs to another school."))
    candidate, created = Candidate.objects.for_school(need.school).get_or_create(need=need, partner=partner)
    if created:
        record(user=user, obj=candidate, action=Change.Action.CREATE, anchor=need.plan)
    return candidate


@transaction.atomic
def candidate_assess(*, candidate: Candidate, user, scores: dict[int, int], decision: str, reason: str) -> Candidate:
    """Record the scores and the decision. A decision, either way, is recorded with its reason."""
    require_editable(candidate.need.plan)
    if decision != Candidate.Decision.PENDING and not reason.strip():
        raise ValidationError({"reason": _("Write the reason for this decision; it is kept with the comparison.")})
    if any(not 1 <= int(s) <= 5 for s in scores.values()):
        raise ValidationError(_("Scores run from 1 to 5."))
    before = snapshot(candidate)
    criteria = {c.pk: c.name for c in Criterion.objects.for_school(candidate.school)}
    old_scores = Score.objects.for_school(candidate.school).filter(candidate=candidate)
    before_scores = "; ".join(f"{criteria.get(s.criterion_id, '?')}: {s.score}" for s in old_scores)
    old_scores.delete()
    kept = {pk: int(s) for pk, s in scores.items() if pk in criteria}
    Score.objects.bulk_create(
        [Score(school=candidate.school, candidate=candidate, criterion_id=pk, score=s) for pk, s in kept.items()]
    )
    candidate.decision, candidate.reason = decision, reason.strip()
    candidate.save()
    record(
        user=user,
        obj=candidate,
        action=Change.Action.UPDATE,
        before=before,
        anchor=candidate.need.plan,
        extra={"scores": [before_scores, "; ".join(f"{criteria[pk]}: {s}" for pk, s in kept.items())]},
    )
    return candidate


# --- The work plan -----------------------------------------------------------------------------


def _team_ids(school) -> set[int]:
    from mitra.schools.models import Membership
    from mitra.schools.roles import Role

    staff = (Role.PRINCIPAL, Role.COORDINATOR, Role.TEAM_MEMBER, Role.ADMIN_STAFF)
    return set(
        Membership.objects.filter(school=school, is_active=True, role__in=staff).values_list("user_id", flat=True)
    )


@transaction.atomic
def programme_save(*, plan: Plan, user, fields: dict, goals, needs, partners, programme=None):
    """A programme serves at least one of the plan's goals and may meet needs with several partners."""
    from mitra.planning.models import Programme

    require_editable(plan)
    goals, needs, partners = list(goals), list(needs), list(partners)
    if not goals:
        raise ValidationError({"goals": _("Choose the goal or goals this programme serves.")}, code="no_goal")
    if any(g.plan_id != plan.pk for g in goals) or any(n.plan_id != plan.pk for n in needs):
        raise ValidationError(_("Goals and needs must come from this plan."))
    if any(p.school_id != plan.school_id for p in partners):
        raise ValidationError(_("This partner belongs to another school."))
    creating = programme is None
    programme = programme or Programme(school=plan.school, plan=plan)
    before = None if creating else snapshot(programme)
    programme.name, programme.description = fields["name"], fields.get("description", "")
    programme.save()
    programme.goals.set(goals)
    programme.needs.set(needs)
    programme.partners.set(partners)
    record(
        user=user,
        obj=programme,
        action=Change.Action.CREATE if creating else Change.Action.UPDATE,
        before=before,
        anchor=plan,
        extra={"partners": ["", ", ".join(p.name for p in partners)]} if creating else None,
    )
    return programme


@transaction.atomic
def programme_delete(*, programme, user) -> None:
    require_editable(programme.plan)
    require_unrecorded(programme)
    record(user=user, obj=programme, action=Change.Action.DELETE, before=snapshot(programme), anchor=programme.plan)
    programme.delete()


def check_schedule(fields: dict) -> None:
    """The rules of a schedule, with messages that say what to fix."""
    from mitra.planning.models import PlannedActivity

    start, end, schedule = fields.get("start_date"), fields.get("end_date"), fields.get("schedule")
    errors = {}
    if start and end and end < start:
        errors["end_date"] = _("The last day cannot be before the first day.")
    elif schedule != PlannedActivity.Schedule.DATE and not end:
        errors["end_date"] = _("Give the last day: until when does it run or repeat?")
    if (fields.get("budget") or 0) < 0:
        errors["budget"] = _("The budget cannot be negative.")
    if errors:
        raise ValidationError(errors, code="schedule")


def check_in_year(plan: Plan, fields: dict, *names: str) -> None:
    """A plan covers its school year: its items' dates fall inside it."""
    year = plan.academic_year
    errors = {
        name: _("Choose a day within the school year %(year)s (%(first)s – %(last)s).")
        % {
            "year": year.name,
            "first": long_date(year.start_date, get_language()),
            "last": long_date(year.end_date, get_language()),
        }
        for name in names
        if fields.get(name) and not year.start_date <= fields[name] <= year.end_date
    }
    if errors:
        raise ValidationError(errors, code="outside_year")


@transaction.atomic
def activity_save(*, programme, user, fields: dict, indicators=(), activity=None):
    from mitra.planning.models import PlannedActivity

    require_editable(programme.plan)
    check_schedule(fields)
    check_in_year(programme.plan, fields, "start_date", "end_date")
    owner = fields.get("owner")
    if owner is not None and owner.pk not in _team_ids(programme.school):
        raise ValidationError({"owner": _("Choose someone from the school's team.")})
    indicators = list(indicators)
    if any(i.goal.plan_id != programme.plan_id for i in indicators):
        raise ValidationError(_("Indicators must come from this plan."))
    creating = activity is None
    activity = activity or PlannedActivity(school=programme.school, programme=programme)
    before = None if creating else snapshot(activity)
    for key in (
        "title",
        "owner",
        "schedule",
        "start_date",
        "end_date",
        "place",
        "budget",
        "budget_source",
        "resources",
        "expected_output",
    ):
        if key in fields:
            setattr(activity, key, fields[key])
    if activity.schedule == PlannedActivity.Schedule.DATE:
        activity.end_date = None
    activity.save()
    activity.indicators.set(indicators)
    record(
        user=user,
        obj=activity,
        action=Change.Action.CREATE if creating else Change.Action.UPDATE,
        before=before,
        anchor=programme.plan,
    )
    return activity


@transaction.atomic
def activity_delete(*, activity, user) -> None:
    require_editable(activity.programme.plan)
    require_unrecorded(activity)
    record(
        user=user, obj=activity, action=Change.Action.DELETE, before=snapshot(activity), anchor=activity.programme.plan
    )
    activity.delete()


@transaction.atomic
def task_add(*, activity, user, title: str, assignee, due_date=None):
    """Tasks may be added to an approved plan too: dividing the work is part of running it."""
    from mitra.planning.models import Task

    plan = activity.programme.plan
    if activity.ended_at or not Plan.objects.for_school(plan.school).in_force().filter(pk=plan.pk).exists():
        # A revision in the making shows the tasks of the plan in force; they move to it on approval.
        raise ValidationError(
            _("Tasks are added to the plan in force: this activity is in a revision not approved yet, or was removed.")
        )
    if assignee.pk not in _team_ids(activity.school):
        raise ValidationError({"assignee": _("Choose someone from the school's team.")})
    check_in_year(plan, {"due_date": due_date}, "due_date")
    task = Task.objects.for_school(activity.school).create(
        activity=activity, title=title.strip(), assignee=assignee, due_date=due_date
    )
    record(user=user, obj=task, action=Change.Action.CREATE, anchor=activity.programme.plan)
    return task


@transaction.atomic
def task_toggle(*, task, user):
    if task.ended_at:
        raise ValidationError(_("This task ended when its activity was removed from the plan."))
    before = snapshot(task)
    task.done_at = None if task.done_at else timezone.now()
    task.save(update_fields=["done_at"])
    record(user=user, obj=task, action=Change.Action.UPDATE, before=before, anchor=task.activity.programme.plan)
    return task


# --- Socialization forums -------------------------------------------------------------------------
# Forums record meetings that happen while the plan runs, so they stay editable after approval.


@transaction.atomic
def forum_save(*, plan: Plan, user, fields: dict, programmes=(), partners=(), forum=None):
    from mitra.planning.models import Forum

    if plan.status == Plan.Status.SUPERSEDED:
        raise ValidationError(_("This revision of the plan was replaced; record forums in the plan in force."))
    check_in_year(plan, fields, "date")
    audiences = list(fields.get("audiences") or [])
    valid = set(Forum.Audience.values)
    if not audiences or any(a not in valid for a in audiences):
        raise ValidationError({"audiences": _("Choose who the forum is for.")}, code="audience")
    programmes, partners = list(programmes), list(partners)
    if any(p.plan_id != plan.pk for p in programmes):
        raise ValidationError(_("Programmes must come from this plan."))
    if any(p.school_id != plan.school_id for p in partners):
        raise ValidationError(_("This partner belongs to another school."))
    creating = forum is None
    forum = forum or Forum(school=plan.school, plan=plan)
    before = None if creating else snapshot(forum)
    for key in ("title", "date", "place", "agenda", "minutes", "decisions"):
        if key in fields:
            setattr(forum, key, fields[key])
    forum.audiences = audiences
    forum.save()
    forum.programmes.set(programmes)
    forum.partners.set(partners)
    record(
        user=user,
        obj=forum,
        action=Change.Action.CREATE if creating else Change.Action.UPDATE,
        before=before,
        anchor=plan,
    )
    return forum


def attendance_add(*, forum, user, name: str, group: str, partner=None):
    """One person who attended (`attendance_add_many` with one name)."""
    return attendance_add_many(forum=forum, user=user, names=[name], group=group, partner=partner)[0]


@transaction.atomic
def attendance_add_many(*, forum, user, names: list[str], group: str, partner=None) -> list:
    """Everyone on `names` at once, or no one: a name already on the list, or twice in `names`, is
    refused with all the others named, so that the sheet can be checked and sent again."""
    from mitra.planning.models import Attendance

    if partner is not None and partner.school_id != forum.school_id:
        raise ValidationError(_("This partner belongs to another school."))
    names = [name.strip() for name in names]
    listed = {
        name.casefold()
        for name in Attendance.objects.for_school(forum.school).filter(forum=forum).values_list("name", flat=True)
    }
    seen, repeated = set(), []
    for name in names:
        key = name.casefold()
        if key in listed or key in seen:
            repeated.append(name)
        seen.add(key)
    if repeated:
        raise ValidationError(
            {
                "names": _("Already on the attendance list, or written twice: %(names)s. Remove them and send again.")
                % {"names": ", ".join(repeated)}
            }
        )
    entries = Attendance.objects.bulk_create(
        [Attendance(school=forum.school, forum=forum, name=name, group=group, partner=partner) for name in names]
    )
    for entry in entries:
        record(user=user, obj=entry, action=Change.Action.CREATE, anchor=forum.plan)
    return entries


@transaction.atomic
def attendance_remove(*, entry, user) -> None:
    record(user=user, obj=entry, action=Change.Action.DELETE, before=snapshot(entry), anchor=entry.forum.plan)
    entry.delete()


@transaction.atomic
def suggestions_save(*, school, user, mapping: dict[str, list[str]]) -> None:
    """Replace the school's area → partner-kind suggestions (used for needs no partner covers)."""
    from mitra.partners.models import Area, Partner

    areas, kinds = set(Area.values), set(Partner.Kind.values)
    if any(a not in areas for a in mapping) or any(k not in kinds for ks in mapping.values() for k in ks):
        raise ValidationError(_("Choose areas and partner kinds from the lists."))
    before_text = "; ".join(f"{s.area}: {s.kind}" for s in KindSuggestion.objects.for_school(school))
    KindSuggestion.objects.for_school(school).delete()
    KindSuggestion.objects.bulk_create(
        [KindSuggestion(school=school, area=a, kind=k) for a, ks in mapping.items() for k in ks]
    )
    after_text = "; ".join(f"{a}: {k}" for a, ks in mapping.items() for k in ks)
    record(
        user=user,
        obj=school,
        action=Change.Action.UPDATE,
        before=snapshot(school),
        extra={"kind_suggestions": [before_text, after_text]},
    )
