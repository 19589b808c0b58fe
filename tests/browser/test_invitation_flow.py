"""A principal invites a teacher who already works at another school; the teacher is told, accepts
on their phone and lands in the new school — nobody joins unasked (issue 21)."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from mitra.schools.models import Membership
from tests.browser.conftest import WAIT
from tests.conftest import PASSWORD, build_world

VIEWPORTS = {"laptop": {"width": 1366, "height": 800}, "phone": {"width": 360, "height": 740}}
SHOTS = os.environ.get("MITRA_SCREENSHOTS")  # a folder: keep a picture of each page, to look at


def _shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def _log_in(page, url: str, username: str) -> None:
    page.goto(f"{url}/accounts/login/")
    page.get_by_label("Nama pengguna atau e-mail").fill(username)
    page.get_by_label("Sandi", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    # Logging in first drops what a phone kept for whoever was here before (offline.js), then goes on.
    page.wait_for_url(lambda address: "/accounts/login/" not in address)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("device", VIEWPORTS)
def test_a_teacher_accepts_an_invitation_to_a_second_school(browser, live_server, device):
    world = build_world()
    context = browser.new_context(viewport=VIEWPORTS[device], locale="id-ID")
    context.set_default_timeout(WAIT)
    page = context.new_page()

    _log_in(page, live_server.url, "principal")
    page.goto(f"{live_server.url}/s/{world.a.pk}/people/invite/")
    page.get_by_label("E-mail").fill("sibling@example.org")
    page.get_by_label("Nama depan").fill("Bu Siti")
    page.get_by_label("Peran").select_option("team_member")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_text("Undangan dikirim ke sibling@example.org")).to_be_visible()
    expect(page.get_by_role("heading", name="Diundang, belum menjawab")).to_be_visible()
    expect(page.get_by_text("Bu Siti")).to_be_visible()  # what the principal typed, not the account's name
    _shot(page, f"members-{device}")
    assert not Membership.objects.filter(user=world.users["sibling"], school=world.a).exists()
    context.clear_cookies()

    _log_in(page, live_server.url, "sibling")
    expect(page.get_by_role("heading", name="Undangan yang menunggu jawaban Anda")).to_be_visible()
    _shot(page, f"invitation-{device}")
    page.get_by_role("button", name="Terima").click()
    expect(page.get_by_text("Anda bergabung dengan SMP A sebagai Anggota tim")).to_be_visible()
    assert Membership.objects.get(user=world.users["sibling"], school=world.a).role == "team_member"
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= VIEWPORTS[device]["width"], f"the page is {width} px wide on a {device}"
    context.close()
