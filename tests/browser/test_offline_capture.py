"""Issue 25's acceptance: recording without a signal. On a 360 px phone, with the browser's own profile
on disk: the capture page is kept while online; offline, three activities with photos and a fourth
are recorded and wait on the phone; a reload offline shows them all; the browser is closed and
opened again on the same profile; online, the three are saved exactly once with the date they were
recorded (days before they were sent), and the fourth, whose partner was archived meanwhile, stays
on the phone with the reason. Logging out warns, then leaves nothing: no cache, no database, no
service worker (read through the browser's storage APIs), by the page's own doing (the answer's
Clear-Site-Data header is taken off for the test)."""

import datetime
import io
import zoneinfo

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from mitra.activities.models import Activity
from mitra.partners import services as partners
from tests.browser.conftest import CHROMIUM, WAIT
from tests.browser.test_record_activity import _login
from tests.conftest import build_world, make_partner

PHONE = {"width": 360, "height": 740}
JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")


def photo(path, seed: int) -> None:
    image = Image.effect_noise((1600, 1200), 40 + seed).convert("RGB")
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=90)
    path.write_bytes(out.getvalue())


def until(page, script: str, expected, what: str) -> None:
    """Wait for a condition read through the page (a Promise's value, which wait_for_function would
    take as true), checking again every 100 ms up to WAIT."""
    deadline = datetime.datetime.now() + datetime.timedelta(milliseconds=WAIT)
    seen = None
    while datetime.datetime.now() < deadline:
        seen = page.evaluate(script)
        if seen == expected:
            return
        page.wait_for_timeout(100)  # the next look, not a pause that stands for a condition
    raise AssertionError(f"{what}: {seen!r}, expected {expected!r}")


KEPT = "path => caches.match(path).then(found => !!found)"
WAITING = "() => MitraOutbox.all().then(items => items.map(i => [i.sentence, i.state]))"


def open_profile(playwright, profile, **extra):
    context = playwright.chromium.launch_persistent_context(
        str(profile),
        executable_path=CHROMIUM,
        args=["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-quic"],
        viewport=PHONE,
        locale="en-US",
        timezone_id="Asia/Jakarta",
        has_touch=True,
        **extra,
    )
    context.set_default_timeout(WAIT)
    page = context.pages[0] if context.pages else context.new_page()
    return context, page


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_record_offline_send_later_and_log_out_clean(playwright, live_server, tmp_path):
    world = build_world()
    teacher = world.users["team_member"]
    teacher.language = "en"
    teacher.save(update_fields=["language"])
    pesantren = make_partner(world.a, "Pondok Pesantren Al-Hikmah")
    capture = f"/s/{world.a.pk}/run/record/"
    profile = tmp_path / "profile"
    problems = []

    # Online: logging in and opening any page keeps the capture page for later.
    context, page = open_profile(playwright, profile)
    page.on("pageerror", lambda e: problems.append(str(e)))
    _login(page, live_server.url, "team_member")
    expect(page.locator("body[data-capture]")).to_have_count(1)
    until(page, f"() => ({KEPT})('{capture}')", True, "capture page kept")
    # Other pages pass by: nothing with the school's or a person's data is kept but the capture page.
    for path in ("partners/", f"partners/{world.partner.pk}/", "run/", "agree/"):
        page.goto(f"{live_server.url}/s/{world.a.pk}/{path}")
        expect(page.locator("main")).to_be_visible()
    kept_urls = page.evaluate(
        "() => caches.keys().then(names => Promise.all(names.map(n => caches.open(n).then(c => c.keys()))))"
        ".then(lists => lists.flat().map(r => new URL(r.url).pathname))"
    )
    assert capture in kept_urls
    assert all(url == capture or url.startswith("/static/") for url in kept_urls), kept_urls

    # Three days ago, in a field without a signal.
    recorded_at = datetime.datetime.combine(timezone.localdate(), datetime.time(9, 30), JAKARTA)
    recorded_at -= datetime.timedelta(days=3)
    page.clock.set_fixed_time(recorded_at)
    context.set_offline(True)
    page.goto(live_server.url + capture)
    expect(page.get_by_role("heading", name="Record an activity")).to_be_visible()
    sentences = [
        "Pemeriksaan gigi kelas 7A",
        "Pemeriksaan gigi kelas 7B",
        "Penyuluhan gizi untuk wali murid",
    ]
    for n, sentence in enumerate(sentences):
        picture = tmp_path / f"IMG_{n}.jpg"
        photo(picture, n)
        page.get_by_label("Photo").set_input_files(str(picture))
        page.get_by_label("With which partner?").select_option(label="Puskesmas Kergon")
        page.get_by_label("What was done?").fill(sentence)
        page.get_by_role("button", name="Send").click()
        expect(page.get_by_text("Kept on this phone")).to_be_visible()
        page.get_by_role("link", name="Record another").click()
    page.get_by_label("With which partner?").select_option(label="Pondok Pesantren Al-Hikmah")
    page.get_by_label("What was done?").fill("Kunjungan ke pondok")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_text("Kept on this phone")).to_be_visible()
    expect(page.locator(".outbox-count .n")).to_have_text("4")

    # A reload without a signal: the page and the four captures are still there.
    page.reload()
    expect(page.get_by_role("heading", name="Record an activity")).to_be_visible()
    expect(page.locator(".outbox-item")).to_have_count(4)
    expect(page.locator(".outbox-item").first).to_contain_text("Pemeriksaan gigi kelas 7A")
    assert not Activity.objects.for_school(world.a).filter(notes__in=sentences).exists()
    context.close()

    # Meanwhile, at school, the pesantren is archived.
    partners.partner_archive(partner=pesantren, user=world.users["coordinator"])

    # The browser again, same profile, with a signal: everything waiting goes, in order.
    context, page = open_profile(playwright, profile)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(live_server.url + capture)
    until(page, WAITING, [["Kunjungan ke pondok", "refused"]], "what is left on the phone")
    saved = list(Activity.objects.for_school(world.a).filter(notes__in=sentences).order_by("pk"))
    assert [a.notes for a in saved] == sentences  # each once, in the order they were made
    assert {a.start_date for a in saved} == {recorded_at.date()}  # the day recorded, not the day sent
    assert all(a.evidence.count() == 1 and a.evidence.get().file.is_image for a in saved)
    assert all(a.recorded_by == teacher for a in saved)
    refused = page.locator(".outbox-item.refused")
    expect(refused).to_contain_text("This partner is no longer in the school's list. Choose another.")
    expect(page.locator(".outbox-count .n")).to_have_text("1")

    # Logging out with a capture unsent: a warning first, then nothing of this person stays.
    warnings = []

    def answer(dialog):
        warnings.append(dialog.message)
        dialog.accept()

    page.on("dialog", answer)

    # The page's own clearing is what is checked: the logout answer's Clear-Site-Data is taken off.
    def without_clear_site_data(route):
        response = route.fetch(max_redirects=0)
        headers = {k: v for k, v in response.headers.items() if k.lower() != "clear-site-data"}
        route.fulfill(response=response, headers=headers)

    page.route("**/accounts/logout/", without_clear_site_data)
    page.locator("summary", has_text="Account").click()
    page.get_by_role("button", name="Log out").click()
    expect(page.locator("input[name=username]")).to_be_visible()
    assert warnings and "not been sent" in warnings[0]
    until(page, "() => caches.keys()", [], "caches after logging out")
    until(page, "() => indexedDB.databases().then(all => all.map(d => d.name))", [], "databases after logging out")
    until(page, "() => navigator.serviceWorker.getRegistrations().then(all => all.length)", 0, "workers")
    assert not problems, problems
    context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_another_person_on_the_same_phone_neither_sees_nor_sends_the_first_ones_captures(
    playwright, live_server, tmp_path
):
    """The teacher's login ends by itself with a capture still waiting; the principal logs in on the
    same browser: the kept page is the principal's own, the teacher's capture is neither counted nor
    sent under the principal's name, and it goes when the teacher logs in again."""
    world = build_world()
    for person in world.users.values():
        person.language = "en"
        person.save(update_fields=["language"])
    teacher, principal = world.users["team_member"], world.users["principal"]
    capture = f"/s/{world.a.pk}/run/record/"
    context, page = open_profile(playwright, tmp_path / "profile")
    problems = []
    page.on("pageerror", lambda e: problems.append(str(e)))
    _login(page, live_server.url, "team_member")
    until(page, f"() => ({KEPT})('{capture}')", True, "capture page kept")
    context.set_offline(True)
    page.goto(live_server.url + capture)
    page.get_by_label("With which partner?").select_option(label="Puskesmas Kergon")
    page.get_by_label("What was done?").fill("Rapat dengan puskesmas")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_text("Kept on this phone")).to_be_visible()

    Session.objects.all().delete()  # the teacher's login ends by itself (idle, or its 12 hours)
    context.set_offline(False)
    _login(page, live_server.url, "principal")
    # The page kept for the teacher went at the login; the one kept now is the principal's. Offline,
    # that is the one that opens.
    who = f"() => caches.match('{capture}').then(r => r ? r.text() : '').then(t => t.match(/data-user=\"(\\d+)\"/))"
    until(page, who + ".then(m => m && m[1])", str(principal.pk), "whose capture page is kept")
    context.set_offline(True)
    page.goto(live_server.url + capture)
    expect(page.locator(f'body[data-user="{principal.pk}"]')).to_have_count(1)
    expect(page.locator(".outbox-count")).to_be_hidden()
    expect(page.locator(".outbox")).to_be_hidden()
    context.set_offline(False)
    page.evaluate("() => MitraOutbox.sendAll()")  # even asked to, the teacher's capture does not go
    until(page, WAITING, [["Rapat dengan puskesmas", "waiting"]], "the teacher's capture, still waiting")
    assert not Activity.objects.for_school(world.a).filter(notes="Rapat dengan puskesmas").exists()

    Session.objects.all().delete()
    _login(page, live_server.url, "team_member")
    until(page, WAITING, [], "the teacher's capture, sent")
    activity = Activity.objects.for_school(world.a).get(notes="Rapat dengan puskesmas")
    assert activity.recorded_by == teacher
    assert not problems, problems
    context.close()
