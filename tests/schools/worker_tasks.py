"""A daily run for the scheduler's tests with a real worker: its first run hangs until it is killed,
every later one writes a line and ends. Files named by MITRA_TEST_RUN_DIR say what happened."""

import os
import time
from pathlib import Path

from django.tasks import task


@task
def stubborn() -> str:
    folder = Path(os.environ["MITRA_TEST_RUN_DIR"])
    hang = folder / "hang-once"
    if not hang.exists():
        hang.write_text("started")
        time.sleep(600)  # the test kills the worker long before
    with (folder / "runs.log").open("a") as log:
        log.write(f"{os.getpid()}\n")
    return "done"
