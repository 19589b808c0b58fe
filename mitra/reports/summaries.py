"""Per-school figures kept between visits, for the foundation's overview of many schools.

A school's kept figures are used while they are of today and no later than the school's last data
change (schools/freshness.py); otherwise they are computed again, for all such schools in one batch,
and kept. The daily run recomputes every school early in the morning, so that the first visit of
the day finds them ready."""

import datetime
from collections.abc import Callable

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from mitra.reports.models import SchoolSummary

Compute = Callable[[list, datetime.date], dict[int, dict]]  # the stale schools, the day


def _compute_and_keep(stale: list, today: datetime.date, compute: Compute) -> None:
    # Taken before computing: a change saved meanwhile leaves these figures stale, as it should.
    began = timezone.now()
    fresh = compute(stale, today)
    SchoolSummary.objects.bulk_create(
        [
            SchoolSummary(school=school, figures=fresh[school.pk], computed_on=today, computed_at=began)
            for school in stale
        ],
        update_conflicts=True,
        unique_fields=["school"],
        update_fields=["figures", "computed_on", "computed_at"],
    )


def keep_fresh(schools: QuerySet, *, today: datetime.date, compute: Compute, fields: tuple[str, ...]) -> int:
    """Compute again the figures of those of `schools` whose kept ones are missing, of another day, or
    older than the school's last change, so that the caller can read, sort and page the kept
    figures there instead of loading every school. Returns how many were computed."""
    of_today = SchoolSummary.objects.for_school(OuterRef("pk")).filter(computed_on=today)
    stale = list(
        schools.exclude(Exists(of_today.filter(computed_at__gt=OuterRef("data_changed_at"))))
        .exclude(Q(data_changed_at__isnull=True) & Exists(of_today))
        .only(*fields)
    )
    if stale:
        _compute_and_keep(stale, today, compute)
    return len(stale)
