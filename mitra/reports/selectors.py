"""Figures for the school dashboard, computed only over the school's own rows."""

from collections import Counter

from django.utils import timezone

from mitra.activities.selectors import activity_figures
from mitra.agreements.selectors import agreements_by_status
from mitra.evaluation.partnership import health_of
from mitra.evaluation.results import indicator_progress
from mitra.evaluation.selectors import obstacle_list, plan_due
from mitra.history.selectors import recent_changes
from mitra.partners.selectors import active_partners, partner_figures
from mitra.planning.selectors import coverage_matrix, open_task_count, overdue_tasks
from mitra.reports.numbers import share
from mitra.schools.selectors import active_member_count
from mitra.schools.services import current_year
from mitra.schools.todo import todos_for


def school_figures(*, access) -> dict:
    school = access.school
    return {
        "year": current_year(school),
        "activities": activity_figures(school=school),
        **partner_figures(school=school),
        "members": active_member_count(school=school),
        "open_tasks": open_task_count(school=school, user=access.user)
        + len(todos_for(access=access, user=access.user)),
        "open_obstacles": obstacle_list(access=access, open_only=True).count(),
        "recent": recent_changes(school=school, limit=8),
    }


# --- The principal's weekly look: the cycle's state on one page ----------------------------------


def dashboard(*, access, today=None) -> dict:
    from mitra.reports.scope import Kind, Scope
    from mitra.reports.sections import implementation

    school = access.school
    today = today or timezone.localdate()
    year = current_year(school)
    figures = {"agreements": agreements_by_status(school=school, today=today)}
    if year is None:
        return figures
    scope = Scope(access=access, kind=Kind.ANNUAL, year=year, today=today)
    counts = implementation.activity_counts(scope)
    figures |= {
        "month_chart": implementation.month_chart(scope),
        "area_chart": implementation.area_chart(scope) if counts["done"] else None,
        "documentation": {
            **counts,
            "documented_share": share(counts["documented"], counts["done"]),
            "verified_share": share(counts["verified"], counts["done"]),
        },
        "coverage": _coverage(scope),
        "obstacles": list(obstacle_list(access=access, open_only=True)[:5]),
        "overdue_tasks": list(
            overdue_tasks(school=school, today=today).select_related("assignee", "activity").order_by("due_date")[:5]
        ),
        "overdue_task_count": overdue_tasks(school=school, today=today).count(),
        "evaluations_due": [d for d in plan_due(access=access, year=year, today=today) if d["day"] <= today][:5],
        "indicators": indicator_progress(school=school, year=year),
        "health": _health(school, today),
    }
    return figures


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
