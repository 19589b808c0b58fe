"""The migration that gives partners their location leaves every existing partner at the default."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from mitra.schools.models import Foundation, School

BEFORE = [("partners", "0002_initial")]
AFTER = [("partners", "0003_location")]


@pytest.mark.django_db(transaction=True)
def test_existing_partners_are_local_after_the_migration():
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    try:
        executor.migrate(BEFORE)
        old = executor.loader.project_state(BEFORE).apps
        # Only partners went back: the schools' table is today's.
        school = School.objects.create(foundation=Foundation.objects.create(name="Yayasan Lama"), name="SMP Lama")
        Partner = old.get_model("partners", "Partner")
        for name, kind in (("Puskesmas Lama", "health_centre"), ("Sekolah Mitra", "school")):
            Partner._default_manager.create(school_id=school.pk, name=name, name_key=name.lower(), kind=kind)

        executor = MigrationExecutor(connection)
        executor.migrate(AFTER)
        new = executor.loader.project_state(AFTER).apps
        found = new.get_model("partners", "Partner")._default_manager.filter(school_id=school.pk)
        assert sorted(found.values_list("name", "kind", "location")) == [
            ("Puskesmas Lama", "health_centre", "local"),
            ("Sekolah Mitra", "school", "local"),
        ]
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(latest)
