"""What a production installation relies on: the health endpoint, JSON logs, and evidence
downloads handed to nginx once Mitra has checked who asks."""

import json
import logging
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from mitra.operations.logs import JsonFormatter

pytestmark = pytest.mark.django_db


def test_health_asks_the_database_and_the_files_path(client, django_assert_num_queries, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "not-yet-made"
    with django_assert_num_queries(1):
        response = client.get(reverse("healthz"))
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["database"], body["files"]) == ("ok", "ok", "ok")
    assert "no-cache" in response["Cache-Control"]
    assert settings.MEDIA_ROOT.is_dir()  # a fresh installation's files path is made, not reported missing


def test_health_fails_with_503_when_files_cannot_be_written(client, settings, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    settings.MEDIA_ROOT = blocker / "files"  # under a file: cannot exist
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    body = response.json()
    assert (body["status"], body["database"], body["files"]) == ("failing", "ok", "failing")


def test_json_logs_are_one_parsable_object_per_line_with_extra_fields():
    record = logging.makeLogRecord(
        {"name": "mitra.operations", "levelname": "WARNING", "msg": "backup %s", "args": ("written",), "school": 7}
    )
    try:
        raise ValueError("disk full")
    except ValueError:
        record.exc_info = sys.exc_info()
    line = JsonFormatter().format(record)
    assert "\n" not in line.replace("\\n", "")
    entry = json.loads(line)
    assert entry["message"] == "backup written" and entry["level"] == "WARNING" and entry["school"] == 7
    assert entry["logger"] == "mitra.operations" and "disk full" in entry["exception"]
    assert entry["time"].endswith("+00:00")


def _evidence_url(world):
    return reverse(
        "activities:evidence_file",
        kwargs={"school_id": world.a.pk, "activity_id": world.done_activity.pk, "evidence_id": world.evidence.pk},
    )


def test_behind_nginx_a_download_is_an_internal_redirect_after_the_access_check(client, run_world, settings):
    world = run_world
    settings.FILES_ACCEL_PREFIX = "/_mitra_files/"
    client.force_login(world.users["team_member"])
    response = client.get(_evidence_url(world))
    assert response.status_code == 200 and response.content == b""
    target = response["X-Accel-Redirect"]
    assert target.startswith("/_mitra_files/")
    # nginx's alias maps the prefix onto MITRA_MEDIA_ROOT: the file is there.
    stored = world.evidence.file
    assert (Path(settings.MEDIA_ROOT) / target.removeprefix("/_mitra_files/")).read_bytes()[:2] == b"\xff\xd8"
    assert response["Content-Type"] == stored.content_type
    assert "inline" in response["Content-Disposition"]

    client.force_login(world.users["outsider"])
    refused = client.get(_evidence_url(world))
    assert refused.status_code == 404 and "X-Accel-Redirect" not in refused


def test_without_nginx_the_file_itself_is_sent(client, run_world):
    world = run_world
    client.force_login(world.users["team_member"])
    response = client.get(_evidence_url(world))
    assert "X-Accel-Redirect" not in response
    assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"
