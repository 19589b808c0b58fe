"""Schemathesis against the published OpenAPI schema: whatever a client sends, what the schema
allows and much that it does not, the API answers without a server error.

`make test` runs the fuzzing phase (a few generated requests per operation, valid and invalid).
MITRA_FUZZ_DEEP=1 adds schemathesis's coverage phase: every boundary value and every method an
operation does not have, about 200 s more; run it by hand after changing the API (bench/README.md)."""

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from config.wsgi import application
from mitra.accounts.models import ApiToken
from tests.conftest import build_world

DEEP = os.environ.get("MITRA_FUZZ_DEEP") == "1"
schema = schemathesis.openapi.from_wsgi(
    "/api/v1/openapi.json",
    application,
    config=schemathesis.Config.from_dict(
        {"phases": {"fuzzing": {"enabled": True}, "coverage": {"enabled": DEEP}, "stateful": {"enabled": False}}}
    ),
)


@pytest.fixture(scope="module")
def fuzz_world(django_db_setup, django_db_blocker):
    """One world for every operation, made once and rolled back at the end: each operation's own
    test runs inside it (a savepoint), so what one request writes does not reach the next test."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            world = build_world()
            _token, raw = ApiToken.issue(user=world.users["coordinator"], name="fuzz")
            yield world, {"Authorization": f"Bearer {raw}"}
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def keep_connection():
    """The WSGI app closes the database connection after each request; inside a test that would
    close the test's own transaction. Django's test client does the same as this."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=4,
    deadline=None,
    derandomize=True,  # the same cases every run: a failure here is reproducible, never flaky
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_no_request_makes_a_server_error(case, fuzz_world, keep_connection):
    world, headers = fuzz_world
    # Aim at a school the token's owner belongs to, so the generated bodies reach validation
    # instead of stopping at "no such school".
    if "school_id" in case.path_parameters:
        case.path_parameters["school_id"] = world.a.pk
    case.call_and_validate(headers=headers, checks=[not_a_server_error])
