"""How long recording an activity takes on a phone over a slow connection (issue 24's target: 12 s).

Starts the demo on a throwaway database and, in Chromium at 360 × 740 with the network throttled
(Chrome DevTools' network conditions: 400 kbit/s down, 150 kbit/s up, 400 ms round trip), times a
scripted person from opening the capture page to "Tercatat" (Recorded): choose a 2 MB camera photo,
pick the partner, type the sentence, tap "Kirim". The person is scripted: no thinking, no typing
time, so a real one takes this plus their own seconds.

Two pages in the same run, as the README asks:
- "now": the page as shipped — the photo is scaled in the phone and goes up in the background as soon as
  it is chosen, so "Kirim" sends only the small form; "Tercatat" shows on the page itself;
- "before": the same page with the previous static/mitra/capture.js (git show 04c1ef3:…), which sent the
  scaled photo with the form after "Kirim" and then loaded the activity's page.

And the missing-field check: "Kirim" with the sentence left empty right after choosing the photo; the
time until the message naming the field shows, and how much of the photo had gone up by then.

    .venv/bin/python bench/capture_on_slow_network.py

Results go in bench/README.md by hand."""

import io
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
PORT = 8799
DOWN, UP, RTT = 400, 150, 400  # kbit/s, kbit/s, ms
BEFORE = "04c1ef3"  # the last commit whose capture.js sent the photo with the form
RUNS = 3


def camera_photo(path: Path, target: int = 2 * 1024 * 1024) -> int:
    """A 4000 × 3000 JPEG of about `target` bytes: mild noise, as a phone's camera leaves in a photo."""
    noise = Image.effect_noise((4000, 3000), 9).convert("RGB")
    for quality in (85, 80, 75, 70, 65, 60, 55, 50):
        out = io.BytesIO()
        noise.save(out, format="JPEG", quality=quality)
        if out.tell() <= target * 1.1:
            break
    path.write_bytes(out.getvalue())
    return out.tell()


def demo_server(port: int) -> tuple[subprocess.Popen, Path]:
    """The demo on a throwaway database, served by runserver on `port`; and its folder."""
    work = Path(tempfile.mkdtemp(prefix="mitra-bench-"))
    env = {**os.environ, "MITRA_DB_NAME": str(work / "db.sqlite3"), "MITRA_MEDIA_ROOT": str(work / "files")}
    # Our own interpreter and manage.py with fixed arguments: nothing here comes from outside.
    subprocess.run([PYTHON, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)  # noqa: S603
    subprocess.run([PYTHON, "manage.py", "demo", "-v0"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)  # noqa: S603
    server = subprocess.Popen(  # noqa: S603
        [PYTHON, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return server, work


def main() -> None:
    before_script = subprocess.run(  # noqa: S603
        ["git", "show", f"{BEFORE}:static/mitra/capture.js"],  # noqa: S607
        cwd=ROOT,
        check=True,
        capture_output=True,
    ).stdout
    server, work = demo_server(PORT)
    photo = work / "IMG_camera.jpg"
    size = camera_photo(photo)
    print(f"photo: 4000 x 3000 JPEG, {size / 1024 / 1024:.2f} MB; link {DOWN}/{UP} kbit/s, {RTT} ms")
    try:
        wait_for(f"http://127.0.0.1:{PORT}/healthz")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--headless"])
            found = {}
            for label, script in (("now", None), ("before", before_script)):
                found[label] = [record(browser, photo, script) for _ in range(RUNS)]
                times = ", ".join(f"{t:.1f}" for t in found[label])
                print(f"{label:7} open → Tercatat   median {statistics.median(found[label]):5.1f} s  ({times})")
            ratio = statistics.median(found["before"]) / statistics.median(found["now"])
            print(f"before / now: {ratio:.2f}")
            for _ in range(RUNS):
                seconds, sent = missing_field(browser, photo)
                print(f"missing sentence: the message after {seconds * 1000:.0f} ms, {sent} of the photo up by then")
            browser.close()
    finally:
        server.terminate()


def wait_for(url: str, seconds: int = 60) -> None:
    import urllib.request

    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(url, timeout=2)  # noqa: S310 (our own local server)
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def _phone(browser, script: bytes | None):
    """A logged-in teacher's phone on the slow link; with `script`, the capture page runs that one."""
    # No service worker: a first visit (it would keep the page's files ahead, through a connection the
    # throttling does not reach), and `page.route` below sees every request only without one.
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, has_touch=True, is_mobile=True, service_workers="block"
    )
    page = context.new_page()
    base = f"http://127.0.0.1:{PORT}"
    page.goto(base + "/accounts/login/")
    page.fill("#id_username", "guru")
    page.fill("#id_password", "mitra-demo-2026")
    page.click("button[type=submit]")
    page.wait_for_url(lambda address: "/accounts/login/" not in address)  # logging in first clears kept pages
    page.wait_for_load_state("load")
    if script is not None:
        page.route(
            "**/static/mitra/capture.js", lambda route: route.fulfill(body=script, content_type="text/javascript")
        )
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})  # a first visit: every asset comes over the link
    cdp.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": RTT, "downloadThroughput": DOWN * 128, "uploadThroughput": UP * 128},
    )
    return context, page, base


def record(browser, photo: Path, script: bytes | None) -> float:
    context, page, base = _phone(browser, script)
    started = time.monotonic()
    page.goto(base + "/s/1/run/record/", wait_until="domcontentloaded")
    page.wait_for_function("() => document.querySelector('form[data-capture]') !== null")
    page.set_input_files("input[type=file]", str(photo))
    page.select_option("select[name=partner]", index=1)
    page.fill("textarea[name=sentence]", "Penyuluhan gizi kelas 7, 96 siswa hadir")
    page.click("form[data-capture] button[type=submit]", no_wait_after=True)
    if script is None:
        page.get_by_text("Tercatat", exact=True).wait_for(timeout=600_000)
    else:  # the earlier page loaded the activity's page instead
        page.wait_for_url(lambda url: "/run/record/" not in url, timeout=600_000)
        page.wait_for_load_state("load")
    elapsed = time.monotonic() - started
    context.close()
    return elapsed


def missing_field(browser, photo: Path) -> tuple[float, str]:
    context, page, base = _phone(browser, None)
    sent = []
    page.on("request", lambda r: sent.append(len(r.post_data_buffer or b"")) if r.method == "PUT" else None)
    page.goto(base + "/s/1/run/record/", wait_until="load")
    page.set_input_files("input[type=file]", str(photo))
    page.select_option("select[name=partner]", index=1)
    started = time.monotonic()
    page.click("form[data-capture] button[type=submit]", no_wait_after=True)
    page.locator(".errorlist.local").first.wait_for()
    elapsed = time.monotonic() - started
    total = page.evaluate("() => document.querySelector('.photo-progress').value")
    context.close()
    return elapsed, f"{total}% ({sum(sent) // 1024} KB in {len(sent)} pieces asked)"


if __name__ == "__main__":
    sys.exit(main())
