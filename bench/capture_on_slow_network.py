"""How long recording an activity takes on a phone over a slow connection.

Starts the demo on a throwaway database, opens the capture page at 360 × 740 in Chromium with the
network throttled (Chrome DevTools' network conditions), records an activity with a 4000 × 3000
camera photo, and times from tapping "Send" to the activity's page. Each profile is run with the
page's script (the photo is scaled in the phone) and without it (the photo goes as taken).

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
# (name, download kbit/s, upload kbit/s, round trip ms) — Chrome's presets and a weaker rural link.
PROFILES = [("Fast 3G", 1600, 750, 150), ("Slow 3G", 500, 400, 400), ("Rural EDGE", 240, 120, 600)]
RUNS = 2


def camera_photo(path: Path) -> int:
    # Mild noise at quality 85 weighs what a 12-megapixel phone photo does (about 3.4 MB).
    image = Image.effect_noise((4000, 3000), 10).convert("RGB")
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=85)
    path.write_bytes(out.getvalue())
    return len(out.getvalue())


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="mitra-bench-"))
    env = {**os.environ, "MITRA_DB_NAME": str(work / "db.sqlite3"), "MITRA_MEDIA_ROOT": str(work / "files")}
    # Our own interpreter and manage.py with fixed arguments: nothing here comes from outside.
    subprocess.run([PYTHON, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)  # noqa: S603
    subprocess.run([PYTHON, "manage.py", "demo", "-v0"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)  # noqa: S603
    server = subprocess.Popen(  # noqa: S603
        [PYTHON, "manage.py", "runserver", f"127.0.0.1:{PORT}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    photo = work / "IMG_camera.jpg"
    size = camera_photo(photo)
    print(f"photo: 4000 x 3000 JPEG, {size / 1024 / 1024:.1f} MB")
    try:
        wait_for(f"http://127.0.0.1:{PORT}/healthz")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--headless"])
            for name, down, up, rtt in PROFILES:
                for script in (True, False):
                    runs = RUNS if script or up >= 400 else 1  # the unscaled photo on EDGE takes minutes
                    timings = [measure(browser, photo, down, up, rtt, script) for _ in range(runs)]
                    label = "scaled in the phone" if script else "sent as taken (no script)"
                    print(
                        f"{name:11} {label:27} median {statistics.median(timings):6.1f} s  ({', '.join(f'{t:.1f}' for t in timings)})"
                    )
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


def measure(browser, photo: Path, down: int, up: int, rtt: int, script: bool) -> float:
    context = browser.new_context(viewport={"width": 360, "height": 740}, java_script_enabled=script)
    page = context.new_page()
    base = f"http://127.0.0.1:{PORT}"
    page.goto(base + "/accounts/login/")
    page.fill("#id_username", "guru")
    page.fill("#id_password", "mitra-demo-2026")
    page.click("button[type=submit]")
    page.goto(base + "/s/1/run/record/")
    page.set_input_files("input[type=file]", str(photo))
    page.select_option("select[name=partner]", index=1)
    page.fill("textarea[name=sentence]", "Penyuluhan gizi kelas 7")
    if script:
        page.wait_for_timeout(1500)  # the phone scales the photo while the person types
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": rtt, "downloadThroughput": down * 128, "uploadThroughput": up * 128},
    )
    started = time.monotonic()
    page.click("form[data-capture] button[type=submit]", no_wait_after=True)
    page.wait_for_url(lambda url: "/run/record/" not in url, timeout=600_000)
    page.wait_for_load_state("load")
    elapsed = time.monotonic() - started
    context.close()
    return elapsed


if __name__ == "__main__":
    sys.exit(main())
