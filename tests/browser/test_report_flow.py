"""The principal makes the annual report from the page, watches it being made by the worker and
downloads it — the PDF that arrives is read back."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from playwright.sync_api import expect

from tests.browser.conftest import WAIT
from tests.conftest import PASSWORD, add_agreements, add_implementation, add_letters, build_world
from tests.documents.reading import pdf_text, squeeze


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_principal_makes_the_annual_report_watches_it_and_downloads_it(browser, live_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "files"
    world = add_implementation(add_letters(add_agreements(build_world())))
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="id-ID", accept_downloads=True)
    context.set_default_timeout(WAIT)
    page = context.new_page()
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Nama pengguna atau e-mail").fill("principal@example.org")
    page.get_by_label("Sandi", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.get_by_role("navigation", name="Siklus kemitraan").get_by_role("link", name="Laporan").click()
    expect(page.get_by_role("heading", name="Laporan tertulis")).to_be_visible()
    page.get_by_label("Laporan Kemitraan Tahunan").check()
    page.get_by_label("Tahun pelajaran", exact=True).select_option(label=world.year.name)
    page.get_by_role("button", name="Buat laporan").click()

    # Queued: the page says so and keeps asking.
    expect(page.get_by_text("Menunggu pekerja latar memulainya")).to_be_visible()
    progress = page.locator("progress")
    expect(progress).to_be_visible()
    expect(progress).to_have_attribute("value", "0")  # the bar is there before the worker starts

    # The real worker, as `make run` starts it, in its own process on the test database.
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--batch"],
        env={
            **os.environ,
            "MITRA_DB_NAME": connection.settings_dict["NAME"],
            "MITRA_MEDIA_ROOT": str(settings.MEDIA_ROOT),
        },
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    download_button = page.get_by_role("link", name="Unduh")
    expect(download_button).to_be_visible(timeout=4 * WAIT)  # the worker makes the whole report meanwhile
    assert worker.wait(timeout=4 * WAIT / 1000) == 0, worker.stderr.read().decode()
    expect(page.get_by_text("Siap.")).to_be_visible()

    with page.expect_download() as waiting:
        download_button.click()
    download = waiting.value
    assert download.suggested_filename.endswith(".pdf")
    text = squeeze(pdf_text(Path(download.path()).read_bytes()))
    assert "Laporan Kemitraan Tahunan" in text and world.a.name in text
    assert not problems, problems
    context.close()
