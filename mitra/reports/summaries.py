"""Per-school figures kept between visits, for the foundation's overview of many schools.

The figures are a table of `Part`s: a few figures computed together for many schools at once, and the
kinds of data (schools/freshness.py) they show. A school's kept figures are used while they are of
today and no data of a kind they show has changed since: the school's largest mark id, read before
computing, is kept with them, and a mark of one of those kinds with a larger id makes them stale. Then
only the parts that show a kind changed since are computed again (an activity recorded leaves the
agreements and the overdue tasks as kept), for all such schools in one batch per part; figures of
another day, of a school never computed, or kept by code with other figures are computed whole. The
daily run computes every school early in the morning, so that the first visit of the day finds them
ready.

Which kinds changed is told by the marks, read before computing. A part is kept only because no mark
of its kinds is newer than the kept one, and on PostgreSQL a mark can become visible after a larger
one (freshness.py, "Commit order"). So every write there marks twice, the second mark drawn once the
first is visible: a visit that read the marks before the first was visible kept the part under an id
smaller than the second, which then makes the figures stale for that kind. Left open: a second mark
overtaken by a larger mark of the same school that commits first, with a visit computing between the
two commits (two writers of one school and a foundation visit in the same instant). The part then
stays behind until the next change of its kind in that school, or the day's end."""

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from mitra.reports.models import SchoolSummary
from mitra.schools import freshness


@dataclass(frozen=True)
class Part:
    """Figures computed together: their keys, the kinds of data they show, and how to compute them for
    a list of schools on a day ({school id: {key: plain number or None}}, for every school given)."""

    keys: tuple[str, ...]
    kinds: frozenset[str]
    compute: Callable[[list, datetime.date], dict[int, dict]]


def kinds_of(table: Sequence[Part]) -> frozenset[str]:
    return frozenset().union(*(part.kinds for part in table))


def compute(table: Sequence[Part], schools: list, today: datetime.date, *, kinds=None, kept=None) -> dict[int, dict]:
    """Each school's figures: the parts that show one of the school's `kinds` (changed since its `kept`
    figures) computed again and the rest kept; every part for a school without kinds."""
    kinds, kept = kinds or {}, kept or {}
    figures = {school.pk: dict(kept.get(school.pk, {})) if kinds.get(school.pk) else {} for school in schools}
    for part in table:
        needing = [school for school in schools if not kinds.get(school.pk) or part.kinds & kinds[school.pk]]
        if needing:
            computed = part.compute(needing, today)
            for school in needing:
                figures[school.pk].update(computed[school.pk])
    return figures


def _compute_and_keep(stale: list, today: datetime.date, table: Sequence[Part]) -> None:
    # Taken before computing: a change saved meanwhile leaves these figures stale, as it should.
    began, states = timezone.now(), freshness.states([school.pk for school in stale])
    shown, keys = kinds_of(table), {key for part in table for key in part.keys}
    kept = {
        school_id: (figures, mark)
        for school_id, figures, mark in SchoolSummary.objects.for_schools(stale)
        .filter(computed_on=today)
        .values_list("school", "figures", "mark")
        if figures.keys() == keys
    }
    # The kinds changed since each school's kept figures (none: computed whole).
    changed = {
        school_id: {kind for kind, newest in states[school_id].items() if (newest or 0) > mark} & shown
        for school_id, (_figures, mark) in kept.items()
    }
    figures = compute(
        table, stale, today, kinds=changed, kept={school_id: figures for school_id, (figures, _mark) in kept.items()}
    )
    SchoolSummary.objects.bulk_create(
        [
            SchoolSummary(
                school=school,
                figures=figures[school.pk],
                computed_on=today,
                computed_at=began,
                mark=max((newest or 0 for newest in states[school.pk].values()), default=0),
            )
            for school in stale
        ],
        update_conflicts=True,
        unique_fields=["school"],
        update_fields=["figures", "computed_on", "computed_at", "mark"],
    )


def keep_fresh(schools: QuerySet, *, today: datetime.date, table: Sequence[Part], fields: tuple[str, ...]) -> int:
    """Compute again the figures of those of `schools` whose kept ones are missing, of another day, or
    older than a change of a kind of data the table shows (only the parts that show a kind changed
    since, when they are of today), so that the caller can read, sort and page the kept figures there
    instead of loading every school. Returns how many schools were computed."""
    changed = freshness.changed_since(school_ref="school_id", kinds=kinds_of(table), mark_ref="mark")
    # Figures kept without a key the table now has (a column added since) are computed again.
    keys = sorted({key for part in table for key in part.keys})
    fresh = (
        SchoolSummary.objects.for_school(OuterRef("pk"))
        .filter(computed_on=today, figures__has_keys=keys)
        .exclude(Exists(changed))
    )
    stale = list(schools.exclude(Exists(fresh)).only(*fields))
    if stale:
        _compute_and_keep(stale, today, table)
    return len(stale)
