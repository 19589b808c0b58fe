"""Figures for the school dashboard, computed only over the school's own rows."""

from collections import Counter

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from mitra.activities.models import Activity
from mitra.activities.selectors import HAS_EVIDENCE
from mitra.agreements.models import Agreement, Party
from mitra.agreements.status import IN_FORCE, Status, renewal_note, replaced_q, status_of
from mitra.evaluation.partnership import health_of
from mitra.evaluation.results import indicator_progress
from mitra.evaluation.selectors import obstacle_list, plan_due
from mitra.history.models import Change
from mitra.partners.models import Partner
from mitra.planning.models import Task
from mitra.planning.selectors import coverage_matrix
from mitra.reports.numbers import share
from mitra.schools.models import Membership
from mitra.schools.services import current_year
from mitra.schools.todo import todos_for


def school_figures(*, access) -> dict:
    school = access.school
    partners = Partner.objects.for_school(school).filter(archived_at__isnull=True)
    by_status = partners.aggregate(
        total=Count("id"),
        active=Count("id", filter=Q(status=Partner.Status.ACTIVE)),
        prospect=Count("id", filter=Q(status=Partner.Status.PROSPECT)),
        inactive=Count("id", filter=Q(status=Partner.Status.INACTIVE)),
        without_contact=Count("id", filter=Q(contacts__isnull=True)),
    )
    kind_labels = dict(Partner.Kind.choices)
    by_kind = [
        {"kind": kind_labels.get(row["kind"], row["kind"]), "n": row["n"]}
        for row in partners.values("kind").annotate(n=Count("id")).order_by("-n", "kind")
    ]
    activities = Activity.objects.for_school(school)
    return {
        "year": current_year(school),
        "activities": activities.aggregate(
            done=Count("id", filter=Q(status=Activity.Status.DONE)),
            undocumented=Count("id", filter=Q(status=Activity.Status.DONE) & ~HAS_EVIDENCE),
            waiting=Count("id", filter=Q(review=Activity.Review.SUBMITTED)),
        ),
        "partners": by_status,
        "by_kind": by_kind,
        "members": Membership.objects.filter(school=school, is_active=True).count(),
        "open_tasks": Task.objects.for_school(school).open().filter(assignee=access.user).count()
        + len(todos_for(access=access, user=access.user)),
        "open_obstacles": obstacle_list(access=access, open_only=True).count(),
        "recent": Change.objects.for_school(school).select_related("actor", "target_type")[:8],
    }


# --- The principal's weekly look: the cycle's state on one page ----------------------------------

AGREEMENT_ORDER = [
    Status.EXPIRING,
    Status.EXPIRED,
    Status.PENDING,
    Status.ACTIVE,
    Status.RENEWED,
    Status.REVIEW,
    Status.DRAFT,
]


def agreements_by_status(*, school, today) -> dict:
    """Every agreement that counts (each once: a version replaced by a signed addendum does not),
    the ones needing attention first: expiring, then expired. Terminated ones are left out unless
    still in force (a termination that takes effect later). `in_force` is the count of the
    agreements in force today (agreements/status.py), the same as the foundation's row."""
    found = (
        Agreement.objects.for_school(school)
        .exclude(replaced_q())
        .select_related("renewed_by", "next_version")
        .prefetch_related(Prefetch("parties", queryset=Party.objects.for_school(school).select_related("partner")))
    )
    rows = [
        {"agreement": a, "status": status, "note": renewal_note(a, today)}
        for a in found
        if (status := status_of(a, today)) != Status.TERMINATED
    ]
    rank = {status: i for i, status in enumerate(AGREEMENT_ORDER)}
    rows.sort(key=lambda r: (rank.get(r["status"], 99), r["agreement"].end_date))
    counts = Counter(r["status"] for r in rows)
    return {
        "rows": rows[:8],
        "more": max(0, len(rows) - 8),
        "counts": [{"status": s, "n": counts[s]} for s in AGREEMENT_ORDER if counts[s]],
        "in_force": sum(counts[s] for s in IN_FORCE),
    }


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
            Task.objects.for_school(school)
            .open()
            .filter(due_date__lt=today)
            .select_related("assignee", "activity")
            .order_by("due_date")[:5]
        ),
        "overdue_task_count": Task.objects.for_school(school).open().filter(due_date__lt=today).count(),
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
    partners = list(
        Partner.objects.for_school(school)
        .filter(archived_at__isnull=True, status=Partner.Status.ACTIVE)
        .order_by("name")
    )
    found = health_of(school=school, partner_ids=[p.pk for p in partners], today=today)
    rows = [{"partner": p, "score": found[p.pk].score} for p in partners]
    rows.sort(key=lambda r: (r["score"] is None, r["score"] if r["score"] is not None else 0, r["partner"].name))
    return rows  # weakest first: the ones to look at
