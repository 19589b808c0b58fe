"""A principal logs in (Bahasa Indonesia), switches to English, adds a partner with a contact and finds
it again by search — on a laptop and on a 360 px phone. No request leaves this machine."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import WAIT
from tests.conftest import PASSWORD, build_world

VIEWPORTS = {"laptop": {"width": 1280, "height": 800}, "phone": {"width": 360, "height": 740}}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("device", VIEWPORTS)
def test_principal_adds_and_finds_a_partner(browser, live_server, device):
    build_world()
    context = browser.new_context(viewport=VIEWPORTS[device], locale="en-US")
    context.set_default_timeout(WAIT)
    page = context.new_page()
    outside, problems = [], []
    page.on("request", lambda r: None if r.url.startswith(live_server.url) else outside.append(r.url))
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))

    page.goto(f"{live_server.url}/accounts/login/")
    expect(page.get_by_role("heading", name="Masuk ke Mitra")).to_be_visible()
    page.get_by_label("Nama pengguna atau e-mail").fill("principal@example.org")
    page.get_by_label("Sandi", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", name="SMP A")).to_be_visible()
    expect(page.get_by_text("mitra aktif")).to_be_visible()

    page.get_by_label("Bahasa").select_option("en")
    page.get_by_role("button", name="Ubah").click()
    expect(page.get_by_text("active partners")).to_be_visible()
    assert page.locator("html").get_attribute("lang") == "en"

    page.get_by_role("navigation", name="Partnership cycle").get_by_role("link", name="Partners").click()
    page.get_by_role("link", name="Add a partner").first.click()
    page.get_by_label("Name", exact=True).fill("Pondok Pesantren Al-Hidayah")
    page.get_by_label("Kind").select_option("pesantren")
    page.get_by_label("Religious character", exact=True).check()
    page.get_by_label("Phone").fill("0813 2544 9001")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Partner “Pondok Pesantren Al-Hidayah” was added.")).to_be_visible()
    expect(page.locator('a[href="tel:+6281325449001"]')).to_be_visible()

    page.get_by_role("link", name="Add a contact").click()
    page.get_by_label("Name", exact=True).fill("KH. Ahmad Mustofa")
    page.get_by_label("Position").fill("Pengasuh")
    page.get_by_label("Phone").fill("0812-2700-1122")
    page.get_by_label("Main contact").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Contact “KH. Ahmad Mustofa” was added.")).to_be_visible()
    expect(page.get_by_role("link", name="WhatsApp")).to_have_attribute("href", "https://wa.me/6281227001122")

    page.get_by_role("navigation", name="Partnership cycle").get_by_role("link", name="Partners").click()
    expect(page.get_by_text("3 partners")).to_be_visible()
    page.get_by_role("searchbox", name="Search").fill("hidayah")
    results = page.locator("#results")
    expect(results.get_by_text("1 partner", exact=True)).to_be_visible()  # htmx swapped the results in place
    expect(results.get_by_role("link", name="Pondok Pesantren Al-Hidayah")).to_be_visible()
    expect(results.get_by_text("Puskesmas Kergon")).to_have_count(0)
    assert re.search(r"[?&]q=hidayah", page.url)  # the search is in the address, so Back and sharing work

    if device == "phone":
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"the page scrolls sideways by {overflow}px at 360 px"
    assert not outside, f"requests to other hosts: {outside}"
    assert not problems, f"browser errors: {problems}"
    context.close()
