"""Per-school figures kept between visits, for the foundation's overview of many schools.

A school's kept figures are used while they are of today and no later than the school's last data
change (schools/freshness.py); otherwise they are computed again, for all such schools in one batch,
and kept. The daily run recomputes every school early in the morning, so that the first visit of
the day finds them ready."""

import datetime
from collections.abc import Callable

from django.utils import timezone

from mitra.reports.models import SchoolSummary
from mitra.schools.models import School


def _is_fresh(summary: SchoolSummary | None, school: School, today: datetime.date) -> bool:
    if summary is None or summary.computed_on != today:
        return False
    return school.data_changed_at is None or school.data_changed_at < summary.computed_at


def figures_of(
    schools: list[School], *, today: datetime.date, compute: Callable[[list[School], datetime.date], dict]
) -> dict[int, dict]:
    kept = {s.school_id: s for s in SchoolSummary.objects.for_schools(schools)}
    stale = [school for school in schools if not _is_fresh(kept.get(school.pk), school, today)]
    figures = {school_id: summary.figures for school_id, summary in kept.items()}
    if stale:
        # Taken before computing: a change saved meanwhile leaves these figures stale, as it should.
        began = timezone.now()
        fresh = compute(stale, today)
        SchoolSummary.all_schools.bulk_create(
            [
                SchoolSummary(school=school, figures=fresh[school.pk], computed_on=today, computed_at=began)
                for school in stale
            ],
            update_conflicts=True,
            unique_fields=["school"],
            update_fields=["figures", "computed_on", "computed_at"],
        )
        figures.update(fresh)
    return figures
