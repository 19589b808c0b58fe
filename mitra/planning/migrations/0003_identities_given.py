"""Existing plan items get their identities, and what superseded revisions kept is carried over.

Until now a revision copied the plan into new rows with nothing tying a copy to its original, and
everything recorded against the old rows (measurements, activities, agreements, letters, tasks,
forums) stayed behind on the superseded revision; the revision did not copy the partner selections
at all. This migration

1. gives every item an identity, the copies in a revision sharing their original's, matched by what
   they say: first everything the copying kept (a changed item then by its title, within its goal or
   programme; an indicator or planned activity whose goal or programme was renamed by its own name,
   when only one fits);
2. for every year with an approved plan, carries what was recorded against superseded copies over
   to the approved copy of the same item, moves forums to the approved plan, brings back the partner
   selections (with their scores) the copying lost, and ends the items the approved plan no longer
   holds (their open tasks are closed with them). A measurement the school entered again on the new
   copy is kept there, and the old one stays where it was: nothing is deleted.

The archive import (reports/archive.py) mends a school restored from an archive made before this in
the same way, with `school_ids`.
"""

import uuid
from collections import defaultdict

from django.db import migrations

# model name -> (path to the plan, its parent item (field, model) if any, the fields that say all of
# what it is, the fields that name it)
ITEMS = {
    "goal": ("plan", None, ("title", "description", "serves", "position"), ("title",)),
    "need": ("plan", None, ("title", "description", "area", "priority"), ("title",)),
    "analysisitem": ("plan", None, ("kind", "text"), ("kind", "text")),
    "programme": ("plan", None, ("name", "description"), ("name",)),
    "indicator": (
        "goal__plan",
        ("goal", "goal"),
        ("name", "baseline", "target", "unit", "direction", "frequency", "verification"),
        ("name",),
    ),
    "candidate": ("need__plan", ("need", "need"), ("partner_id", "decision", "reason"), ("partner_id",)),
    "plannedactivity": (
        "programme__plan",
        ("programme", "programme"),
        ("title", "schedule", "start_date", "end_date", "place", "budget", "budget_source"),
        ("title",),
    ),
}
ORDER = ("goal", "need", "analysisitem", "programme", "indicator", "candidate", "plannedactivity")
# Relations into items from records a revision does not copy: (app, model, field, item model).
CARRIED = [
    ("activities", "indicatorresult", "indicator", "indicator"),
    ("activities", "activity", "planned", "plannedactivity"),
    ("activities", "activity", "programme", "programme"),
    ("letters", "letter", "programme", "programme"),
    ("planning", "task", "activity", "plannedactivity"),
]
CARRIED_M2M = [
    ("agreements", "agreement", "goals", "goal"),
    ("agreements", "agreement", "needs", "need"),
    ("agreements", "agreement", "programmes", "programme"),
    ("planning", "forum", "programmes", "programme"),
]
# A record that is unique together with the item it points at: (model name, the other fields).
UNIQUE_WITH = {"indicatorresult": ("activity_id",)}


def _plans(apps, school_ids):
    plans = apps.get_model("planning", "Plan")._base_manager.all()
    return plans.filter(school_id__in=school_ids) if school_ids is not None else plans


def _rows(apps, name, plan):
    model = apps.get_model("planning", name)
    return list(model._base_manager.filter(**{ITEMS[name][0]: plan}).order_by("id"))


def _match(name, earlier, later, identity_of):
    """Pairs (earlier row, later row) of one kind of item between two revisions, by tiers."""
    _path, parent, everything, names = ITEMS[name]

    def parent_of(row):
        return identity_of.get((parent[1], getattr(row, parent[0] + "_id"))) if parent else None

    pairs, left, right = [], list(earlier), list(later)
    rest = tuple(f for f in everything if f not in names)
    tiers = [(everything, True, False), (names, True, False)]
    if rest and name != "candidate":  # renamed, all else kept (a selection is its partner: never renamed)
        tiers.append((rest, True, True))
    if parent and name != "candidate":
        tiers.append((names, False, True))  # within a renamed goal or programme
    for fields, with_parent, only_one in tiers:

        def key(row, fields=fields, with_parent=with_parent):
            return (*(getattr(row, f) for f in fields), parent_of(row) if with_parent else None)

        waiting = defaultdict(list)
        for row in left:
            waiting[key(row)].append(row)
        if only_one:  # a renamed item, or one in a renamed parent: only what fits one row on each side
            counts = defaultdict(int)
            for row in right:
                counts[key(row)] += 1
            waiting = {k: rows for k, rows in waiting.items() if len(rows) == 1 and counts[k] == 1}
        still = []
        for row in right:
            found = waiting.get(key(row))
            if found:
                pairs.append((found.pop(0), row))
            else:
                still.append(row)
        matched = {id(a) for a, _b in pairs}
        left, right = [row for row in left if id(row) not in matched], still
    return pairs, right


def give_identities(apps, schema_editor, school_ids=None):
    identity_of = {}  # (model name, id) -> uuid
    previous_of_year = {}
    for plan in _plans(apps, school_ids).order_by("school_id", "academic_year_id", "revision"):
        previous = previous_of_year.get((plan.school_id, plan.academic_year_id))
        previous_of_year[(plan.school_id, plan.academic_year_id)] = plan
        for name in ORDER:
            earlier = _rows(apps, name, previous) if previous is not None else []
            pairs, fresh = _match(name, earlier, _rows(apps, name, plan), identity_of)
            for old, row in pairs:
                row.identity = identity_of[(name, old.pk)]
            for row in fresh:
                row.identity = uuid.uuid4()
            for _old, row in pairs:
                identity_of[(name, row.pk)] = row.identity
                row.save(update_fields=["identity"])
            for row in fresh:
                identity_of[(name, row.pk)] = row.identity
                row.save(update_fields=["identity"])


def carry_over_superseded(apps, schema_editor, school_ids=None):
    for approved in _plans(apps, school_ids).filter(status="approved"):
        older = _plans(apps, school_ids).filter(
            school_id=approved.school_id, academic_year_id=approved.academic_year_id, status="superseded"
        )
        if not older.exists():
            continue
        _bring_back_selections(apps, approved, older)
        ended_at = approved.approved_at or approved.created_at
        mapping = {}
        for name in ITEMS:
            model = apps.get_model("planning", name)
            current = dict(model._base_manager.filter(**{ITEMS[name][0]: approved}).values_list("identity", "pk"))
            old_rows = model._base_manager.filter(**{ITEMS[name][0] + "__in": older})
            mapping[name] = {pk: current[i] for pk, i in old_rows.values_list("pk", "identity") if i in current}
            old_rows.exclude(pk__in=list(mapping[name])).filter(ended_at=None).update(ended_at=ended_at)
        for app, model_name, field, item in CARRIED:
            model = apps.get_model(app, model_name)
            others = UNIQUE_WITH.get(model_name, ())
            for old, new in mapping[item].items():
                for row in model._base_manager.filter(**{field: old}):
                    taken = (
                        others
                        and model._base_manager.filter(**{field: new}, **{f: getattr(row, f) for f in others}).exists()
                    )
                    if not taken:  # else the school entered it again on the new copy: both are kept
                        setattr(row, field + "_id", new)
                        row.save(update_fields=[field])
        for app, model_name, field, item in CARRIED_M2M:
            through = apps.get_model(app, model_name)._meta.get_field(field).remote_field.through
            source = f"{model_name}_id"
            target = f"{item}_id"
            for old, new in mapping[item].items():
                for link in through._base_manager.filter(**{target: old}):
                    if through._base_manager.filter(**{source: getattr(link, source), target: new}).exists():
                        link.delete()
                    else:
                        setattr(link, target, new)
                        link.save(update_fields=[target])
        apps.get_model("planning", "Forum")._base_manager.filter(plan__in=older).update(plan=approved)
        ended_activities = apps.get_model("planning", "PlannedActivity")._base_manager.filter(
            programme__plan__in=older, ended_at__isnull=False
        )
        apps.get_model("planning", "Task")._base_manager.filter(
            activity__in=ended_activities, done_at=None, ended_at=None
        ).update(ended_at=ended_at)


def _bring_back_selections(apps, approved, older):
    """The old copying left the partner selections behind: the newest one of each need and partner
    comes back to the approved plan's need, with its scores and reason."""
    Candidate = apps.get_model("planning", "Candidate")
    Need = apps.get_model("planning", "Need")
    Score = apps.get_model("planning", "Score")
    needs = {n.identity: n for n in Need._base_manager.filter(plan=approved)}
    have = set(Candidate._base_manager.filter(need__plan=approved).values_list("need__identity", "partner_id"))
    for candidate in (
        Candidate._base_manager.filter(need__plan__in=older)
        .select_related("need")
        .order_by("-need__plan__revision", "id")
    ):
        key = (candidate.need.identity, candidate.partner_id)
        if candidate.need.identity not in needs or key in have:
            continue
        have.add(key)
        copy = Candidate._base_manager.create(
            school_id=candidate.school_id,
            need=needs[candidate.need.identity],
            partner_id=candidate.partner_id,
            decision=candidate.decision,
            reason=candidate.reason,
            identity=candidate.identity,
        )
        Score._base_manager.bulk_create(
            [
                Score(school_id=s.school_id, candidate=copy, criterion_id=s.criterion_id, score=s.score)
                for s in Score._base_manager.filter(candidate=candidate)
            ]
        )


class Migration(migrations.Migration):
    dependencies = [
        ("planning", "0002_revisions_keep_identity"),
        ("activities", "0001_initial"),
        ("agreements", "0002_reminders"),
        ("letters", "0002_letters_register"),
    ]

    operations = [
        migrations.RunPython(give_identities, migrations.RunPython.noop),
        migrations.RunPython(carry_over_superseded, migrations.RunPython.noop),
    ]
