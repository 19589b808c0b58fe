"""`schools.selectors.counts`: several counts of a school in one query, each what `.count()` says."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mitra.activities.models import Activity
from mitra.partners.models import Partner
from mitra.schools.selectors import active_members, counts

pytestmark = pytest.mark.django_db


def test_several_counts_in_one_query_are_each_what_count_says(world):
    asked = {
        "members": active_members(school=world.a),
        "partners": Partner.objects.for_school(world.a).select_related("school"),
        "done": Activity.objects.for_school(world.a).filter(status="done").order_by("-start_date"),
        "none": Partner.objects.for_school(world.a).filter(name="tidak ada"),
    }
    with CaptureQueriesContext(connection) as queries:
        found = counts(school=world.a, **asked)
    assert len(queries) == 1
    assert found == {name: rows.count() for name, rows in asked.items()}
    assert found["members"] > 0 and found["partners"] > 0 and found["none"] == 0
    other = counts(school=world.b, members=active_members(school=world.b))
    assert other["members"] == active_members(school=world.b).count()
