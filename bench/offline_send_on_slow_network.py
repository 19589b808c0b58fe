"""How long three captures kept on a phone take to be sent once a slow connection comes back
(issue 25's target: 20 s on 400 kbit/s down, 150 kbit/s up, 400 ms round trip).

Starts the demo on a throwaway database behind a small throttling proxy (in this file): every byte
between Chromium and the server, the page's and the service worker's alike, goes through it at the
link's rates, each way 200 ms late. (Chrome's own network conditions apply to a page and not to its
service worker, which may be the one sending.) Then, in Chromium at 360 × 740 on a profile on disk:
- the teacher logs in with a good connection and the capture page is kept for later;
- offline, three activities are recorded, each with a 2 MB camera photo (scaled in the phone);
- the link comes back, slow: the clock runs from then until the last of the three is saved.

Each run is also checked: three activities, each once, each with its photo. Figures: the median of
RUNS, each run's time, the bytes of the photos, and the time the link alone takes to carry them
(the floor no sending can beat; the ratio says how close the sending comes to it).

    .venv/bin/python bench/offline_send_on_slow_network.py

Results go in bench/README.md by hand."""

import asyncio
import shutil
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))
from capture_on_slow_network import camera_photo, demo_server, wait_for  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
PORT, PROXY = 8798, 8797
DOWN, UP, RTT = 400, 150, 400  # kbit/s, kbit/s, ms
RUNS = 3
SENTENCES = ["Pemeriksaan gigi kelas 7A", "Pemeriksaan gigi kelas 7B", "Penyuluhan gizi untuk wali murid"]


class Link:
    """A TCP proxy that delays each direction by half the round trip and paces it at its rate.
    `slow` switches the pacing on; until then it passes bytes at once."""

    def __init__(self):
        self.slow = False
        self.loop = asyncio.new_event_loop()

    def start(self):
        threading.Thread(target=self.loop.run_forever, daemon=True).start()
        asyncio.run_coroutine_threadsafe(self._serve(), self.loop).result()

    async def _serve(self):
        await asyncio.start_server(self._connection, "127.0.0.1", PROXY)

    async def _connection(self, client_reader, client_writer):
        server_reader, server_writer = await asyncio.open_connection("127.0.0.1", PORT)
        await asyncio.gather(
            self._pipe(client_reader, server_writer, UP), self._pipe(server_reader, client_writer, DOWN)
        )

    async def _pipe(self, reader, writer, kbits):
        queue: asyncio.Queue = asyncio.Queue()

        async def read():
            while chunk := await reader.read(4096):
                await queue.put((time.monotonic(), chunk))
            await queue.put((time.monotonic(), b""))

        async def write():
            free_at = 0.0  # when the link has sent what it was given
            while True:
                arrived, chunk = await queue.get()
                if not chunk:
                    break
                if self.slow:
                    start = max(arrived + RTT / 2000, free_at, time.monotonic())
                    free_at = start + len(chunk) * 8 / (kbits * 1000)
                    await asyncio.sleep(free_at - time.monotonic())
                writer.write(chunk)
                await writer.drain()
            writer.close()

        try:
            await asyncio.gather(read(), write())
        except (ConnectionError, OSError):
            writer.close()


def sentences(run: int) -> list[str]:
    return [f"{sentence} ({run + 1})" for sentence in SENTENCES]


def saved(db: Path, run: int) -> list[tuple[str, int]]:
    """The run's activities, each with its number of files of evidence."""
    with sqlite3.connect(db) as connection:
        return connection.execute(
            "SELECT a.notes, (SELECT COUNT(*) FROM activities_evidence e WHERE e.activity_id = a.id) "
            "FROM activities_activity a WHERE a.notes IN (?, ?, ?) ORDER BY a.id",
            sentences(run),
        ).fetchall()


def one_run(p, link: Link, photo: Path, run: int, base: str) -> tuple[float, int]:
    profile = Path(tempfile.mkdtemp(prefix="mitra-profile-"))
    link.slow = False
    context = p.chromium.launch_persistent_context(
        str(profile),
        executable_path="/usr/bin/chromium",
        args=["--headless", "--no-sandbox"],
        viewport={"width": 360, "height": 740},
        has_touch=True,
    )
    page = context.pages[0] if context.pages else context.new_page()
    page.goto(base + "/accounts/login/")
    page.fill("#id_username", "guru")
    page.fill("#id_password", "mitra-demo-2026")
    page.click("button[type=submit]")
    page.wait_for_url(lambda address: "/accounts/login/" not in address)
    page.goto(base + "/s/1/")  # any page of the school: the capture page is kept from here
    while not page.evaluate("caches.match('/s/1/run/record/').then(found => !!found)"):
        page.wait_for_timeout(100)
    context.set_offline(True)
    page.goto(base + "/s/1/run/record/")
    for sentence in sentences(run):
        page.set_input_files("input[type=file]", str(photo))
        page.select_option("select[name=partner]", index=1)
        page.fill("textarea[name=sentence]", sentence)
        page.click("form[data-capture] button[type=submit]")
        page.locator(".recorded.kept").wait_for()
        page.click(".recorded .actions a")
    sizes = page.evaluate("MitraOutbox.all().then(items => items.map(i => i.photo.size))")
    link.slow = True
    started = time.monotonic()
    context.set_offline(False)
    while page.evaluate("MitraOutbox.all().then(items => items.length)"):
        page.wait_for_timeout(100)
    elapsed = time.monotonic() - started
    context.close()
    shutil.rmtree(profile, ignore_errors=True)
    return elapsed, sum(sizes)


def main() -> None:
    server, work = demo_server(PORT)
    db = work / "db.sqlite3"
    photo = work / "IMG_camera.jpg"
    size = camera_photo(photo)
    print(f"photo: 4000 x 3000 JPEG, {size / 1024 / 1024:.2f} MB; link {DOWN}/{UP} kbit/s, {RTT} ms (proxy)")
    link = Link()
    try:
        wait_for(f"http://127.0.0.1:{PORT}/healthz")
        link.start()
        times = []
        with sync_playwright() as p:
            for run in range(RUNS):
                elapsed, photos = one_run(p, link, photo, run, f"http://127.0.0.1:{PROXY}")
                rows = saved(db, run)
                assert len(rows) == len(SENTENCES) and all(n == 1 for _, n in rows), rows
                times.append(elapsed)
                floor = photos * 8 / (UP * 1000)  # the photos' bytes alone, at the upload rate
                print(
                    f"three waiting captures sent in {elapsed:5.1f} s; photos {photos // 1024} KB, "
                    f"which the link alone takes {floor:.1f} s to carry (x{elapsed / floor:.2f})"
                )
        print(f"median {statistics.median(times):.1f} s ({', '.join(f'{t:.1f}' for t in times)}); target 20 s")
    finally:
        server.terminate()


if __name__ == "__main__":
    sys.exit(main())
