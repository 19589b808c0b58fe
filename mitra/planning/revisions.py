"""How a plan's items live on through its revisions.

A revision copies the plan's items into a new draft, each copy keeping the `identity` of the item it
copies. While the draft is worked on, the approved plan stays in force and everything the school
records (an activity, a measured indicator, an agreement, a letter, a task, a forum) points at the
approved copy. Approving the revision carries all of it over to the new copies with the same identity,
moves the running forums along, and ends explicitly the items the revision left out: they keep what
was recorded against them and their open tasks are closed with them. So every read of the plan in
force sees one copy of each live item together with its whole history.

Which relations are carried over is read from the models themselves: any relation into a plan item
from a model that is not itself copied by a revision (`COPIED`) is carried, so a new link added later
cannot be forgotten here.
"""

from collections import defaultdict

from django.db import models
from django.db.models import Case, F, Value, When
from django.utils import timezone

from mitra.planning.models import (
    AnalysisItem,
    Candidate,
    Forum,
    Goal,
    Indicator,
    Need,
    Plan,
    PlannedActivity,
    Programme,
    Score,
    Task,
)

# Items of a plan, each reached from the plan by this path.
ITEMS: dict[type[models.Model], str] = {
    Goal: "plan",
    Indicator: "goal__plan",
    AnalysisItem: "plan",
    Need: "plan",
    Candidate: "need__plan",
    Programme: "plan",
    PlannedActivity: "programme__plan",
}
# What a revision copies (so links between these are copied, not carried over).
COPIED = frozenset(ITEMS) | {Score}


def items_of(model, plan: Plan):
    return model.objects.for_school(plan.school_id).filter(**{ITEMS[model]: plan})


# --- Copying ------------------------------------------------------------------------------------


def copy_content(source: Plan, target: Plan, *, same_items: bool, only_programmes=None, shift_years: int = 0):
    """Copy goals (with values and indicators), needs with their candidates and scores, the analysis,
    programmes and their planned activities from one plan into another, links remapped.

    same_items: a revision (each copy keeps its item's identity, everything is copied); otherwise the
    next year's plan (new items; only recurring activities, dates moved by `shift_years`; only the
    programmes in `only_programmes` when given)."""
    school = source.school
    fresh = {} if same_items else None
    goals, indicators, needs, programmes = {}, {}, {}, {}

    def clone(row, **changes):
        row = _copied(row, fresh, **changes)
        row.save(force_insert=True)
        return row

    for goal in items_of(Goal, source).filter(ended_at=None).prefetch_related("values"):
        values = list(goal.values.all())
        goals[goal.pk] = clone(goal, plan=target)
        goals[goal.pk].values.set(values)
    for indicator in items_of(Indicator, source).filter(goal__in=list(goals), ended_at=None):
        indicators[indicator.pk] = clone(indicator, goal=goals[indicator.goal_id])
    for need in items_of(Need, source).filter(ended_at=None):
        needs[need.pk] = clone(need, plan=target)
    if same_items:
        for item in items_of(AnalysisItem, source):
            clone(item, plan=target)
        scores = defaultdict(list)
        for score in Score.objects.for_school(school).filter(candidate__need__plan=source):
            scores[score.candidate_id].append(score)
        for candidate in items_of(Candidate, source):
            copy = clone(candidate, need=needs[candidate.need_id])
            Score.objects.bulk_create(
                [
                    Score(school=school, candidate=copy, criterion_id=s.criterion_id, score=s.score)
                    for s in scores[candidate.pk]
                ]
            )
    chosen = items_of(Programme, source).filter(ended_at=None).prefetch_related("goals", "needs", "partners")
    if only_programmes is not None:
        chosen = chosen.filter(pk__in=[p.pk for p in only_programmes])
    for programme in chosen:
        links = (list(programme.goals.all()), list(programme.needs.all()), list(programme.partners.all()))
        copy = programmes[programme.pk] = clone(programme, plan=target)
        copy.goals.set([goals[g.pk] for g in links[0] if g.pk in goals])
        copy.needs.set([needs[n.pk] for n in links[1] if n.pk in needs])
        copy.partners.set(links[2])
    planned = (
        items_of(PlannedActivity, source)
        .filter(programme__in=list(programmes), ended_at=None)
        .prefetch_related("indicators")
    )
    for activity in planned:
        if not same_items and not activity.is_recurring:
            continue
        linked = list(activity.indicators.all())
        copy = clone(
            activity,
            programme=programmes[activity.programme_id],
            start_date=shift_date(activity.start_date, shift_years),
            end_date=shift_date(activity.end_date, shift_years),
        )
        copy.indicators.set([indicators[i.pk] for i in linked if i.pk in indicators])
    return programmes


def _copied(row, fresh, **changes):
    """An unsaved copy of `row`: same field values (identity included for a revision), new id."""
    copy = type(row)()
    for field in row._meta.concrete_fields:
        if field.primary_key:
            continue
        setattr(copy, field.attname, getattr(row, field.attname))
    copy.ended_at = None
    if fresh is None:
        copy.identity = type(row)._meta.get_field("identity").get_default()
    for key, value in changes.items():
        setattr(copy, key, value)
    return copy


def shift_date(day, years: int):
    if day is None or years == 0:
        return day
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


# --- Carrying over at approval ------------------------------------------------------------------


def successors(old: Plan, new: Plan) -> dict[type[models.Model], dict[int, int]]:
    """For each kind of item: id in the old plan -> id of the copy with the same identity in the new one."""
    found = {}
    for model in ITEMS:
        by_identity = dict(items_of(model, new).values_list("identity", "pk"))
        found[model] = {
            pk: by_identity[identity]
            for pk, identity in items_of(model, old).values_list("pk", "identity")
            if identity in by_identity
        }
    return found


def carried_relations(model) -> list:
    """The relations into `model` from models a revision does not copy (see the module's note)."""
    return [
        rel
        for rel in model._meta.related_objects
        if rel.related_model not in COPIED and (rel.one_to_many or rel.many_to_many)
    ]


# What deleting an item takes with it (the cascades between a plan's items).
CASCADES = {Goal: [(Indicator, "goal")], Need: [(Candidate, "need")], Programme: [(PlannedActivity, "programme")]}


def recorded_against(item) -> list[str]:
    """The kinds of record (model labels) the school keeps against `item`, or against an item that
    deleting it would take with it: measurements, activities, agreements, letters, tasks, forums."""
    rows = {type(item): [item.pk]}
    for child, field in CASCADES.get(type(item), []):
        rows[child] = list(child.all_schools.filter(**{field: item}).values_list("pk", flat=True))
    found = []
    for model, pks in rows.items():
        for rel in carried_relations(model):
            if rel.many_to_many:
                linked = rel.through.objects.filter(**{f"{rel.field.m2m_reverse_field_name()}__in": pks})
            else:
                linked = rel.related_model._base_manager.filter(**{f"{rel.field.name}__in": pks})
            if rel.related_model._meta.label_lower not in found and linked.exists():
                found.append(rel.related_model._meta.label_lower)
    return found


def carry_over(*, old: Plan, new: Plan) -> dict:
    """Move everything recorded against the old plan's items to their copies in the new plan, move its
    forums along, and end the items the new plan left out (with their open tasks). Returns counts."""
    now = timezone.now()
    moved = successors(old, new)
    counts = {"moved": 0, "ended": 0, "tasks_closed": 0}
    for model, mapping in moved.items():
        if not mapping:
            continue
        for rel in carried_relations(model):
            counts["moved"] += _repoint(rel, mapping)
    counts["moved"] += Forum.objects.for_school(old.school_id).filter(plan=old).update(plan=new)
    for model in ITEMS:
        left_out = items_of(model, old).filter(ended_at=None).exclude(pk__in=list(moved[model]))
        counts["ended"] += left_out.update(ended_at=now)
    ended_activities = items_of(PlannedActivity, old).exclude(pk__in=list(moved[PlannedActivity]))
    counts["tasks_closed"] = (
        Task.objects.for_school(old.school).open().filter(activity__in=ended_activities).update(ended_at=now)
    )
    return counts


def _held_by_a_twin(model, column: str, mapping: dict[int, int]) -> list[int]:
    """Rows that cannot move because a row unique together with them already points at the new copy
    (an activity measured on both copies of an indicator, which the pick-lists no longer allow but
    older data may hold): they stay where they are, so that no measurement is lost."""
    together = [
        c.fields
        for c in model._meta.constraints
        if isinstance(c, models.UniqueConstraint) and c.fields and c.condition is None and column in c.fields
    ] + [fields for fields in model._meta.unique_together if column in fields]
    held = []
    for fields in together:
        others = [f for f in fields if f != column]
        for row in model._base_manager.filter(**{f"{column}__in": list(mapping)}).values("pk", column, *others):
            twin = {column: mapping[row[column]], **{f: row[f] for f in others}}
            if model._base_manager.filter(**twin).exists():
                held.append(row["pk"])
    return held


def _repoint(rel, mapping: dict[int, int]) -> int:
    """Point the rows on the other side of `rel` from old ids to new ones, in one statement."""
    if rel.many_to_many:
        through = rel.through
        source, target = rel.field.m2m_field_name(), rel.field.m2m_reverse_field_name()
        # A row already linked to the new copy keeps that link; its link to the old copy goes.
        old_of = defaultdict(list)
        for old_id, new_id in mapping.items():
            old_of[new_id].append(old_id)
        linked = through.objects.filter(**{f"{target}__in": list(mapping.values())}).values_list(source, target)
        for row, new_id in linked:
            through.objects.filter(**{source: row, f"{target}__in": old_of[new_id]}).delete()
        rows, column = through.objects.filter(**{f"{target}__in": list(mapping)}), target
        field = through._meta.get_field(target)
    else:
        column, field = rel.field.name, rel.field
        rows = rel.related_model._base_manager.filter(**{f"{column}__in": list(mapping)})
        rows = rows.exclude(pk__in=_held_by_a_twin(rel.related_model, column, mapping))
    whens = [When(**{column: old}, then=Value(new)) for old, new in mapping.items()]
    return rows.update(**{column: Case(*whens, default=F(column), output_field=field)})
