"""Existing plan items get their identities, and what superseded revisions kept is carried over.

Until now a revision copied the plan into new rows with nothing tying a copy to its original, and
everything recorded against the old rows (measurements, activities, agreements, letters, tasks,
forums) stayed behind on the superseded revision. This migration

1. gives every item an identity, the copies in a revision sharing their original's (matched by what
   they say: a goal by its title, an indicator by its goal and name, and so on, in order);
2. for every year with an approved plan, carries what was recorded against superseded copies over
   to the approved copy of the same item, moves forums to the approved plan, and ends the items the
   approved plan no longer holds (their open tasks are closed with them).
"""

import uuid
from collections import defaultdict

from django.db import migrations

ITEMS = {  # model name -> (path to the plan, the fields that say what it is, its parent item if any)
    "goal": ("plan", ("title",), None),
    "need": ("plan", ("title",), None),
    "analysisitem": ("plan", ("kind", "text"), None),
    "programme": ("plan", ("name",), None),
    "indicator": ("goal__plan", ("name",), ("goal", "goal")),
    "candidate": ("need__plan", ("partner_id",), ("need", "need")),
    "plannedactivity": ("programme__plan", ("title",), ("programme", "programme")),
}
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


def _rows(apps, name, plan):
    model = apps.get_model("planning", name)
    return list(model._base_manager.filter(**{ITEMS[name][0]: plan}).order_by("id"))


def give_identities(apps, schema_editor):
    Plan = apps.get_model("planning", "Plan")
    identity_of = {}  # (model name, id) -> uuid
    plans = Plan._base_manager.order_by("school_id", "academic_year_id", "revision")
    previous_of_year = {}
    for plan in plans:
        previous = previous_of_year.get((plan.school_id, plan.academic_year_id))
        previous_of_year[(plan.school_id, plan.academic_year_id)] = plan
        for name in ("goal", "need", "analysisitem", "programme", "indicator", "candidate", "plannedactivity"):
            _path, fields, parent = ITEMS[name]
            earlier = _rows(apps, name, previous) if previous is not None else []
            unmatched = defaultdict(list)
            for row in earlier:
                key = tuple(getattr(row, f) for f in fields)
                if parent:
                    key += (identity_of.get((parent[1], getattr(row, parent[0] + "_id"))),)
                unmatched[key].append(row)
            for row in _rows(apps, name, plan):
                key = tuple(getattr(row, f) for f in fields)
                if parent:
                    key += (identity_of.get((parent[1], getattr(row, parent[0] + "_id"))),)
                match = unmatched[key].pop(0) if unmatched[key] else None
                row.identity = identity_of[(name, match.pk)] if match else uuid.uuid4()
                identity_of[(name, row.pk)] = row.identity
                row.save(update_fields=["identity"])


def carry_over_superseded(apps, schema_editor):
    Plan = apps.get_model("planning", "Plan")
    for approved in Plan._base_manager.filter(status="approved"):
        older = Plan._base_manager.filter(
            school_id=approved.school_id, academic_year_id=approved.academic_year_id, status="superseded"
        )
        if not older.exists():
            continue
        ended_at = approved.approved_at or approved.created_at
        mapping = {}
        for name in ITEMS:
            model = apps.get_model("planning", name)
            current = dict(
                model._base_manager.filter(**{ITEMS[name][0]: approved}).values_list("identity", "pk")
            )
            old_rows = model._base_manager.filter(**{ITEMS[name][0] + "__in": older})
            mapping[name] = {pk: current[i] for pk, i in old_rows.values_list("pk", "identity") if i in current}
            old_rows.exclude(pk__in=list(mapping[name])).filter(ended_at=None).update(ended_at=ended_at)
        for app, model_name, field, item in CARRIED:
            model = apps.get_model(app, model_name)
            for old, new in mapping[item].items():
                model._base_manager.filter(**{field: old}).update(**{field: new})
        for app, model_name, field, item in CARRIED_M2M:
            through = apps.get_model(app, model_name)._meta.get_field(field).remote_field.through
            source = f"{model_name}_id"
            target = f"{item}_id"
            for old, new in mapping[item].items():
                for link in through._base_manager.filter(**{target: old}):
                    exists = through._base_manager.filter(**{source: getattr(link, source), target: new}).exists()
                    if exists:
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
