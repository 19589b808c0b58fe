"""Schemathesis against the published OpenAPI schema, with all its checks: whatever a client sends,
what the schema allows and much that it does not, the API answers without a server error, with a
status, a content type and a body the schema documents, and refuses what the schema does not allow.

On PostgreSQL (as CI runs the suite) `make test` includes the fuzzing phase: a few generated requests
per operation, valid and invalid. PostgreSQL is where a 5xx hides that SQLite lets pass (a NUL byte in
text, an integer out of range). MITRA_FUZZ=1 runs it on SQLite too; MITRA_FUZZ_DEEP=1 adds the
coverage phase (every boundary value, every method an operation does not have; about 200 s more), to
run by hand after changing the API (bench/README.md)."""

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection, transaction
from hypothesis import HealthCheck, settings

from config.wsgi import application
from mitra.accounts.models import ApiToken, Throttle
from tests.conftest import build_world

DEEP = os.environ.get("MITRA_FUZZ_DEEP") == "1"
pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql" and not (DEEP or os.environ.get("MITRA_FUZZ") == "1"),
    reason="the API fuzz runs on PostgreSQL (CI), or with MITRA_FUZZ=1",
)
schema = schemathesis.openapi.from_wsgi(
    "/api/v1/openapi.json",
    application,
    config=schemathesis.Config.from_dict(
        {
            "phases": {"fuzzing": {"enabled": True}, "coverage": {"enabled": DEEP}, "stateful": {"enabled": False}},
            # Every check runs. A request the schema allows may still be refused with a 400 naming the
            # field: an id of a row that does not exist, or a rule across fields (an agreement ends
            # after it starts) is more than a schema can say.
            "checks": {"positive_data_acceptance": {"expected-statuses": ["2xx", "400", "401", "403", "404"]}},
        }
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
            # Uncompressed: the WSGI transport hands schemathesis the body as sent, and does not undo
            # the gzip a real client asks for and reads (mitra/schools/compression.py).
            yield world, {"Authorization": f"Bearer {raw}", "Accept-Encoding": "identity"}
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
    max_examples=3,
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
    # Every case from an address with a clean record: the check for ignored authentication sends
    # wrong tokens on purpose, and after ten of them the address is answered 429, as it should be
    # (tests/accounts/test_throttle.py), where the check expects the 401 of a first wrong token.
    Throttle.objects.all().delete()
    case.call_and_validate(headers=headers)


@pytest.mark.django_db
def test_a_time_of_day_is_sent_as_the_schema_says(fuzz_world, keep_connection):
    """A communication's time ("08:30:00", no offset) once broke `format: time` (issue 21)."""
    import datetime

    from mitra.activities.communications import communication_save

    world, headers = fuzz_world
    logged = communication_save(
        school=world.a,
        user=world.users["coordinator"],
        data={
            "partner": world.partner,
            "channel": "meeting",
            "occurred_on": datetime.date(2026, 3, 12),
            "occurred_time": datetime.time(8, 30),
            "summary": "Rapat koordinasi",
        },
    )
    operation = schema["/api/v1/schools/{school_id}/communications/{communication_id}/"]["GET"]
    case = operation.Case(path_parameters={"school_id": world.a.pk, "communication_id": logged.pk})
    response = case.call_and_validate(headers=headers)
    assert response.json()["occurred_time"] == "08:30:00"
