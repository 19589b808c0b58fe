"""What of a school's data changed, by kind, for the parts of pages and the figures computed once and
kept ({% kept %} in schools/templatetags/kept.py, reports/summaries.py).

Kinds. A write is of one kind of data: activities, partners, agreements, evaluation, plan, letters,
the school itself (its profile and team), or its school years. The kind is derived here, in one
place, from the model written (`kinds_of`: by its app, the school years apart); every recorded write
(history.services.record) marks its kind, and the few writes that keep no history on purpose
(anonymous evaluation answers) call `mark` themselves. A model of an app not named below marks every
kind: a new app is never missed, only costly. Each kept
part names the kinds it shows, so one activity recorded recomputes only what shows activities.

Marks. A write inserts a row into `Mark` (school, kind, id): insert-only, so two writers of a school
never wait for each other on a common row (the `School.data_changed_at` every writer updated did: one
hot row per school). The state of a kind is the largest id of its marks, read with the person's access
at the start of the request (schools/access.py: one scalar subquery per kind, MAX(id) — a seek in the index (school, kind, id) —
in the same statement as the membership), so before any of the page's data.
A kept part's key holds the states of its kinds; the foundation figures keep the school's largest
mark id read before computing them, and are stale when a mark of a kind they show has a larger one.
The daily job (`prune`, the task schools.tasks.prune_freshness_marks, registered with the scheduler at
04:30) deletes every mark older than a day that is not the latest of its school and kind (the latest
is the state); the marks of the last day are kept to see what changed.

Commit order. A key built on the largest id is safe only if no mark with a smaller id can become
visible after a larger one. A mark is inserted in the writer's transaction, so it commits with the
data or not at all (a kill -9 cannot separate them):
- SQLite has one writer at a time; ids are drawn under its write lock, so they commit in id order.
- PostgreSQL draws ids from a sequence as transactions insert, and commits them in any order: T1 takes
  id 10, T2 takes 11 and commits, a reader sees 11 and keeps a page without T1's change under it; T1
  commits, and 11 is still the largest. So on PostgreSQL a write inside a transaction also marks again
  once it has committed (`transaction.on_commit`): that id is drawn after the data is visible, hence
  after any reader that missed the data read its key, so it is larger than the key that reader used.
  A write in autocommit has committed already when it marks, but its mark, drawn after the data
  was visible, can itself commit after a larger one; so it marks twice too, the second once the
  first has committed. Every write's last mark is thus drawn after its change and its first mark
  are visible, which the foundation figures need (reports/summaries.py: a part is kept when no mark
  of its kinds is newer than the kept one).
  A kill -9 (or a failed insert, logged) between T1's commit and its second mark loses only that
  second mark; a kept copy can then miss T1's change only if, besides, a writer of the same kind and
  school committed in between and a reader kept a copy in that window. Such a copy lasts until the
  next write of that kind in that school or the end of the school day (keys name the day; the
  foundation figures are of one day too). On SQLite, none ever does.

The write services write in one transaction with their record(), which marks after the change row it
writes (the dashboard shows recent changes), so a mark never becomes visible before what it marks.

Readers also compare marks, never clocks: a clock read inside a transaction says nothing about
when its writes became visible."""

import datetime

from django.db import connection, transaction
from django.db.models import OuterRef, Subquery
from django.db.models.expressions import RawSQL
from django.utils import timezone

from mitra.schools.models import Mark, School

ACTIVITIES = "activities"
PARTNERS = "partners"
AGREEMENTS = "agreements"
EVALUATION = "evaluation"
PLAN = "plan"
LETTERS = "letters"
SCHOOL = "school"
YEAR = "year"
KINDS = (ACTIVITIES, PARTNERS, AGREEMENTS, EVALUATION, PLAN, LETTERS, SCHOOL, YEAR)

# The one place that says which kind a write is: by the app of the model written.
KIND_OF_APP = {
    "activities": ACTIVITIES,
    "partners": PARTNERS,
    "agreements": AGREEMENTS,
    "evaluation": EVALUATION,
    "planning": PLAN,
    "letters": LETTERS,
    "schools": SCHOOL,
}
# Models whose kind is not their app's: the school years, which most of a dashboard tests (a part
# that shows the current year's figures), apart from the school's profile and team, which few show.
KIND_OF_MODEL = {"schools.AcademicYear": YEAR}


def kinds_of(model) -> tuple[str, ...]:
    """The kinds a write to `model` (a model class or instance) changes: one, or all for an app not named."""
    kind = KIND_OF_MODEL.get(model._meta.label) or KIND_OF_APP.get(model._meta.app_label)
    return (kind,) if kind else KINDS


def _insert(school_id: int, kinds) -> None:
    Mark.all_schools.bulk_create([Mark(school_id=school_id, kind=kind) for kind in kinds])


def mark(school_id: int, *kinds: str) -> None:
    """Record that the school's data of these kinds changed, in the writer's transaction."""
    unknown = set(kinds) - set(KINDS)
    if unknown or not kinds:
        raise ValueError(f"unknown kinds of data: {sorted(unknown) or 'none given'}")
    _insert(school_id, kinds)
    if connection.vendor == "sqlite":
        return
    # Ids may commit out of order here: a second mark, drawn once the first is visible, is larger than
    # any key read before it was (module docstring). robust: the data is saved whatever befalls it.
    if connection.in_atomic_block:
        transaction.on_commit(lambda: _insert(school_id, kinds), robust=True)
    else:
        _insert(school_id, kinds)  # in autocommit the first has committed by now


def mark_write(obj, anchor=None) -> None:
    """Mark the kind of a recorded write to `obj` (a School or a row of one school), and that of the row
    its change is shown under (`anchor`: a call logged with a partner is in the partner's history)."""
    school_id = obj.pk if obj._meta.label == "schools.School" else obj.school_id
    kinds = set(kinds_of(obj)) | (set(kinds_of(anchor)) if anchor is not None else set())
    mark(school_id, *(kind for kind in KINDS if kind in kinds))


def latest_annotations(school_column: str) -> dict:
    """For a query naming a school in `school_column` (a quoted "table"."column" of its FROM):
    `mark_<kind>`, the largest mark id of each kind (None if none yet), one index seek each. Written
    as SQL: every request reads them with the access, and the ORM took 2 ms to compile seven such subqueries."""
    assert school_column in (MEMBERSHIP_SCHOOL_ID, SCHOOL_ID)  # our constants only; the kind is a parameter
    sql = f"(SELECT MAX(id) FROM {Mark._meta.db_table} WHERE school_id = {school_column} AND kind = %s)"  # noqa: S608
    return {f"mark_{kind}": RawSQL(sql, (kind,)) for kind in KINDS}  # noqa: S611


# The school's column in the two queries that read the marks (schools/access.py and `latest`).
MEMBERSHIP_SCHOOL_ID = '"schools_membership"."school_id"'
SCHOOL_ID = '"schools_school"."id"'


def marks_of(row) -> dict[str, int | None]:
    """The states read by `latest_annotations`, taken from the annotated row."""
    return {kind: getattr(row, f"mark_{kind}") for kind in KINDS}


def latest(school_id: int) -> dict[str, int | None]:
    """The state of each kind of the school's data, in one query (when no access carries it)."""
    return marks_of(School.objects.filter(pk=school_id).annotate(**latest_annotations(SCHOOL_ID)).get())


def key_of(marks: dict[str, int | None], kinds) -> str:
    """The part of a kept copy's key that moves when data of one of `kinds` changes."""
    return ",".join(f"{kind}:{marks[kind] or 0}" for kind in kinds)


def states(school_ids) -> dict[int, dict[str, int | None]]:
    """The state of each kind of the schools' data, {school id: {kind: largest mark id or None}}, in
    one query (an index seek per school and kind, however many marks a busy day left): read before
    computing what they show (the foundation figures), so that a change saved meanwhile leaves them
    stale."""
    rows = School.objects.filter(pk__in=list(school_ids)).annotate(**latest_annotations(SCHOOL_ID)).only("pk")
    return {row.pk: marks_of(row) for row in rows}


def changed_since(*, school_ref: str, kinds, mark_ref: str) -> Subquery:
    """For a query over kept figures: the marks of `kinds` of the school at `school_ref` with an id
    larger than the one at `mark_ref` (use in Exists)."""
    return Mark.all_schools.filter(school_id=OuterRef(school_ref), kind__in=kinds, id__gt=OuterRef(mark_ref))


def prune(now=None) -> int:
    """Delete the marks older than a day that are not the latest of their school and kind; how many."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=1)
    latest_of_kind = (
        Mark.all_schools.filter(school_id=OuterRef("school_id"), kind=OuterRef("kind")).order_by("-id").values("id")[:1]
    )
    deleted, _ = Mark.all_schools.filter(at__lt=cutoff, id__lt=Subquery(latest_of_kind)).delete()
    return deleted
