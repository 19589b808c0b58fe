"""The scheduler with real workers (manage.py db_worker in processes of their own): a worker killed
in the middle of a daily run leaves it "running" for ever, and the next tick enqueues it again, which
the next worker runs; two workers started at once run a due run once."""

import datetime
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from mitra.schools import schedules
from mitra.schools.models import Schedule
from tests.schools.worker_tasks import stubborn

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(settings.BASE_DIR)


@pytest.fixture
def run_dir(tmp_path):
    schedules.register("stubborn", stubborn, at=datetime.time(0, 0), lost_after=datetime.timedelta(0))
    yield tmp_path
    schedules._jobs.pop("stubborn")


def worker(run_dir: Path, *extra: str) -> subprocess.Popen:
    env = {**os.environ, "MITRA_DB_NAME": connection.settings_dict["NAME"], "MITRA_TEST_RUN_DIR": str(run_dir)}
    # --no-reload: with DEBUG on (as in the tests) the worker would otherwise run under the autoreloader,
    # in a child process that the SIGKILL below does not reach, left polling the test database for ever.
    command = [
        sys.executable,
        "manage.py",
        "db_worker",
        "--no-startup-delay",
        "--interval",
        "0.1",
        "--no-reload",
        "-v0",
        *extra,
    ]
    # Its errors to a file, not a pipe: a worker that writes more than a pipe holds before the test
    # reads it would wait on the write for ever (one such run timed out in CI on PostgreSQL).
    errors = (run_dir / f"worker-{time.monotonic_ns()}.err").open("w")
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=errors)
    process.errors = Path(errors.name)
    return process


def wait_for(condition, seconds: float = 60.0):
    deadline = time.monotonic() + seconds
    while not (found := condition()):
        assert time.monotonic() < deadline, "the condition was not met in time"
        time.sleep(0.05)
    return found


def result_of(name: str) -> DBTaskResult:
    return DBTaskResult.objects.get(pk=Schedule.objects.get(name=name).last_result_id)


def only_stubborn():
    """The other daily runs are taken as done, so that the workers run the test's own alone."""
    schedules.tick()
    DBTaskResult.objects.exclude(task_path=stubborn.module_path).update(status=TaskResultStatus.SUCCESSFUL)


def test_a_run_whose_worker_is_killed_midway_is_run_again_after_the_next_tick(run_dir):
    only_stubborn()
    first = result_of("stubborn")
    killed = worker(run_dir)
    try:
        wait_for(lambda: DBTaskResult.objects.get(pk=first.pk).status == TaskResultStatus.RUNNING)
    finally:
        killed.send_signal(signal.SIGKILL)
        killed.wait()
    assert DBTaskResult.objects.get(pk=first.pk).status == TaskResultStatus.RUNNING  # for ever, with no one on it
    assert not (run_dir / "runs.log").exists()

    assert schedules.tick() == ["stubborn"]  # lost: enqueued again
    assert schedules.tick() == []  # once
    again = result_of("stubborn")
    assert again.pk != first.pk
    finished = worker(run_dir, "--batch")
    assert finished.wait(timeout=120) == 0, finished.errors.read_text()
    assert DBTaskResult.objects.get(pk=again.pk).status == TaskResultStatus.SUCCESSFUL
    assert len((run_dir / "runs.log").read_text().splitlines()) == 1


def test_two_workers_run_a_due_run_once(run_dir):
    (run_dir / "hang-once").write_text("no hanging in this test")
    only_stubborn()
    two = [worker(run_dir, "--batch"), worker(run_dir, "--batch")]
    for process in two:
        assert process.wait(timeout=120) == 0, process.errors.read_text()
    assert len((run_dir / "runs.log").read_text().splitlines()) == 1
    assert result_of("stubborn").status == TaskResultStatus.SUCCESSFUL
    assert schedules.tick() == []
