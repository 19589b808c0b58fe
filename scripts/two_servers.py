"""Two application servers, one PostgreSQL: do they behave as one system?

Starts two gunicorn instances on loopback against a fresh database on the PostgreSQL server that the
MITRA_DB_* variables name, and a task worker, then drives a mixed workload across both from several
clients at once. Every client alternates servers on every request, so a login made on one is used on
the other, a form fetched from one is sent to the other, and letter numbers are drawn by both at once.
Afterwards it counts, in the database and on disk, what the clients were told was saved:

    requests and errors per operation, lost writes (told saved, not there), duplicated writes
    (there twice), letter numbers given twice or skipped, files missing or not matching their checksum.

It exits non-zero if any of these is not zero. CI runs it on its throwaway PostgreSQL:

    MITRA_DB_ENGINE=postgresql MITRA_DB_HOST=... .venv/bin/python scripts/two_servers.py --clients 6 --rounds 8
"""

import argparse
import html.parser
import io
import os
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path

import psycopg
import requests
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "two-servers-" + secrets.token_hex(8)


# --- Reading forms the way a browser does -------------------------------------------------------


class _Forms(html.parser.HTMLParser):
    """Every <form>: its action and the values a browser would send without the user touching it."""

    def __init__(self):
        super().__init__()
        self.forms, self._form, self._select, self._textarea = [], None, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = {"action": a.get("action", ""), "method": a.get("method", "get").lower(), "fields": {}}
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind not in ("submit", "button", "file"):
                self._form["fields"][a["name"]] = a.get("value", "on" if kind == "checkbox" else "")
        elif tag == "select" and a.get("name"):
            self._select = a["name"]
            self._form["fields"].setdefault(self._select, None)
        elif tag == "option" and self._select:
            chosen = self._form["fields"][self._select]
            if "selected" in a or (chosen in (None, "") and a.get("value")):
                self._form["fields"][self._select] = a.get("value", "")
        elif tag == "textarea" and a.get("name"):
            self._textarea = a["name"]
            self._form["fields"][self._textarea] = ""

    def handle_data(self, data):
        if self._textarea and self._form is not None:
            self._form["fields"][self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def form_in(page: str, action_ends: str = "", method: str = "post") -> dict:
    parser = _Forms()
    parser.feed(page)
    # The page's own form is the largest of those that match (the header has small ones: language, logout).
    matching = [f for f in parser.forms if f["method"] == method and f["action"].endswith(action_ends)]
    if not matching:
        raise LookupError(f"no {method} form ending in {action_ends!r}")
    form = max(matching, key=lambda f: len(f["fields"]))
    return {k: ("" if v is None else v) for k, v in form["fields"].items()}


# --- The installation -----------------------------------------------------------------------------


def fresh_database(name: str) -> None:
    conninfo = {
        "host": os.environ.get("MITRA_DB_HOST") or None,
        "port": os.environ.get("MITRA_DB_PORT") or None,
        "user": os.environ.get("MITRA_DB_USER", "mitra"),
        "password": os.environ.get("MITRA_DB_PASSWORD") or None,
        "dbname": "postgres",
    }
    with psycopg.connect(**{k: v for k, v in conninfo.items() if v}, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def seed(clients: int) -> dict:
    """One school with its principal, a coordinator per client, a partner, and an activity per client
    to add photos to."""
    import datetime

    from mitra.accounts.models import User
    from mitra.activities.models import Activity
    from mitra.partners.models import Partner
    from mitra.schools.models import AcademicYear, Foundation, Membership, School
    from mitra.schools.roles import Role

    foundation = Foundation.objects.create(name="Yayasan Beban")
    school = School.objects.create(foundation=foundation, name="SMP Beban", level=School.Level.SMP, npsn="20000001")
    today = datetime.date.today()
    AcademicYear.all_schools.create(
        school=school,
        name=f"{today.year}/{today.year + 1}",
        start_date=today - datetime.timedelta(days=60),
        second_semester_start=today + datetime.timedelta(days=60),
        end_date=today + datetime.timedelta(days=240),
        is_current=True,
    )
    Partner.all_schools.create(school=school, name="Puskesmas Beban", name_key="puskesmas beban", kind="health")
    principal = User.objects.create_user(username="kepala.beban", first_name="Siti", last_name="Aminah")
    Membership.objects.create(user=principal, school=school, role=Role.PRINCIPAL)  # who signs the letters
    people = []
    for n in range(clients):
        user = User.objects.create_user(username=f"beban{n}", email=f"beban{n}@example.org", password=PASSWORD)
        Membership.objects.create(user=user, school=school, role=Role.COORDINATOR)
        activity = Activity.all_schools.create(
            school=school, title=f"Kegiatan beban {n}", start_date=today, status=Activity.Status.DONE
        )
        people.append((user.username, activity.pk))
    return {"school": school.pk, "people": people}


def free_ports(count: int) -> list[int]:
    sockets = [socket.socket() for _ in range(count)]
    for sock in sockets:
        sock.bind(("127.0.0.1", 0))
    ports = [sock.getsockname()[1] for sock in sockets]
    for sock in sockets:
        sock.close()
    return ports


def start_servers(env: dict, ports: list[int], workers: int) -> list[subprocess.Popen]:
    processes = [
        subprocess.Popen(
            [str(ROOT / ".venv/bin/gunicorn"), "--config", "config/gunicorn.conf.py", "config.wsgi"],
            cwd=ROOT,
            env={**env, "MITRA_BIND": f"127.0.0.1:{port}", "MITRA_WEB_WORKERS": str(workers)},
            stdout=subprocess.DEVNULL,
            stderr=open(Path(env["MITRA_VAR_DIR"]) / f"gunicorn-{port}.log", "w"),  # noqa: SIM115
        )
        for port in ports
    ]
    processes.append(
        subprocess.Popen(
            [str(ROOT / ".venv/bin/python"), "manage.py", "db_worker", "--interval", "1", "--no-reload"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=open(Path(env["MITRA_VAR_DIR"]) / "worker.log", "w"),  # noqa: SIM115
        )
    )
    deadline = time.monotonic() + 60
    for port in ports:
        while True:
            try:
                if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=10).status_code == 200:
                    break
            except requests.RequestException:
                pass  # not listening yet, or still loading
            if time.monotonic() > deadline:
                stop(processes)
                raise SystemExit(f"the server on port {port} did not start; see {env['MITRA_VAR_DIR']}")
            time.sleep(0.3)
    return processes


def stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        process.send_signal(signal.SIGTERM)
    for process in processes:
        process.wait(timeout=60)


# --- The workload ---------------------------------------------------------------------------------


def jpeg(seed: int) -> bytes:
    image = Image.new("RGB", (640, 480), ((seed * 37) % 256, (seed * 91) % 256, 120))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return out.getvalue()


class Client:
    """One person in the staff room: a browser session that sends each request to the next server."""

    def __init__(self, number: int, username: str, activity_id: int, school_id: int, bases: list[str], log):
        self.number, self.username, self.activity_id, self.school_id = number, username, activity_id, school_id
        self.bases, self.log, self.turn = bases, log, number
        self.session = requests.Session()
        self.saved = defaultdict(list)  # what the client was told was saved

    def _next(self) -> str:
        self.turn += 1
        return self.bases[self.turn % len(self.bases)]

    def call(self, op: str, method: str, path: str, ok=(200, 302), **kwargs) -> requests.Response | None:
        base = self._next()
        started = time.monotonic()
        try:
            response = self.session.request(method, base + path, allow_redirects=False, timeout=60, **kwargs)
        except requests.RequestException as error:
            self.log.append((op, base, 0, False, (time.monotonic() - started) * 1000, str(error)))
            return None
        good = response.status_code in ok
        self.log.append((op, base, response.status_code, good, (time.monotonic() - started) * 1000, ""))
        return response if good else None

    def login(self) -> None:
        page = self.call("login", "get", "/accounts/login/", ok=(200,))
        fields = form_in(page.text) if page else {}
        fields.update(username=self.username, password=PASSWORD)
        done = self.call("login", "post", "/accounts/login/", ok=(302,), data=fields)
        if done is None:
            raise RuntimeError(f"{self.username} could not log in")

    def read(self) -> None:
        s = f"/s/{self.school_id}"
        for path in (f"{s}/", f"{s}/partners/", f"{s}/run/", f"{s}/letters/", "/notifications/"):
            page = self.call("read", "get", path, ok=(200,))
            if page is not None and "beban" not in page.text.lower() and path.startswith(s):
                self.log[-1] = (*self.log[-1][:3], False, self.log[-1][4], "not the signed-in page")

    def write_partner(self, round_: int) -> None:
        s = f"/s/{self.school_id}/partners"
        page = self.call("write", "get", f"{s}/new/", ok=(200,))
        if page is None:
            return
        fields = form_in(page.text)
        name = f"Mitra Beban {self.number}-{round_} {secrets.token_hex(3)}"
        fields.update(name=name, kind="business", status="prospect")
        if self.call("write", "post", f"{s}/new/", ok=(302,), data=fields) is not None:
            self.saved["partner"].append(name)

    def upload(self, round_: int) -> None:
        path = f"/s/{self.school_id}/run/{self.activity_id}/"
        page = self.call("upload", "get", path, ok=(200,))
        if page is None:
            return
        fields = form_in(page.text, "evidence/new/")
        fields.update(kind="photo", caption=f"beban {self.number}-{round_}")
        photo = jpeg(self.number * 1000 + round_)
        sent = self.call(
            "upload",
            "post",
            path + "evidence/new/",
            ok=(302,),
            data=fields,
            files={"files": (f"foto-{round_}.jpg", photo, "image/jpeg")},
        )
        if sent is not None:
            self.saved["evidence"].append(f"beban {self.number}-{round_}")

    def letter(self, round_: int) -> None:
        s = f"/s/{self.school_id}/letters"
        page = self.call("letter", "get", f"{s}/new/", ok=(200,))
        if page is None:
            return
        fields = form_in(page.text)
        fields.update(correspondent=f"Kepala Puskesmas ({self.number}-{round_})")
        drafted = self.call("letter", "post", f"{s}/new/", ok=(302,), data=fields)
        if drafted is None:
            return
        detail = drafted.headers["Location"]
        page = self.call("letter", "get", detail, ok=(200,))
        if page is None:
            return
        issued = self.call("letter", "post", detail + "issue/", ok=(302,), data=form_in(page.text, "issue/"))
        if issued is None:
            return
        # The page it leads to says whether a number was given (the message is kept in the session).
        shown = self.call("letter", "get", issued.headers["Location"], ok=(200,))
        said = re.search(r'<li class="(success|error)">(.*?)</li>', shown.text if shown else "", re.S)
        if said and said.group(1) == "success":
            self.saved["letter"].append(int(re.search(r"/letters/(\d+)/", detail).group(1)))
        else:
            self.log[-1] = (*self.log[-1][:3], False, self.log[-1][4], said.group(2) if said else "no message")

    def run(self, rounds: int) -> None:
        self.login()
        for round_ in range(rounds):
            self.read()
            self.write_partner(round_)
            self.upload(round_)
            self.letter(round_)
            if round_ % 3 == 2:  # people sign out and in again during the day
                self.call("login", "post", "/accounts/logout/", ok=(302, 200), data=self._csrf())
                self.login()

    def _csrf(self) -> dict:
        return {"csrfmiddlewaretoken": self.session.cookies.get("csrftoken", "")}


def a_report_across_servers(bases: list[str], username: str, school_id: int, log) -> bool:
    """A long job asked on one server, its progress read on the other, the file fetched from the first:
    task state lives in the database, not in a process."""
    client = Client(99, username, 0, school_id, bases, log)
    client.login()
    s = f"/s/{school_id}"
    page = client.call("job", "get", f"{s}/reports/", ok=(200,))
    if page is None:
        return False
    fields = form_in(page.text, "reports/make/")
    started = client.call("job", "post", f"{s}/reports/make/", ok=(302,), data=fields)
    if started is None:
        return False
    job_url = started.headers["Location"]
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        status = client.call("job", "get", job_url, ok=(200,))
        if status is not None and job_url + "download/" in status.text:
            return client.call("job", "get", job_url + "download/", ok=(200,)) is not None
        time.sleep(1)
    return False


# --- Counting -------------------------------------------------------------------------------------


def verify(saved: dict[str, list], school_id: int) -> dict:
    from mitra.activities.models import Evidence
    from mitra.letters.models import Letter
    from mitra.operations import files_check
    from mitra.partners.models import Partner

    names = Counter(Partner.all_schools.filter(school_id=school_id).values_list("name", flat=True))
    partner_lost = sum(1 for name in saved["partner"] if names[name] == 0)
    partner_dup = sum(names[name] - 1 for name in saved["partner"] if names[name] > 1)

    captions = Counter(Evidence.all_schools.filter(school_id=school_id).values_list("caption", flat=True))
    evidence_lost = sum(1 for c in saved["evidence"] if captions[c] == 0)
    evidence_dup = sum(captions[c] - 1 for c in saved["evidence"] if captions[c] > 1)

    issued = Letter.all_schools.filter(school_id=school_id, sequence__isnull=False)
    sequences = sorted(issued.values_list("sequence", flat=True))
    numbers = Counter(issued.values_list("number", flat=True))
    letter_lost = sum(1 for pk in saved["letter"] if not issued.filter(pk=pk).exists())
    report = files_check.check()
    return {
        "partners told saved": len(saved["partner"]),
        "partners lost": partner_lost,
        "partners duplicated": partner_dup,
        "photos told saved": len(saved["evidence"]),
        "photos lost": evidence_lost,
        "photos duplicated": evidence_dup,
        "letters told issued": len(saved["letter"]),
        "letters lost": letter_lost,
        "letter numbers given twice": sum(n - 1 for n in numbers.values() if n > 1),
        "letter numbers skipped": (sequences[-1] - len(sequences)) if sequences else 0,
        "files missing": len(report.missing),
        "files not matching their checksum": len(report.mismatched),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=6)
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--web-workers", type=int, default=2, help="gunicorn workers per server")
    args = parser.parse_args()
    if os.environ.get("MITRA_DB_ENGINE") != "postgresql":
        raise SystemExit("Set MITRA_DB_ENGINE=postgresql and MITRA_DB_* to a PostgreSQL server.")

    work = Path(tempfile.mkdtemp(prefix="mitra-two-"))
    database = os.environ.get("MITRA_DB_NAME", "mitra") + "_two_servers"
    env = {
        **os.environ,
        "MITRA_DB_NAME": database,
        "MITRA_VAR_DIR": str(work / "var"),
        "MITRA_MEDIA_ROOT": str(work / "files"),  # one files path, as a shared volume would be
        "MITRA_SECRET_KEY": secrets.token_urlsafe(50),  # the same for both, as a deployment sets it
        "MITRA_DB_CONN_MAX_AGE": "60",
        "MITRA_LOG_LEVEL": "WARNING",
    }
    (work / "var").mkdir()
    os.environ.update(env)
    fresh_database(database)
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    world = seed(args.clients)

    ports = free_ports(2)
    bases = [f"http://127.0.0.1:{port}" for port in ports]
    processes = start_servers(env, ports, args.web_workers)
    log: list[tuple] = []
    try:
        started = time.monotonic()
        clients = [
            Client(n, username, activity, world["school"], bases, log)
            for n, (username, activity) in enumerate(world["people"])
        ]
        failures = []

        def drive(client):
            try:
                client.run(args.rounds)
            except Exception as error:  # noqa: BLE001 (counted and reported, the other clients go on)
                failures.append(f"{client.username}: {error}")

        threads = [threading.Thread(target=drive, args=(c,)) for c in clients]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        seconds = time.monotonic() - started
        job_ok = a_report_across_servers(bases, world["people"][0][0], world["school"], log)
    finally:
        stop(processes)

    saved = defaultdict(list)
    for client in clients:
        for kind, items in client.saved.items():
            saved[kind].extend(items)
    counts = verify(saved, world["school"])

    print(f"two servers ({args.web_workers} gunicorn workers each) + 1 task worker, one PostgreSQL")
    print(f"{args.clients} clients x {args.rounds} rounds in {seconds:.1f} s, every request to the other server")
    by_op = defaultdict(list)
    for op, _base, _status, good, ms, _note in log:
        by_op[op].append((good, ms))
    print(f"{'operation':<10}{'requests':>10}{'errors':>8}{'p50 ms':>9}{'p95 ms':>9}")
    for op, rows in sorted(by_op.items()):
        times = sorted(ms for _good, ms in rows)
        p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
        errors = sum(1 for good, _ms in rows if not good)
        print(f"{op:<10}{len(rows):>10}{errors:>8}{statistics.median(times):>9.0f}{p95:>9.0f}")
    per_server = Counter(base for _op, base, *_rest in log)
    print("requests per server: " + ", ".join(f"{base}: {n}" for base, n in sorted(per_server.items())))
    errors = [row for row in log if not row[3]]
    print(f"requests: {len(log)}, errors: {len(errors)}")
    for op, base, status, _good, _ms, note in errors[:10]:
        print(f"  error: {op} {base} {status} {note}")
    for failure in failures:
        print(f"  client stopped: {failure}")
    print(f"report job asked on one server, followed and fetched on the other: {'ok' if job_ok else 'FAILED'}")
    for name, value in counts.items():
        print(f"{name}: {value}")
    bad = errors or failures or not job_ok or any(v for k, v in counts.items() if "told" not in k)
    print("RESULT: " + ("FAILED" if bad else "one system: nothing lost, nothing duplicated"))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
