import pytest
from django.db import transaction

from mitra.demo import data
from mitra.schools.access import access_for
from mitra.schools.models import Membership


@pytest.fixture(scope="module")
def demo_world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo foundation, built once per module inside a transaction that is never committed
    (each test runs in a savepoint of it), with its files in the module's own folder."""
    from django.test import override_settings

    media = tmp_path_factory.mktemp("demo-files")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            data.build()
            principal = Membership.objects.select_related("user", "school").get(user__username="kepala")
            yield principal.school, principal.user, media
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def demo(db, demo_world, settings):
    school, principal, media = demo_world
    settings.MEDIA_ROOT = media
    return school, access_for(principal, school.pk)
