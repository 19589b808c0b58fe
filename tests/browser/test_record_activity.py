"""On a 360 px phone: a teacher records an activity in three fields with a camera-sized photo (the
connection drops on the first try: it waits on the phone and goes by itself), submits it, the activity is on the
partner's timeline, and the coordinator verifies it."""

import io
import re

import pytest
from django.conf import settings
from PIL import Image
from playwright.sync_api import expect

from mitra.activities.models import Activity
from mitra.files.models import PartialUpload
from tests.browser.conftest import WAIT
from tests.conftest import PASSWORD, build_world

PHONE = {"width": 360, "height": 740}


def camera_photo(path) -> None:
    """A 4000 × 3000 JPEG as a phone camera makes it, with enough detail to weigh a few MB."""
    image = Image.effect_noise((4000, 3000), 60).convert("RGB")
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=92)
    path.write_bytes(out.getvalue())


def _login(page, url, username):
    page.goto(f"{url}/accounts/login/")
    page.get_by_label("Nama pengguna atau e-mail").fill(username)  # before login: Bahasa Indonesia
    page.get_by_label("Sandi", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    # Logging in first drops what a phone kept for whoever was here before (offline.js), then goes on.
    page.wait_for_url(lambda address: "/accounts/login/" not in address)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_record_on_a_phone_then_verify(browser, live_server, tmp_path):
    world = build_world()
    for person in world.users.values():
        person.language = "en"
        person.save(update_fields=["language"])
    photo = tmp_path / "IMG_20251002_081500.jpg"
    camera_photo(photo)
    context = browser.new_context(viewport=PHONE, locale="en-US", has_touch=True, is_mobile=True)
    context.set_default_timeout(WAIT)
    page = context.new_page()
    problems = []
    page.on("pageerror", lambda e: problems.append(str(e)))

    _login(page, live_server.url, "team_member")
    taps = 0
    page.get_by_role("link", name="Record an activity").first.click()
    taps += 1
    expect(page.get_by_role("heading", name="Record an activity")).to_be_visible()
    # Nothing wider than the phone: the photo input is hidden behind its big button, and once was
    # as wide as the page plus its margin (387 px on 360).
    assert page.evaluate("document.documentElement.scrollWidth") == PHONE["width"]
    # The photo starts up in the background as soon as it is chosen; its first piece meets a dropped
    # connection, and the page goes on by itself from what arrived.
    dropped = []

    def drop_first_piece(route):
        if route.request.method == "PUT" and not dropped:
            dropped.append(route.request.url)
            return route.abort("internetdisconnected")
        return route.continue_()

    page.route("**/record/uploads/**", drop_first_piece)
    page.get_by_label("Photo").set_input_files(str(photo))  # the photo button, then the camera's shutter
    taps += 2
    expect(page.locator(".photo-preview")).to_be_visible()
    page.get_by_label("With which partner?").select_option(label="Puskesmas Kergon")  # open the list, pick
    taps += 2
    page.get_by_label("What was done?").fill("Penyuluhan gizi kelas 7, 96 siswa hadir")
    taps += 1

    # The first send arrives, but its answer is lost on the way back: to the phone, a dropped
    # connection. The capture is kept on the phone and goes again by itself moments later, with the
    # same token, so the server finds the activity it already made instead of saving it twice.
    def lose_the_answer(route):
        route.fetch()  # the server has it
        route.abort("internetdisconnected")

    page.route("**/run/record/", lose_the_answer, times=1)
    page.get_by_role("button", name="Send").click()
    taps += 1
    expect(page.get_by_text("Kept on this phone")).to_be_visible()
    expect(page.get_by_text("Recorded", exact=True)).to_be_visible()  # on the page itself, with the photo
    assert Activity.objects.for_school(world.a).count() == 1
    expect(page.locator(".recorded-photo")).to_be_visible()
    assert taps == 7  # counted for the closing note: the dropped connection costs no tap
    assert dropped  # the photo's upload did meet the drop, and still arrived whole
    assert not PartialUpload.all_schools.exists()  # taken into the activity, nothing left on its way
    activity = Activity.objects.for_school(world.a).get()
    stored = activity.evidence.get().file
    with Image.open(settings.MEDIA_ROOT / stored.path) as kept:
        assert max(kept.size) <= 1600  # scaled in the phone before it was sent
    assert stored.size < 1_000_000

    page.get_by_role("link", name="Open the activity").click()
    page.get_by_role("button", name="Submit for verification").click()
    expect(page.get_by_text("Submitted. The coordinator has been told.")).to_be_visible()
    page.goto(f"{live_server.url}/s/{world.a.pk}/partners/{world.partner.pk}/")
    expect(page.get_by_role("link", name="Penyuluhan gizi kelas 7, 96 siswa hadir")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    coordinator = browser.new_context(viewport=PHONE, locale="en-US").new_page()
    _login(coordinator, live_server.url, "coordinator")
    coordinator.get_by_role("link", name=re.compile("activity waits for your verification")).click()
    coordinator.get_by_role("link", name="Penyuluhan gizi kelas 7, 96 siswa hadir").click()
    expect(coordinator.get_by_role("img", name="IMG_20251002_081500.jpg")).to_be_visible()
    coordinator.get_by_role("button", name="Verify").click()
    expect(coordinator.get_by_text(re.compile("Verified by Coordinator"))).to_be_visible()
    activity.refresh_from_db()
    assert activity.review == Activity.Review.VERIFIED
    assert not problems, problems


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_refused_background_upload_sends_the_photo_with_the_form(browser, live_server, tmp_path):
    """The photo's pieces meet an answer that is not the upload's (an error page, the login page after
    a long pause): the page gives up on the background and sends the photo with the form. And a
    missing field is named in the phone, before the form is sent at all."""
    world = build_world()
    world.users["team_member"].language = "en"
    world.users["team_member"].save(update_fields=["language"])
    photo = tmp_path / "IMG_refused.jpg"
    camera_photo(photo)
    context = browser.new_context(viewport=PHONE, locale="en-US", has_touch=True, is_mobile=True)
    context.set_default_timeout(WAIT)
    page = context.new_page()
    problems, forms_sent = [], []
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("request", lambda r: forms_sent.append(r.url) if r.method == "POST" and "/run/record/" in r.url else None)
    page.route(
        "**/record/uploads/**",
        lambda route: route.fulfill(status=403, content_type="text/html", body="<h1>Forbidden</h1>"),
    )
    _login(page, live_server.url, "team_member")
    page.goto(f"{live_server.url}/s/{world.a.pk}/run/record/")
    page.get_by_label("Photo").set_input_files(str(photo))
    page.get_by_label("With which partner?").select_option(label="Puskesmas Kergon")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_label("What was done?")).to_have_attribute("aria-invalid", "true")
    expect(page.locator(".errorlist.local")).to_have_text("Fill this in.")
    assert forms_sent == []  # named in the phone: nothing was sent

    page.get_by_label("What was done?").fill("Kerja bakti membersihkan mushala")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_text("Recorded", exact=True)).to_be_visible()
    activity = Activity.objects.for_school(world.a).get()
    assert activity.evidence.get().file.is_image  # the photo came with the form
    assert len(forms_sent) == 1 and not PartialUpload.all_schools.exists()
    assert not problems, problems
