"""On a 360 px phone, a parent answers the evaluation of an activity through a link, without an
account and in Bahasa Indonesia; the first send meets a dropped connection and nothing typed is
lost. The coordinator then reads the result and raises an obstacle from the parent's comment."""

import pytest
from playwright.sync_api import expect

from mitra.evaluation.models import Obstacle, Response
from mitra.evaluation.responses import field_name
from tests.browser.conftest import WAIT
from tests.conftest import PASSWORD, add_agreements, add_evaluation, add_implementation, add_letters, build_world

PHONE = {"width": 360, "height": 740}
COMMENT = "Undangannya mendadak, mohon dikabari seminggu sebelumnya"


def _world():
    world = add_evaluation(add_implementation(add_letters(add_agreements(build_world()))))
    world.users["coordinator"].language = "en"
    world.users["coordinator"].save(update_fields=["language"])
    return world


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_parent_answers_by_link_and_the_coordinator_raises_an_obstacle(browser, live_server):
    world = _world()
    version = world.round.version
    ratings = [i for i in version.items if i["kind"] == "rating"]
    comment = next(i for i in version.items if i["kind"] == "long")
    before = Response.objects.for_school(world.a).count()

    phone = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    phone.set_default_timeout(WAIT)
    page = phone.new_page()
    problems = []
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(f"{live_server.url}/e/{world.link.token}/")
    expect(page.get_by_role("heading", name=world.round.title)).to_be_visible()
    expect(page.get_by_role("button", name="Kirim jawaban saya")).to_be_visible()  # no account: Bahasa Indonesia
    assert page.evaluate("document.documentElement.scrollWidth") <= 360  # nothing wider than the phone

    page.get_by_label("Nama Anda").fill("Ibu Sari")
    for n, item in enumerate(ratings):
        value = "dk" if n == 1 else "4"
        page.locator(f"input[name={field_name(item['key'])}][value='{value}']").check()
    page.locator(f"textarea[name={field_name(comment['key'])}]").fill(COMMENT)

    # The first send is lost on the way: back on the form, every answer is still there.
    page.route(
        f"**/e/{world.link.token}/",
        lambda route: route.abort("internetdisconnected") if route.request.method == "POST" else route.continue_(),
        times=1,
    )
    page.get_by_role("button", name="Kirim jawaban saya").click()
    page.wait_for_url("chrome-error://**")  # the browser's page for a lost connection
    assert Response.objects.for_school(world.a).count() == before
    page.goto(f"{live_server.url}/e/{world.link.token}/")
    expect(page.locator(f"textarea[name={field_name(comment['key'])}]")).to_have_value(COMMENT)
    expect(page.locator(f"input[name={field_name(ratings[0]['key'])}][value='4']")).to_be_checked()
    expect(page.locator(f"input[name={field_name(ratings[1]['key'])}][value='dk']")).to_be_checked()

    page.get_by_role("button", name="Kirim jawaban saya").click()
    expect(page.get_by_role("heading", name="Terima kasih")).to_be_visible()
    assert Response.objects.for_school(world.a).count() == before + 1
    saved = Response.objects.for_school(world.a).latest("id")
    assert (saved.group, saved.name) == ("parents", "Ibu Sari")
    assert saved.answers.get(item_key=ratings[1]["key"]).dont_know
    # Sent: the copy kept on the phone is gone, so the next visit starts empty.
    page.goto(f"{live_server.url}/e/{world.link.token}/")
    expect(page.locator(f"textarea[name={field_name(comment['key'])}]")).to_have_value("")
    assert not problems, problems
    phone.close()

    desk = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    desk.set_default_timeout(WAIT)
    page = desk.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Nama pengguna atau e-mail").fill("coordinator")
    page.get_by_label("Sandi", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    # Logging in first drops what a phone kept for whoever was here before (offline.js), then goes on.
    page.wait_for_url(lambda address: "/accounts/login/" not in address)
    page.goto(f"{live_server.url}/s/{world.a.pk}/evaluate/rounds/{world.round.pk}/")
    expect(page.get_by_text("2 responses.")).to_be_visible()
    expect(page.get_by_text(COMMENT)).to_be_visible()
    page.locator("li", has_text=COMMENT).get_by_role("link", name="Raise as an obstacle").click()
    expect(page.get_by_role("heading", name="Record an obstacle")).to_be_visible()
    expect(page.get_by_label("Obstacle", exact=True)).to_have_value(COMMENT)
    page.get_by_label("Category").select_option("communication")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("link", name=world.round.title)).to_be_visible()
    obstacle = Obstacle.objects.for_school(world.a).latest("id")
    assert (obstacle.from_response, obstacle.category, obstacle.partner) == (saved, "communication", world.partner)
    desk.close()
