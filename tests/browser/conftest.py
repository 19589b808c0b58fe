"""Playwright drives Debian's Chromium (Playwright's own browser download cannot work here).

Every wait is for a condition, never a fixed pause, and its limit is WAIT: long, because it costs
time only when a test is failing, while a short one fails a passing test on a busy machine."""

import os
import shutil

import pytest
from playwright.sync_api import expect

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # the sync Playwright API runs an event loop

# `make test` (scripts/system-packages) finds it the same way, or installs it.
CHROMIUM = os.environ.get("MITRA_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"

WAIT = 30_000  # ms, for every action (context.set_default_timeout) and every expect() (else 5 s)
expect.set_options(timeout=WAIT)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not os.path.exists(CHROMIUM):
        pytest.fail(
            f"The browser tests need Chromium at {CHROMIUM}. Install it with `sudo apt-get install chromium` "
            "(or point MITRA_CHROMIUM at a Chromium binary); `make test` installs it when run as root.",
            pytrace=False,
        )
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }
