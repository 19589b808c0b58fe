"""Per-school figures kept between visits, for the foundation's overview of many schools.

The figures are a table of `Figures`: a few figures computed together for many schools at once, and
the kinds of data (schools/freshness.py) they show. A school's kept figures are used while they are of
today and no data of a kind they show has changed since: the largest mark id read before computing is
kept with them, and a mark of one of those kinds with a larger id makes them stale. Then only the
figures that show a kind changed since are computed again (one activity recorded leaves the agreements
and the overdue tasks as they were kept), for all such schools in one batch per `Figures`, and kept
with the others; figures of another day, or of a school never computed, are computed whole. The daily
run recomputes every school early in the morning, so that the first visit of the day finds them ready.

Computing again only what changed adds one case to those of schools/freshness.py's "Commit order": on
PostgreSQL, a change committed while the figures were being computed can be missed by them until its
second mark (drawn after its commit) is visible. Computing everything reads the data itself and cannot
miss it; computing a part asks the marks which kinds changed, and a mark with a smaller id than the
kept one that becomes visible later says nothing. The second mark is larger than any id read before
the change was visible, so the figures are stale again as soon as it is, unless a mark larger still
committed before it and a visit computed in that instant, the same window and the same bound (the next
change of that kind, or the day's end) as a lost second mark."""

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from mitra.reports.models import SchoolSummary
from mitra.schools import freshness


@dataclass(frozen=True)
class Figures:
    """Figures computed together: their keys, the kinds of data they show, and how to compute them for
    a list of schools on a day ({school id: {key: plain number or None}}, every school given)."""

    keys: tuple[str, ...]
    kinds: frozenset[str]
    compute: Callable[[list, datetime.date], dict[int, dict]]


def compute(table: Sequence[Figures], schools: list, today: datetime.date) -> dict[int, dict]:
    """Every figure of the table for each school, computed afresh."""
    figures = {school.pk: {} for school in schools}
    for part in table:
        values = part.compute(schools, today)
        for school in schools:
            figures[school.pk].update(values[school.pk])
    return figures


def _compute_and_keep(stale: list, today: datetime.date, table: Sequence[Figures]) -> None:
    # Both taken before computing: a change saved meanwhile leaves these figures stale, as it should.
    began, seen = timezone.now(), freshness.newest()
    every_kind = frozenset().union(*(part.kinds for part in table))
    every_key = {key for part in table for key in part.keys}
    rows = SchoolSummary.objects.for_schools(stale).filter(computed_on=today).values_list("school", "figures", "mark")
    # Figures of today kept by code with fewer figures are computed whole.
    kept = {school_id: (figures, mark) for school_id, figures, mark in rows if every_key <= figures.keys()}
    changed = freshness.changed_kinds({school_id: mark for school_id, (_f, mark) in kept.items()}, kinds=every_kind)
    # What to compute again for each school: what shows a kind changed since its kept figures, or all.
    # (None: all of them.)
    asked = {school.pk: changed.get(school.pk) for school in stale}
    figures = {school.pk: dict(kept[school.pk][0]) if asked[school.pk] else {} for school in stale}
    for part in table:
        needing = [school for school in stale if not asked[school.pk] or part.kinds & asked[school.pk]]
        if needing:
            values = part.compute(needing, today)
            for school in needing:
                figures[school.pk].update(values[school.pk])
    SchoolSummary.objects.bulk_create(
        [
            SchoolSummary(school=school, figures=figures[school.pk], computed_on=today, computed_at=began, mark=seen)
            for school in stale
        ],
        update_conflicts=True,
        unique_fields=["school"],
        update_fields=["figures", "computed_on", "computed_at", "mark"],
    )


def keep_fresh(schools: QuerySet, *, today: datetime.date, table: Sequence[Figures], fields: tuple[str, ...]) -> int:
    """Compute again the figures of those of `schools` whose kept ones are missing, of another day, or
    older than a change of a kind of data the table shows (only the figures that show a kind changed
    since, when they are of today), so that the caller can read, sort and page the kept figures there
    instead of loading every school. Returns how many schools were computed."""
    kinds = frozenset().union(*(part.kinds for part in table))
    changed = freshness.changed_since(school_ref="school_id", kinds=kinds, mark_ref="mark")
    fresh = SchoolSummary.objects.for_school(OuterRef("pk")).filter(computed_on=today).exclude(Exists(changed))
    stale = list(schools.exclude(Exists(fresh)).only(*fields))
    if stale:
        _compute_and_keep(stale, today, table)
    return len(stale)
