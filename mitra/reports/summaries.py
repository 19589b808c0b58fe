"""Per-school figures kept between visits, for the foundation's overview of many schools.

A school's kept figures are used while they are of today and no data of a kind they show has changed
since (schools/freshness.py: the largest mark id read before computing is kept with them, and a mark
of one of those kinds with a larger id makes them stale); otherwise they are computed again, for all
such schools in one batch, and kept. The daily run recomputes every school early in the morning, so that the first visit of
the day finds them ready."""

import datetime
from collections.abc import Callable

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from mitra.reports.models import SchoolSummary
from mitra.schools import freshness

Compute = Callable[[list, datetime.date], dict[int, dict]]  # the stale schools, the day


def _compute_and_keep(stale: list, today: datetime.date, compute: Compute) -> None:
    # Both taken before computing: a change saved meanwhile leaves these figures stale, as it should.
    began, seen = timezone.now(), freshness.newest()
    fresh = compute(stale, today)
    SchoolSummary.objects.bulk_create(
        [
            SchoolSummary(school=school, figures=fresh[school.pk], computed_on=today, computed_at=began, mark=seen)
            for school in stale
        ],
        update_conflicts=True,
        unique_fields=["school"],
        update_fields=["figures", "computed_on", "computed_at", "mark"],
    )


def keep_fresh(schools: QuerySet, *, today: datetime.date, compute: Compute, fields: tuple[str, ...], kinds) -> int:
    """Compute again the figures of those of `schools` whose kept ones are missing, of another day, or
    older than a change of one of `kinds` (the kinds of data they show), so that the caller can read,
    sort and page the kept figures there instead of loading every school. Returns how many were
    computed."""
    changed = freshness.changed_since(school_ref="school_id", kinds=kinds, mark_ref="mark")
    fresh = SchoolSummary.objects.for_school(OuterRef("pk")).filter(computed_on=today).exclude(Exists(changed))
    stale = list(schools.exclude(Exists(fresh)).only(*fields))
    if stale:
        _compute_and_keep(stale, today, compute)
    return len(stale)
