"""Figures for the school dashboard, computed only over the school's own rows."""

from collections import Counter
from collections.abc import Callable, Mapping
from functools import cache

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


def school_figures(*, access) -> Pieces:
    school = access.school
    partners = Partner.objects.for_school(school).filter(archived_at__isnull=True)
    kind_labels = dict(Partner.Kind.choices)
    activities = Activity.objects.for_school(school)
    return Pieces(
        year=lambda: current_year(school),
        activities=lambda: activities.aggregate(
            done=Count("id", filter=Q(status=Activity.Status.DONE)),
            undocumented=Count("id", filter=Q(status=Activity.Status.DONE) & ~HAS_EVIDENCE),
            waiting=Count("id", filter=Q(review=Activity.Review.SUBMITTED)),
        ),
        partners=lambda: partners.aggregate(
            total=Count("id"),
            active=Count("id", filter=Q(status=Partner.Status.ACTIVE)),
            prospect=Count("id", filter=Q(status=Partner.Status.PROSPECT)),
            inactive=Count("id", filter=Q(status=Partner.Status.INACTIVE)),
            without_contact=Count("id", filter=Q(contacts__isnull=True)),
        ),
        by_kind=lambda: [
            {"kind": kind_labels.get(row["kind"], row["kind"]), "n": row["n"]}
            for row in partners.values("kind").annotate(n=Count("id")).order_by("-n", "kind")
        ],
        members=lambda: Membership.objects.filter(school=school, is_active=True).count(),
        open_tasks=lambda: (
            Task.objects.for_school(school).open().filter(assignee=access.user).count()
            + len(todos_for(access=access, user=access.user))
        ),
        open_obstacles=lambda: obstacle_list(access=access, open_only=True).count(),
        recent=lambda: Change.objects.for_school(school).select_related("actor", "target_type")[:8],
    )


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


def dashboard(*, access, today=None) -> Pieces:
    """The principal's weekly look, as pieces computed when first read; without a current school year
    only `year` (None) and `agreements`."""
    from mitra.reports.scope import Kind, Scope
    from mitra.reports.sections import implementation

    school = access.school
    today = today or timezone.localdate()
    year = current_year(school)
    if year is None:
        return Pieces(year=lambda: None, agreements=lambda: agreements_by_status(school=school, today=today))
    scope = Scope(access=access, kind=Kind.ANNUAL, year=year, today=today)
    counts = cache(lambda: implementation.activity_counts(scope))
    open_overdue = Task.objects.for_school(school).open().filter(due_date__lt=today)
    return Pieces(
        year=lambda: year,
        agreements=lambda: agreements_by_status(school=school, today=today),
        month_chart=lambda: implementation.month_chart(scope),
        area_chart=lambda: implementation.area_chart(scope) if counts()["done"] else None,
        documentation=lambda: {
            **counts(),
            "documented_share": share(counts()["documented"], counts()["done"]),
            "verified_share": share(counts()["verified"], counts()["done"]),
        },
        coverage=lambda: _coverage(scope),
        obstacles=lambda: list(obstacle_list(access=access, open_only=True)[:5]),
        overdue_tasks=lambda: list(open_overdue.select_related("assignee", "activity").order_by("due_date")[:5]),
        overdue_task_count=lambda: open_overdue.count(),
        evaluations_due=lambda: [d for d in plan_due(access=access, year=year, today=today) if d["day"] <= today][:5],
        indicators=lambda: indicator_progress(school=school, year=year),
        health=lambda: _health(school, today),
    )


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
