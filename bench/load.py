"""Load: many people at once against gunicorn on loopback, on the benchmark data (issue 9).

    bench/run --size L --load [--engine postgresql]     (or, on a database bench/build_data.py built:)
    .venv/bin/python bench/load.py [--users 100] [--seconds 300] [--think 2.0] [--workers 4]

Each simulated person is a coordinator of one of the benchmark schools, with a browser session of
their own. They log in, then until the time is up wait a moment (exponential, mean --think seconds)
and do one thing: 80 % reads (dashboard, partner list, activity list, calendar, an activity, the
partnership journal), 20 % writes (a new partner, a partner edited, a photo added to an activity).
Afterwards every write they were told was saved is looked for in the database and every photo on
disk, and the server's log is searched for "database is locked". It prints p50/p95/p99 per kind of
request, throughput and errors, and exits non-zero on any error or lost write."""

import argparse
import os
import random
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

import requests  # noqa: E402
from two_servers import form_in, free_ports, jpeg, stop  # noqa: E402

from bench import data as benchdata  # noqa: E402
from mitra.activities.models import Activity, Evidence  # noqa: E402
from mitra.partners.models import Partner  # noqa: E402
from mitra.schools.models import Foundation, Membership, School  # noqa: E402
from mitra.schools.roles import Role  # noqa: E402


class Person:
    def __init__(self, number, username, school_id, activity_ids, partner_ids, base, log):
        self.number, self.username, self.school_id = number, username, school_id
        self.activity_ids, self.partner_ids, self.base, self.log = activity_ids, partner_ids, base, log
        self.session = requests.Session()
        self.random = random.Random(number)
        self.saved = defaultdict(list)

    def call(self, kind, method, path, ok=(200, 302), **kwargs):
        started = time.monotonic()
        try:
            response = self.session.request(method, self.base + path, allow_redirects=False, timeout=120, **kwargs)
        except requests.RequestException as error:
            self.log.append((kind, 0, False, (time.monotonic() - started) * 1000, str(error)[:200]))
            return None
        good = response.status_code in ok
        detail = "" if good else f"{response.status_code} {path}"
        self.log.append((kind, response.status_code, good, (time.monotonic() - started) * 1000, detail))
        return response if good else None

    def login(self):
        page = self.call("login", "get", "/accounts/login/", ok=(200,))
        fields = form_in(page.text) if page else {}
        fields.update(username=self.username, password=benchdata.PASSWORD)
        if self.call("login", "post", "/accounts/login/", ok=(302,), data=fields) is None:
            raise RuntimeError(f"{self.username} could not log in")

    def read(self):
        s = f"/s/{self.school_id}"
        choice = self.random.choice(
            [
                f"{s}/",
                f"{s}/partners/",
                f"{s}/run/",
                f"{s}/run/calendar/",
                f"{s}/run/{self.random.choice(self.activity_ids)}/",
                f"{s}/evaluate/partnerships/{self.random.choice(self.partner_ids)}/",
            ]
        )
        self.call("read", "get", choice, ok=(200,))

    def new_partner(self, n):
        s = f"/s/{self.school_id}/partners"
        page = self.call("write partner", "get", f"{s}/new/", ok=(200,))
        if page is None:
            return
        fields = form_in(page.text)
        name = f"Mitra Beban {self.number}-{n} {secrets.token_hex(3)}"  # unique across runs on the same data
        fields.update(name=name, kind="business", status="prospect")
        if self.call("write partner", "post", f"{s}/new/", ok=(302,), data=fields) is not None:
            self.saved["partner"].append(name)

    def edit_partner(self, n):
        path = f"/s/{self.school_id}/partners/{self.random.choice(self.partner_ids)}/edit/"
        page = self.call("write edit", "get", path, ok=(200,))
        if page is None:
            return
        fields = form_in(page.text)
        fields.update(notes=f"Catatan {self.number}-{n}")
        # 200 here is the conflict guard telling this person someone else saved first: not an error.
        self.call("write edit", "post", path, ok=(302, 200), data=fields)

    def upload(self, n):
        path = f"/s/{self.school_id}/run/{self.random.choice(self.activity_ids)}/"
        page = self.call("write photo", "get", path, ok=(200,))
        if page is None:
            return
        try:
            fields = form_in(page.text, "evidence/new/")
        except LookupError:
            return  # a verified activity takes no more evidence from this person: nothing to send
        caption = f"beban {self.number}-{n}"
        fields.update(kind="photo", caption=caption)
        files = {"files": (f"foto-{n}.jpg", jpeg(self.number * 1000 + n), "image/jpeg")}
        if self.call("write photo", "post", path + "evidence/new/", ok=(302,), data=fields, files=files):
            self.saved["evidence"].append(caption)

    def run(self, until, think):
        self.login()
        n = 0
        while time.monotonic() < until:
            time.sleep(min(self.random.expovariate(1 / think), max(0, until - time.monotonic())))
            n += 1
            draw = self.random.random()
            if draw < 0.8:
                self.read()
            elif draw < 0.88:
                self.edit_partner(n)
            elif draw < 0.94:
                self.new_partner(n)
            else:
                self.upload(n)


def people(count: int, base: str, log) -> list[Person]:
    foundation = Foundation.objects.get(name=benchdata.FOUNDATION_NAME)
    schools = list(School.objects.filter(foundation=foundation).order_by("pk")[: max(1, count // 2)])
    result = []
    for n in range(count):
        school = schools[n % len(schools)]
        roles = [Role.COORDINATOR, Role.TEAM_MEMBER]
        member = (
            Membership.objects.filter(school=school, role__in=roles)
            .order_by("pk")
            .select_related("user")[(n // len(schools)) % 2]
        )
        done = Activity.objects.for_school(school).filter(status=Activity.Status.DONE).order_by("-start_date")
        activity_ids = list(done.values_list("pk", flat=True)[:20])
        partner_ids = list(Partner.objects.for_school(school).order_by("pk").values_list("pk", flat=True)[:10])
        result.append(Person(n, member.user.username, school.pk, activity_ids, partner_ids, base, log))
    return result


def report(log, seconds, told, found, locked) -> int:
    by_kind = defaultdict(list)
    for kind, _status, _good, ms, _detail in log:
        by_kind[kind].append(ms)
    errors = [entry for entry in log if not entry[2]]

    def pct(values, q):
        ordered = sorted(values)
        return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]

    print("| requests | n | p50 ms | p95 ms | p99 ms |")
    print("|---|---:|---:|---:|---:|")
    everything = [entry[3] for entry in log]
    for kind, values in sorted(by_kind.items()) + [("all", everything)]:
        print(
            f"| {kind} | {len(values)} | {statistics.median(values):.0f} | {pct(values, 0.95):.0f} | {pct(values, 0.99):.0f} |"
        )
    print(f"\n{len(log)} requests in {seconds:.0f} s: {len(log) / seconds:.1f} requests/s; {len(errors)} errors")
    for entry in errors[:10]:
        print("  error:", entry)
    lost = {kind: len(told[kind]) - found[kind] for kind in told}
    print(
        f"writes told saved: { {k: len(v) for k, v in told.items()} }; lost: {lost}; 'database is locked' in the log: {locked}"
    )
    return 1 if errors or any(lost.values()) or locked else 0


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--seconds", type=int, default=300)
    parser.add_argument("--think", type=float, default=2.0)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()

    var = Path(tempfile.mkdtemp(prefix="mitra-load-"))
    (port,) = free_ports(1)
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "MITRA_VAR_DIR": str(var),
        "MITRA_BIND": f"127.0.0.1:{port}",
        "MITRA_WEB_WORKERS": str(args.workers),
        "MITRA_DEBUG": "0",
        "MITRA_LOG_LEVEL": "WARNING",
    }
    server_log = var / "gunicorn.log"
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "--config", "config/gunicorn.conf.py", "config.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(server_log, "w"),  # noqa: SIM115
    )
    deadline = time.monotonic() + 90
    while True:
        try:
            if requests.get(base + "/healthz", timeout=10).status_code == 200:
                break
        except requests.RequestException:
            pass  # still starting
        if time.monotonic() > deadline:
            stop([server])
            raise SystemExit(f"gunicorn did not start; see {server_log}")
        time.sleep(0.5)

    log = []
    crowd = people(args.users, base, log)
    partners_before = Partner.all_schools.filter(name__startswith="Mitra Beban").count()
    evidence_before = Evidence.all_schools.filter(caption__startswith="beban ").count()
    started = time.monotonic()
    until = started + args.seconds
    threads = [threading.Thread(target=p.run, args=(until, args.think)) for p in crowd]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.monotonic() - started
    stop([server])

    told = defaultdict(list)
    for person in crowd:
        for kind, items in person.saved.items():
            told[kind].extend(items)
    found = {
        "partner": Partner.all_schools.filter(name__startswith="Mitra Beban").count() - partners_before,
        "evidence": Evidence.all_schools.filter(caption__startswith="beban ").count() - evidence_before,
    }
    locked = server_log.read_text().count("database is locked")
    print(f"\n{args.users} people, think {args.think} s, {args.seconds} s, gunicorn {args.workers} workers")
    return report(log, seconds, told, found, locked)


if __name__ == "__main__":
    sys.exit(main())
