"""On a 360 px phone: recording what a partner gave asks only what its kind needs — people and hours
for people's time, how the value was estimated for what was not money — and is kept on the activity."""

import pytest
from playwright.sync_api import expect

from mitra.activities import services
from mitra.activities.models import Contribution
from tests.browser.conftest import WAIT
from tests.browser.test_record_activity import PHONE, _login
from tests.conftest import build_world, jpeg_upload


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_contribution_of_time_on_a_phone(browser, live_server):
    world = build_world()
    for person in world.users.values():
        person.language = "en"
        person.save(update_fields=["language"])
    activity = services.quick_record(
        school=world.a,
        user=world.users["team_member"],
        partner=world.partner,
        sentence="Penyuluhan gizi",
        photo=jpeg_upload(),
    )
    context = browser.new_context(viewport=PHONE, locale="en-US", has_touch=True, is_mobile=True)
    context.set_default_timeout(WAIT)
    page = context.new_page()
    problems = []
    page.on("pageerror", lambda e: problems.append(str(e)))
    _login(page, live_server.url, "team_member")
    page.goto(f"{live_server.url}/s/{world.a.pk}/run/{activity.pk}/")
    page.get_by_text("Record a contribution").click()
    form = page.locator("form[data-contribution]")
    people, valued_how = form.get_by_label("How many people"), form.get_by_label("How the value was estimated")
    expect(people).to_be_hidden()  # nothing chosen yet: no time to count
    form.get_by_label("Money").check()
    expect(people).to_be_hidden()
    expect(valued_how).to_be_hidden()  # money is worth what it says
    form.get_by_label("People's time").check()
    expect(people).to_be_visible()
    expect(valued_how).to_be_visible()
    people.fill("2")
    form.get_by_label("Hours each").fill("3")
    form.get_by_label("Description").fill("Dua bidan")
    form.get_by_role("button", name="Save").click()
    expect(page.get_by_text("2 people × 3 hours each")).to_be_visible()
    kept = Contribution.objects.for_school(world.a).get()
    assert (kept.kind, kept.people, kept.hours, kept.partner) == ("time", 2, 3, world.partner)
    assert page.evaluate("document.documentElement.scrollWidth") == PHONE["width"]
    assert not problems, problems
    context.close()
