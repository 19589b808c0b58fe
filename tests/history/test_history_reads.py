"""A record's history reads in the person's language: every field a change shows has a translated
label, and its values are shown as people write them — dates in the one style, moments in the school's
time zone, yes and no, names of choices, lists as lists — never as the database stores them."""

import datetime
import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import translation
from django.utils.translation import trans_real

from mitra.activities.models import Activity
from mitra.history.models import Change
from mitra.history.selectors import describe_fields
from mitra.history.services import record, shown_fields

# How a value reads when it was printed as stored: an ISO day or moment, seconds, a UTC offset, a
# Python truth value, list or dict, a model without a name of its own.
RAW = re.compile(r"\d{4}-\d\d-\d\d|\d\d:\d\d:\d\d|\+00:00|\bTrue\b|\bFalse\b|^\[|^\{|object \(\d+\)")


def _translated(text_en: str) -> bool:
    return text_en in trans_real.translation("id")._catalog


def test_every_change_of_a_whole_school_reads_in_indonesian(report_world):
    changes = list(Change.objects.for_school(report_world.a).select_related("target_type"))
    models = {change.target_type.model_class() for change in changes}
    assert len(models) >= 20, sorted(m._meta.label for m in models)  # every stage's records are there
    unlabelled, raw = set(), []
    for model in models:
        for field in shown_fields(model):
            with translation.override("en"):
                label = str(field.verbose_name)
            if not _translated(label):
                unlabelled.add(f"{model._meta.label}.{field.name} ({label})")
    for change in changes:
        model = change.target_type.model_class()
        assert not RAW.search(change.target_repr), change.target_repr
        with translation.override("en"):
            labels = [row["label"] for row in describe_fields(model, change.fields)]
        unlabelled |= {f"{model._meta.label}: {label}" for label in labels if not _translated(label)}
        with translation.override("id"):
            for row in describe_fields(model, change.fields):
                raw += [
                    f"{model._meta.label} {row['label']}: {value}"
                    for value in (row["old"], row["new"])
                    if RAW.search(value)
                ]
    assert not unlabelled, sorted(unlabelled)
    assert not raw, raw


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("id", ["7 Des 2026 08.05", "ya", "1.250.000", "Tim kemitraan, Orang tua"]),
        ("en", ["7 Dec 2026 08:05", "yes", "1,250,000", "Partnership team, Parents"]),
    ],
)
def test_a_changes_values_read_as_people_write_them(evaluation_world, language, expected):
    """A moment stored in UTC is shown in the school's time zone (Asia/Jakarta, 7 hours ahead), in
    the one style of the person's language."""
    world = evaluation_world
    activity = Activity.objects.for_school(world.a).get(pk=world.done_activity.pk)
    fields = {
        "submitted_at": ["", str(datetime.datetime(2026, 12, 7, 1, 5, 30, 461278, tzinfo=datetime.UTC))],
    }
    change = record(user=None, obj=activity, action=Change.Action.UPDATE, extra=None, before=None)
    assert change is not None
    with translation.override(language):
        moment = describe_fields(Activity, fields)[0]["new"]
        from mitra.evaluation.models import Round
        from mitra.partners.models import Contact
        from mitra.planning.models import PlannedActivity

        primary = describe_fields(Contact, {"is_primary": ["False", "True"]})[0]["new"]
        budget = describe_fields(PlannedActivity, {"budget": ["", "1250000.00"]})[0]["new"]
        audiences = describe_fields(Round, {"audiences": ["", "['team', 'parents']"]})[0]["new"]
    assert [moment, primary, budget, audiences] == expected
    assert ContentType.objects.get_for_model(Activity) == change.target_type
