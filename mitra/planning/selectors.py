"""Reading the plan: the current plan of a year, the needs × partners matrix, the selection comparison."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.http import Http404

from mitra.partners.models import Partner, Potential
from mitra.planning.models import Candidate, Criterion, KindSuggestion, Need, Plan, Programme, Score, Task
from mitra.schools.selectors import by_school


def current_plans(*, schools) -> dict[int, Plan]:
    """{school id: the plan in force of the school's current school year}, for schools that have one."""
    return {
        plan.school_id: plan
        for plan in Plan.objects.for_schools(schools).filter(academic_year__is_current=True).in_force()
    }


def _overdue(tasks: QuerySet[Task], today) -> QuerySet[Task]:
    """Open, and the due day has passed: what "overdue" means, here once."""
    return tasks.open().filter(due_date__lt=today)


def overdue_tasks(*, school, today) -> QuerySet[Task]:
    """The school's overdue tasks."""
    return _overdue(Task.objects.for_school(school), today)


def open_tasks_of(*, school, user) -> QuerySet[Task]:
    """The school's open tasks that are the person's."""
    return Task.objects.for_school(school).open().filter(assignee=user)


def overdue_by_school(*, schools, today) -> dict[int, dict]:
    """{school id: {"n": its overdue tasks}}, in one grouped query."""
    return by_school(_overdue(Task.objects.for_schools(schools), today), n=Count("id"))


def plans_of(*, access) -> QuerySet[Plan]:
    return Plan.objects.for_school(access.school).select_related("academic_year")


def plan_get(*, access, plan_id: int) -> Plan:
    plan = plans_of(access=access).filter(pk=plan_id).first()
    if plan is None:
        raise Http404
    return plan


def latest_plan(*, access, academic_year) -> Plan | None:
    """The newest revision of a year's plan."""
    return plans_of(access=access).filter(academic_year=academic_year).order_by("-revision").first()


def plan_in_force(*, school, year) -> Plan | None:
    """The year's plan as it stands (Plan.objects.in_force says which)."""
    if year is None:
        return None
    return Plan.objects.for_school(school).filter(academic_year=year).in_force().select_related("academic_year").first()


def items_to_offer(model, *, school, keep=()):
    """The plan items other stages' forms offer (an activity's programme, an agreement's goals…): each
    live item once, from the plans in force of the current school year and the years after it, plus
    the items a record being edited already links to."""
    from mitra.planning.revisions import ITEMS
    from mitra.schools.services import current_year

    path = ITEMS[model]
    plans = Plan.objects.for_school(school).in_force()
    year = current_year(school)
    if year is not None:
        plans = plans.filter(academic_year__start_date__gte=year.start_date)
    keep = [pk for pk in keep if pk]
    return (
        model.objects.for_school(school)
        .filter(Q(**{f"{path}__in": plans}) | Q(pk__in=keep))
        .select_related(f"{path}__academic_year")
        .order_by(f"{path}__academic_year__start_date", *model._meta.ordering)
    )


def plan_of_item(item) -> Plan:
    from mitra.planning.revisions import ITEMS

    for step in ITEMS[type(item)].split("__"):
        item = getattr(item, step)
    return item


def with_agreements(items, *, plan: Plan) -> list:
    """The items, each with `shown_agreements`: its agreements, or, in a revision in the making, those
    of its copy in the plan in force (the links move to the revision when it is approved)."""
    from mitra.planning.revisions import ITEMS

    items = list(items)
    running = plan_in_force(school=plan.school, year=plan.academic_year)
    if not items or running is None or running.pk == plan.pk:
        for item in items:
            item.shown_agreements = list(item.agreements.all())
        return items
    model = type(items[0])
    copies = (
        model.objects.for_school(plan.school)
        .filter(**{ITEMS[model]: running}, identity__in=[item.identity for item in items])
        .prefetch_related("agreements")
    )
    found = {copy.identity: list(copy.agreements.all()) for copy in copies}
    for item in items:
        item.shown_agreements = found.get(item.identity, [])
    return items


def plan_counts(*, plan: Plan) -> dict:
    """How far each step has come, for the plan's overview."""
    school = plan.school
    from mitra.planning.models import Forum, Goal, Indicator, PlannedActivity

    return {
        "goals": Goal.objects.for_school(school).filter(plan=plan).count(),
        "indicators": Indicator.objects.for_school(school).filter(goal__plan=plan).count(),
        "needs": Need.objects.for_school(school).filter(plan=plan).count(),
        "selected": Candidate.objects.for_school(school)
        .filter(need__plan=plan, decision=Candidate.Decision.SELECTED)
        .count(),
        "programmes": Programme.objects.for_school(school).filter(plan=plan).count(),
        "activities": PlannedActivity.objects.for_school(school).filter(programme__plan=plan).count(),
        # Forums belong to the year's plan in force (they move with an approved revision).
        "forums": Forum.objects.for_school(school)
        .filter(plan__academic_year=plan.academic_year)
        .exclude(plan__status=Plan.Status.SUPERSEDED)
        .count(),
    }


def goals_of(*, access, plan: Plan):
    from mitra.planning.models import Goal, Indicator, Value

    return (
        Goal.objects.for_school(access.school)
        .filter(plan=plan)
        .prefetch_related(
            Prefetch("values", queryset=Value.objects.for_school(access.school)),
            Prefetch("indicators", queryset=Indicator.objects.for_school(access.school).select_related("responsible")),
            "agreements",
        )
    )


# --- The needs × partners matrix ----------------------------------------------------------------

SELECTED, CANDIDATE, POTENTIAL = "selected", "candidate", "potential"
_RANK = {SELECTED: 3, CANDIDATE: 2, POTENTIAL: 1}


@dataclass
class CoverageRow:
    need: Need
    cells: dict[int, str] = field(default_factory=dict)  # partner id -> SELECTED | CANDIDATE | POTENTIAL
    suggestions: list[str] = field(default_factory=list)  # partner kinds, for a need no one covers

    @property
    def strength(self) -> str:
        """strong: a partner is selected for it or works on it in a programme; possible: someone could;
        none: no partner of the school offers anything in its area."""
        if SELECTED in self.cells.values():
            return "strong"
        return "possible" if self.cells else "none"

    def cell(self, partner_id: int) -> str:
        return self.cells.get(partner_id, "")


def _mark(row: CoverageRow, partner_id: int, state: str) -> None:
    if _RANK[state] > _RANK.get(row.cells.get(partner_id, ""), 0):
        row.cells[partner_id] = state


def coverage_matrix(*, access, plan: Plan) -> dict:
    school = access.school
    rows = [CoverageRow(need=n) for n in Need.objects.for_school(school).filter(plan=plan)]
    partners = {p.pk: p for p in Partner.objects.for_school(school).filter(archived_at__isnull=True)}
    by_area: dict[str, set[int]] = {}
    for area, partner_id in Potential.objects.for_school(school).values_list("area", "partner_id"):
        if partner_id in partners:
            by_area.setdefault(area, set()).add(partner_id)
    candidates = (
        Candidate.objects.for_school(school).filter(need__plan=plan).exclude(decision=Candidate.Decision.REJECTED)
    )
    chosen = {(c.need_id, c.partner_id): c.decision for c in candidates}
    programme_links = Programme.needs.through.objects.filter(
        programme__plan=plan, programme__school=school
    ).values_list("need_id", "programme_id")
    partners_of_programme: dict[int, set[int]] = {}
    for programme_id, partner_id in Programme.partners.through.objects.filter(
        programme__plan=plan, programme__school=school
    ).values_list("programme_id", "partner_id"):
        partners_of_programme.setdefault(programme_id, set()).add(partner_id)
    working_on: dict[int, set[int]] = {}
    for need_id, programme_id in programme_links:
        working_on.setdefault(need_id, set()).update(partners_of_programme.get(programme_id, set()))
    suggestions: dict[str, list[str]] = {}
    for suggestion in KindSuggestion.objects.for_school(school):
        suggestions.setdefault(suggestion.area, []).append(suggestion.get_kind_display())
    for row in rows:
        need = row.need
        for partner_id in by_area.get(need.area, ()):
            _mark(row, partner_id, POTENTIAL)
        for (need_id, partner_id), decision in chosen.items():
            if need_id == need.pk and partner_id in partners:
                _mark(row, partner_id, SELECTED if decision == Candidate.Decision.SELECTED else CANDIDATE)
        for partner_id in working_on.get(need.pk, ()):
            if partner_id in partners:
                _mark(row, partner_id, SELECTED)
        if not row.cells:
            row.suggestions = suggestions.get(need.area, [])
    columns = sorted({pid for row in rows for pid in row.cells}, key=lambda pid: partners[pid].name.casefold())
    return {
        "partners": [partners[pid] for pid in columns],
        "rows": rows,
        "uncovered": [row for row in rows if row.strength == "none"],
    }


# --- Selection ----------------------------------------------------------------------------------


@dataclass
class Assessment:
    candidate: Candidate
    scores: dict[int, int]
    total: Decimal | None


def selection_for(*, access, need: Need) -> dict:
    criteria = list(Criterion.objects.for_school(access.school))
    candidates = (
        Candidate.objects.for_school(access.school)
        .filter(need=need)
        .select_related("partner")
        .prefetch_related(Prefetch("scores", queryset=Score.objects.for_school(access.school)))
    )
    assessments = [
        Assessment(c, scores := {s.criterion_id: s.score for s in c.scores.all()}, weighted_score(scores, criteria))
        for c in candidates
    ]
    assessments.sort(key=lambda a: (a.total is None, -(a.total or 0), a.candidate.partner.name))
    return {"criteria": criteria, "assessments": assessments, "weight_total": sum(c.weight for c in criteria)}


# --- The work plan: occurrences, calendar, timeline ---------------------------------------------


def _add_months(day, months: int):
    import calendar

    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def occurrences(activity, first, last) -> list:
    """The days in [first, last] on which a planned activity takes place (a range counts by its first day)."""
    import datetime

    from mitra.planning.models import PlannedActivity

    S = PlannedActivity.Schedule
    start, end = activity.start_date, activity.end_date or activity.start_date
    if activity.schedule in (S.DATE, S.RANGE):
        days = [start]
    elif activity.schedule == S.WEEKLY:
        offset = max(0, (first - start).days // 7)
        day, days = start + datetime.timedelta(weeks=offset), []
        while day <= min(end, last):
            days.append(day)
            day += datetime.timedelta(weeks=1)
    else:
        step = 1 if activity.schedule == S.MONTHLY else 6
        days, n = [], 0
        while (day := _add_months(start, n * step)) <= end:
            days.append(day)
            n += 1
    return [d for d in days if first <= d <= last]


def activities_of(*, access, plan):
    from mitra.planning.models import Indicator, PlannedActivity, Task

    return (
        PlannedActivity.objects.for_school(access.school)
        .filter(programme__plan=plan)
        .select_related("programme", "owner")
        .prefetch_related(
            Prefetch("tasks", queryset=Task.objects.for_school(access.school).select_related("assignee")),
            Prefetch("indicators", queryset=Indicator.objects.for_school(access.school)),
        )
    )


def month_calendar(*, access, plan, year: int, month: int) -> dict:
    """Weeks (Monday first) of a month, each day with the planned activities on it."""
    import calendar
    import datetime

    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    first, last = weeks[0][0], weeks[-1][-1]
    on_day: dict = {}
    for activity in activities_of(access=access, plan=plan).filter(start_date__lte=last):
        for day in occurrences(activity, first, last):
            on_day.setdefault(day, []).append(activity)
    this = datetime.date(year, month, 1)
    return {
        "month": this,
        "previous": _add_months(this, -1),
        "next": _add_months(this, 1),
        "weeks": [
            [{"day": d, "in_month": d.month == month, "activities": on_day.get(d, [])} for d in week] for week in weeks
        ],
    }


def timeline(*, access, plan) -> dict:
    """A Gantt-like view over the school year: one row per activity, a bar from its first to its last
    day as percentages of the year, and one mark per occurrence for repeating activities."""
    year = plan.academic_year
    first, last = year.start_date, year.end_date
    span = (last - first).days + 1
    months = []
    day = first.replace(day=1)
    while day <= last:
        months.append({"label": day, "left": max(0, (day - first).days) * 100 / span})
        day = _add_months(day, 1)
    rows = []
    for activity in activities_of(access=access, plan=plan):
        start = max(activity.start_date, first)
        end = min(activity.end_date or activity.start_date, last)
        rows.append(
            {
                "activity": activity,
                "left": round((start - first).days * 100 / span, 2),
                "width": round(max(1, (end - start).days + 1) * 100 / span, 2),
                "marks": [round((d - first).days * 100 / span, 2) for d in occurrences(activity, first, last)]
                if activity.is_recurring
                else [],
            }
        )
    return {"months": months, "rows": rows}


def tasks_for(*, access, user):
    from mitra.planning.models import Task

    return (
        Task.objects.for_school(access.school)
        .filter(assignee=user)
        .select_related("activity__programme__plan__academic_year")
        .order_by(F("ended_at").asc(nulls_first=True), "done_at", "due_date", "id")
    )


def work_plan(*, access, plan) -> dict:
    """Programmes with their goals, needs, partners and activities, and the budget by source."""
    from collections import defaultdict

    from mitra.planning.models import PlannedActivity

    activities = list(activities_of(access=access, plan=plan))
    running = plan_in_force(school=access.school, year=plan.academic_year)
    if running is not None and running.pk != plan.pk:
        # A revision in the making shows the tasks of the plan in force; they move to it on approval.
        from mitra.planning.models import Task

        tasks = defaultdict(list)
        for task in (
            Task.objects.for_school(access.school)
            .filter(activity__programme__plan=running)
            .select_related("assignee", "activity")
        ):
            tasks[task.activity.identity].append(task)
        for activity in activities:
            activity.shown_tasks = tasks.get(activity.identity, [])
    else:
        for activity in activities:
            activity.shown_tasks = list(activity.tasks.all())
    by_programme = defaultdict(list)
    budget = defaultdict(Decimal)
    for activity in activities:
        by_programme[activity.programme_id].append(activity)
        budget[activity.budget_source] += activity.budget
    programmes = (
        Programme.objects.for_school(access.school)
        .filter(plan=plan)
        .prefetch_related("goals", "needs", "partners", "agreements")
    )
    labels = dict(PlannedActivity.BudgetSource.choices)
    return {
        "programmes": [
            {"programme": p, "activities": by_programme.get(p.pk, [])} for p in with_agreements(programmes, plan=plan)
        ],
        "budget": [{"source": labels[k], "amount": v} for k, v in budget.items()],
        "budget_total": sum(budget.values(), Decimal(0)),
    }


def forum_timeline_entries(*, access, partner):
    """The socialization forums a partner was invited to, for the partner's timeline."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from mitra.partners.timeline import Entry
    from mitra.planning.models import Forum

    forums = Forum.objects.for_school(access.school).filter(partners=partner).select_related("plan")
    can_open = access.can("planning.view")
    return [
        Entry(
            date=f.date,
            kind=_("Socialization forum"),
            title=f.title,
            note=f.place,
            url=reverse(
                "planning:forum", kwargs={"school_id": access.school.pk, "plan_id": f.plan_id, "forum_id": f.pk}
            )
            if can_open
            else "",
        )
        for f in forums
    ]


def plan_item_timeline_entries(*, access, partner):
    """The work plan's activities of programmes the partner takes part in, for the partner's timeline."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from mitra.partners.timeline import Entry
    from mitra.planning.models import PlannedActivity

    if not access.can("planning.view"):
        return []  # the work plan is the school's own; a partner representative sees what was done
    planned = (
        PlannedActivity.objects.for_school(access.school)
        .filter(programme__partners=partner, programme__plan__in=Plan.objects.for_school(access.school).in_force())
        .select_related("programme")
        .distinct()
    )
    return [
        Entry(
            date=p.start_date,
            kind=_("Work plan"),
            title=p.title,
            note=p.programme.name,
            url=reverse("planning:programmes", kwargs={"school_id": access.school.pk, "plan_id": p.programme.plan_id}),
        )
        for p in planned
    ]


def weighted_score(scores: dict[int, int], criteria: list[Criterion]) -> Decimal | None:
    """Σ(weight × score) / Σ(weight) over the scored criteria, on the 1–5 scale; None with no score."""
    pairs = [(c.weight, scores[c.pk]) for c in criteria if c.pk in scores]
    total_weight = sum(w for w, _s in pairs)
    if not pairs or total_weight == 0:
        return None
    return (Decimal(sum(w * s for w, s in pairs)) / Decimal(total_weight)).quantize(Decimal("0.01"))


# --- A period of the plan, as a report tells it --------------------------------------------------


def goals_with_values(*, school, plan: Plan):
    """The plan's goals, each with the values it rests on (and nothing more: a report's table)."""
    from mitra.planning.models import Goal, Value

    return (
        Goal.objects.for_school(school)
        .filter(plan=plan)
        .prefetch_related(Prefetch("values", queryset=Value.objects.for_school(school)))
    )


def planned_activities(*, school, plan: Plan, partner=None):
    """The plan's planned activities in date order, with their programme; with a partner, those of
    the programmes the partner takes part in."""
    from mitra.planning.models import PlannedActivity

    planned = (
        PlannedActivity.objects.for_school(school)
        .filter(programme__plan=plan)
        .select_related("programme")
        .order_by("start_date", "title")
    )
    if partner is not None:
        planned = planned.filter(programme__partners=partner)
    return planned


def forums_in(*, school, start, end, partner=None):
    """The socialization forums held in the period, each with `present` (its attendance); with a
    partner, those the partner took part in."""
    from mitra.planning.models import Forum

    forums = (
        Forum.objects.for_school(school)
        .filter(date__gte=start, date__lte=end)
        .annotate(present=Count("attendance"))
        .order_by("date", "id")
    )
    if partner is not None:
        forums = forums.filter(partners=partner)
    return forums


def audience_labels() -> dict:
    """{forum audience: its name as people read it}."""
    from mitra.planning.models import Forum

    return dict(Forum.Audience.choices)


def indicators_of_plan(*, school, plan):
    """The plan's indicators in the order of their goals, each with its goal, the goal's values and
    the person responsible."""
    from mitra.planning.models import Indicator

    return (
        Indicator.objects.for_school(school)
        .filter(goal__plan=plan)
        .select_related("goal", "responsible")
        .prefetch_related("goal__values")
        .order_by("goal__position", "goal_id", "id")
    )


def needs_of_plan(*, school, plan):
    """The plan's needs, the most pressing first."""
    return Need.objects.for_school(school).filter(plan=plan).order_by("-priority", "title")


def forums_of_plan_year(*, school, plan):
    """The forums of the plan's school year, each with `present`. Forums belong to the year's plan
    in force and move with an approved revision: a revision lists those of its year (as its page
    does), a replaced revision none of them."""
    from mitra.planning.models import Forum

    return (
        Forum.objects.for_school(school)
        .filter(plan__academic_year=getattr(plan, "academic_year", None))
        .exclude(plan__status="superseded")
        .annotate(present=Count("attendance"))
        .order_by("date", "id")
    )


# --- The partner finder: which partner can meet this need ------------------------------------------


def partner_finder(*, access, area: str, plan: Plan | None = None) -> dict:
    """For a need in `area`: the school's partners who said they can offer something there (what, and
    whether they are already chosen for a need of the plan), then its other partners of the kinds
    that usually help in that area (schools' suggestions), and the kinds the school has no partner of."""
    school = access.school
    partners = Partner.objects.for_school(school).filter(archived_at__isnull=True)
    offers = list(
        Potential.objects.for_school(school)
        .filter(area=area, partner__in=partners)
        .select_related("partner")
        .order_by("partner__name")
    )
    chosen: set[int] = set()
    if plan is not None:
        chosen = set(
            Candidate.objects.for_school(school)
            .filter(need__plan=plan, decision=Candidate.Decision.SELECTED)
            .values_list("partner_id", flat=True)
        )
    kinds = list(KindSuggestion.objects.for_school(school).filter(area=area).values_list("kind", flat=True))
    offering = {offer.partner_id for offer in offers}
    of_kind = list(partners.filter(kind__in=kinds).exclude(pk__in=offering).order_by("name"))
    labels = dict(Partner.Kind.choices)
    present = {p.kind for p in of_kind} | {o.partner.kind for o in offers}
    return {
        "offers": [{"partner": o.partner, "offer": o.description, "chosen": o.partner_id in chosen} for o in offers],
        "of_kind": of_kind,
        "missing_kinds": [labels[k] for k in kinds if k not in present and k in labels],
        "kinds": [labels[k] for k in kinds if k in labels],
    }
