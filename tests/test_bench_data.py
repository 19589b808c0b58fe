"""The benchmark dataset builder lives in bench/ (issue 23), outside the product package, and still
builds on the product's models: every kind of record in the numbers its shape asks for, with accounts
that log in with the bench password. A tiny shape keeps this quick; bench/run builds S, M and L."""

import datetime

import pytest
from django.contrib.auth import get_user_model

from bench import data
from mitra.activities.models import Activity, Evidence
from mitra.agreements.models import Agreement
from mitra.evaluation.models import Answer, Obstacle
from mitra.letters.models import Letter
from mitra.partners.models import Partner
from mitra.schools.models import Foundation, School

pytestmark = pytest.mark.django_db

TINY = data.Shape(
    schools=2, partners=3, agreements=2, letters=4, activities=12, evidence=4, communications=3, rounds=2,
    answers=14, observations=2, obstacles=2, recommendations=1, teachers=1,
)  # fmt: skip


def test_it_builds_every_record_its_shape_asks_for():
    progress = []
    foundation = data.Builder(TINY, today=datetime.date(2026, 3, 10), progress=progress.append).build()

    assert foundation == Foundation.objects.get(name=data.FOUNDATION_NAME)
    assert progress == ["2 / 2 schools"]
    schools = School.objects.filter(foundation=foundation)
    assert schools.count() == 2
    for model, per_school in [
        (Partner, 3),
        (Agreement, 2),
        (Letter, 4),
        (Activity, 12),
        (Evidence, 4),
        (Answer, 14),
        (Obstacle, 2),
    ]:
        assert model.all_schools.filter(school__in=schools).count() == 2 * per_school, model.__name__
    for username in ("bench0002.kepala", "bench.yayasan"):
        assert get_user_model().objects.get(username=username).check_password(data.PASSWORD)
