"""Figures for the school dashboard, computed only over the school's own rows."""

from django.db.models import Count, Q

from mitra.activities.models import Activity
from mitra.activities.selectors import HAS_EVIDENCE
from mitra.evaluation.selectors import obstacle_list
from mitra.history.models import Change
from mitra.partners.models import Partner
from mitra.planning.models import Task
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
        "open_tasks": Task.objects.for_school(school).filter(assignee=access.user, done_at__isnull=True).count()
        + len(todos_for(access=access, user=access.user)),
        "open_obstacles": obstacle_list(access=access, open_only=True).count(),
        "recent": Change.objects.for_school(school).select_related("actor", "target_type")[:8],
    }
