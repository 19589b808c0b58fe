"""Figures for the school dashboard, computed only over the school's own rows."""

from collections import Counter
from collections.abc import Callable, Mapping
from functools import cache

from django.utils import timezone

from mitra.activities.selectors import activity_figures
from mitra.agreements.selectors import agreements_by_status
from mitra.evaluation.partnership import health_of
from mitra.evaluation.results import indicator_progress
from mitra.evaluation.selectors import obstacle_list, plan_due
from mitra.history.selectors import recent_changes
from mitra.partners.selectors import active_partners, partner_counts, partners_by_kind
from mitra.planning.selectors import coverage_matrix, open_tasks_of, overdue_tasks
from mitra.reports.numbers import share
from mitra.schools.selectors import active_members, counts
from mitra.schools.services import current_year
from mitra.schools.todo import pending


class Pieces(Mapping):
    """Figures computed one by one when first read: the dashboard is kept in parts by the kinds of data
    they show ({% kept %}), and a part computed again reads only its own figures."""

    def __init__(self, **makers: Callable[[], object]):
        self._makers, self._made = makers, {}

    def __getitem__(self, name):
        if name not in self._made:
            self._made[name] = self._makers[name]()
        return self._made[name]

    def __iter__(self):
        return iter(self._makers)

    def __len__(self):
        return len(self._makers)


def school_figures(*, access, read_year: Callable[[], object] | None = None) -> Pieces:
    """The school's own figures (`read_year`: reads the current school year, once, where the page
    shares it with `dashboard`)."""
    school = access.school
    read_year = read_year or cache(lambda: current_year(school))

    def own_counts() -> dict:
        # The person's own cards, their to-dos of every stage included, in one query.
        todos, more = pending(access=access, user=access.user, year=read_year())
        found = counts(
            school=school,
            members=active_members(school=school),
            open_tasks=open_tasks_of(school=school, user=access.user),
            open_obstacles=obstacle_list(access=access, open_only=True),
            **todos,
        )
        return {**found, "open_tasks": found["open_tasks"] + more + sum(found[name] for name in todos)}

    own = cache(own_counts)
    return Pieces(
        year=read_year,
        activities=lambda: activity_figures(school=school),
        partners=lambda: partner_counts(school=school),
        by_kind=lambda: partners_by_kind(school=school),
        members=lambda: own()["members"],
        open_tasks=lambda: own()["open_tasks"],
        open_obstacles=lambda: own()["open_obstacles"],
        recent=lambda: recent_changes(school=school, limit=8),
    )


# --- The principal's weekly look: the cycle's state on one page ----------------------------------


def dashboard(*, access, today=None, read_year: Callable[[], object] | None = None) -> Pieces:
    """The principal's weekly look, as pieces computed when first read (`read_year`: as in
    `school_figures`).
    Without a current school year only what does not depend on one: `year` (None), the agreements,
    the open obstacles and the partnerships' health (which counts the last twelve months)."""
    from mitra.reports.scope import Kind, Scope
    from mitra.reports.sections import implementation

    school = access.school
    today = today or timezone.localdate()
    year = read_year() if read_year else current_year(school)
    any_year = {
        "year": lambda: year,
        "agreements": lambda: agreements_by_status(school=school, today=today),
        "obstacles": lambda: list(obstacle_list(access=access, open_only=True)[:5]),
        "health": lambda: _health(school, today),
    }
    if year is None:
        return Pieces(**any_year)
    scope = Scope(access=access, kind=Kind.ANNUAL, year=year, today=today)
    counts = cache(lambda: implementation.activity_counts(scope))
    open_overdue = overdue_tasks(school=school, today=today)
    due_now = cache(lambda: [d for d in plan_due(access=access, year=year, today=today) if d["day"] <= today])
    return Pieces(
        **any_year,
        month_chart=lambda: implementation.month_chart(scope),
        area_chart=lambda: implementation.area_chart(scope) if counts()["done"] else None,
        documentation=lambda: {
            **counts(),
            "documented_share": share(counts()["documented"], counts()["done"]),
            "verified_share": share(counts()["verified"], counts()["done"]),
        },
        coverage=lambda: _coverage(scope),
        overdue_tasks=lambda: list(open_overdue.select_related("assignee", "activity").order_by("due_date")[:5]),
        overdue_task_count=lambda: open_overdue.count(),
        evaluations_due=lambda: due_now()[:5],
        evaluations_due_count=lambda: len(due_now()),
        indicators=lambda: indicator_progress(school=school, year=year),
    )


def _coverage(scope) -> dict | None:
    if scope.plan is None:
        return None
    matrix = coverage_matrix(access=scope.access, plan=scope.plan)
    counts = Counter(row.strength for row in matrix["rows"])
    return {"plan": scope.plan, "total": len(matrix["rows"]), "counts": counts, "uncovered": matrix["uncovered"][:5]}


def _health(school, today) -> list[dict]:
    partners = list(active_partners(school=school).order_by("name"))
    found = health_of(school=school, partner_ids=[p.pk for p in partners], today=today)
    rows = [{"partner": p, "score": found[p.pk].score} for p in partners]
    rows.sort(key=lambda r: (r["score"] is None, r["score"] if r["score"] is not None else 0, r["partner"].name))
    return rows  # weakest first: the ones to look at
