"""Server time, queries and weight of the main pages, next to two floors measured in the same run:
a trivial view through the same middleware, and the raw SQL of each page's main query.

    bench/run --size S|M|L [--engine sqlite|postgresql]      (builds the data once, then calls this)
    .venv/bin/python bench/pages.py [--repeat 30] [--json out.json]   (on the database MITRA_DB_* names)

Server time is the time from the request entering Django's handler to the response leaving it, in
the same process (Django's test client, no network), with DEBUG off. Query counts come from a separate
pass so that counting does not slow the timed one. The annual report is made in-process, as the
worker makes it.

"Just after a change" is a page requested right after a real recorded write (history.services.record,
the door every write service goes through) to a row of one kind of the school's data, for every kind
the page shows (schools/freshness.py; the kinds its template's {% kept %} parts name, every kind on
code without them); the page's figure is that of the worst kind. A write of a kind the page does not
show would hide the cost. The worst kind is the one with the highest median (then 95th percentile)."""

import argparse
import datetime
import gzip
import json
import os
import platform
import statistics
import sys
import time
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("MITRA_DEBUG", "0")
os.environ.setdefault("MITRA_LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.db.models import Count, Q  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import path  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench import data as benchdata  # noqa: E402
from config import urls as project_urls  # noqa: E402
from mitra.activities.models import Activity  # noqa: E402
from mitra.activities.selectors import activity_list  # noqa: E402
from mitra.agreements.models import Agreement  # noqa: E402
from mitra.agreements.selectors import agreement_list  # noqa: E402
from mitra.evaluation.models import Answer, Round  # noqa: E402
from mitra.history.models import Change  # noqa: E402
from mitra.history.services import record  # noqa: E402
from mitra.letters.models import Letter  # noqa: E402
from mitra.partners.models import Contact, Partner  # noqa: E402
from mitra.partners.selectors import partner_list  # noqa: E402
from mitra.planning.models import Plan  # noqa: E402
from mitra.reports import foundation as foundation_figures  # noqa: E402
from mitra.reports import generate  # noqa: E402
from mitra.reports.foundation import ordered_summaries  # noqa: E402
from mitra.reports.models import SchoolSummary  # noqa: E402
from mitra.reports.scope import Kind, Scope  # noqa: E402
from mitra.schools import freshness  # noqa: E402
from mitra.schools.access import access_for  # noqa: E402
from mitra.schools.models import AcademicYear, Foundation, Membership, School  # noqa: E402
from mitra.schools.roles import Role  # noqa: E402
from mitra.schools.services import current_year  # noqa: E402

# Every kind of a school's data, and a model of each to write a row of; the code before issue 23's
# kinds has no freshness.KINDS (and every write there recomputes every kept part).
KINDS = getattr(freshness, "KINDS", ("activities", "partners", "agreements", "evaluation", "plan", "letters", "school"))
ROW_OF_KIND = {
    "activities": Activity,
    "partners": Partner,
    "agreements": Agreement,
    "evaluation": Round,
    "plan": Plan,
    "letters": Letter,
    "school": School,
    "year": AcademicYear,
}


def kinds_shown(template_name: str | None) -> tuple[str, ...]:
    """The kinds of data a page shows: those its kept parts name; every kind on code without kinds."""
    if template_name is None or not hasattr(freshness, "KINDS"):
        return KINDS
    from django.template.loader import get_template

    from mitra.schools.templatetags.kept import KeptNode

    nodes = get_template(template_name).template.nodelist.get_nodes_by_type(KeptNode)
    return tuple(kind for kind in KINDS if any(kind in node.kinds for node in nodes)) or KINDS


class Writer:
    """Real recorded writes to one school, a row of a given kind each time."""

    def __init__(self, w):
        self.user, self.n = w.principal, 0
        self.rows = {
            kind: w.school if model is School else model.objects.for_school(w.school).order_by("pk").first()
            for kind, model in ROW_OF_KIND.items()
        }
        self.rows["partners"] = w.partner

    def write(self, kind: str) -> None:
        self.n += 1
        record(user=self.user, obj=self.rows[kind], action=Change.Action.UPDATE, extra={"bench": ["", str(self.n)]})

    def every_kind(self) -> None:
        for kind in KINDS:
            self.write(kind)


def floor_view(request):
    return HttpResponse("ok")


# The project's own URLs plus the trivial view, so that the floor passes the same middleware.
bench_urls = types.ModuleType("bench_urls")
bench_urls.urlpatterns = [path("bench-floor/", floor_view), *project_urls.urlpatterns]
sys.modules["bench_urls"] = bench_urls


class World:
    def __init__(self):
        self.foundation = Foundation.objects.get(name=benchdata.FOUNDATION_NAME)
        self.school = School.objects.filter(foundation=self.foundation).order_by("pk").first()
        self.principal = Membership.objects.get(school=self.school, role=Role.PRINCIPAL).user
        self.officer = self.foundation.memberships.get().user
        self.access = access_for(self.principal, self.school.pk)
        self.year = current_year(self.school)
        self.today = timezone.localdate()
        self.partner = (
            Partner.objects.for_school(self.school).annotate(n=Count("activities")).order_by("-n", "pk").first()
        )
        self.round = Round.objects.for_school(self.school).annotate(n=Count("responses")).order_by("-n", "pk").first()
        first_of_month = self.today.replace(day=1)
        self.month = (first_of_month, (first_of_month + datetime.timedelta(days=32)).replace(day=1))


def pages(w: World):
    """(name, URL, who asks, the page's main query, the kinds of data it shows). The main query is the
    one that reads the rows the page is about; the page's other queries are its overhead, and the
    ratio shows what it costs."""
    s = w.school
    year = Q(start_date__gte=w.year.start_date, start_date__lte=w.year.end_date)
    # The kinds the foundation's figures show: of its table of figures (issue 23), or as listed before.
    table = getattr(foundation_figures, "FIGURES", ())
    shown = {kind for part in table for kind in part.kinds} or set(getattr(foundation_figures, "FIGURE_KINDS", KINDS))
    figure_kinds = tuple(kind for kind in KINDS if kind in shown)
    return [
        (
            "School dashboard",
            f"/s/{s.pk}/",
            w.principal,
            Activity.objects.for_school(s).filter(year).values("status", "review").annotate(n=Count("id")),
            kinds_shown("reports/dashboard.html"),
        ),
        (
            "Partner list",
            f"/s/{s.pk}/partners/",
            w.principal,
            partner_list(access=w.access)[:25],
            kinds_shown("partners/list.html"),
        ),
        (
            "Partner page",
            f"/s/{s.pk}/partners/{w.partner.pk}/",
            w.principal,
            Contact.objects.for_school(s).filter(partner=w.partner),
            kinds_shown("partners/detail.html"),
        ),
        (
            "Agreement list",
            f"/s/{s.pk}/agree/",
            w.principal,
            agreement_list(access=w.access, today=w.today)[:25],
            kinds_shown("agreements/list.html"),
        ),
        (
            "Activity list",
            f"/s/{s.pk}/run/",
            w.principal,
            activity_list(access=w.access)[:25],
            kinds_shown("activities/list.html"),
        ),
        (
            "Calendar (month)",
            f"/s/{s.pk}/run/calendar/",
            w.principal,
            Activity.objects.for_school(s).filter(start_date__gte=w.month[0], start_date__lt=w.month[1]),
            kinds_shown("activities/calendar.html"),
        ),
        (
            "Evaluation results",
            f"/s/{s.pk}/evaluate/rounds/{w.round.pk}/",
            w.principal,
            Answer.objects.for_school(s).filter(response__round=w.round),
            kinds_shown("evaluation/round.html"),
        ),
        (
            "Partnership journal",
            f"/s/{s.pk}/evaluate/partnerships/{w.partner.pk}/",
            w.principal,
            Activity.objects.for_school(s).filter(partners=w.partner).order_by("-start_date"),
            kinds_shown("evaluation/journal.html"),
        ),
        (
            "Foundation dashboard",
            f"/f/{w.foundation.pk}/dashboard/",
            w.officer,
            # What the page reads since the figures are kept per school (reports/summaries.py) and
            # ordered and paged in the database.
            ordered_summaries(foundation=w.foundation, today=w.today)[:50],
            figure_kinds,
        ),
    ]


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95


def time_page(client: Client, url: str, repeat: int, writer: Writer, kinds=()) -> dict:
    for _ in range(3):
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - started) * 1000)
    # Every query of the page, not of its kept parts: a copy kept must not hide a count that grows.
    writer.every_kind()
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    query_count = len(queries)  # now: the next request's start empties the log the capture reads
    # The page just after a recorded write of each kind it shows: what its kept parts cost when they
    # are computed again; the worst kind is the page's figure.
    by_kind = {}
    for kind in kinds:
        client.get(url)  # read back first, so that only this kind's parts are computed
        changed = []
        for _ in range(max(15, repeat // 2)):
            writer.write(kind)
            started = time.perf_counter()
            client.get(url)
            changed.append((time.perf_counter() - started) * 1000)
        by_kind[kind] = percentiles(changed)
    # The worst by the median: of 15 samples, the 95th percentile is nearly the slowest one.
    worst = max(by_kind, key=lambda kind: by_kind[kind]) if by_kind else None
    p50, p95 = percentiles(samples)
    body = response.content
    return {
        "p50": p50,
        "p95": p95,
        "changed_p50": by_kind[worst][0] if worst else None,
        "changed_p95": by_kind[worst][1] if worst else None,
        "changed_kind": worst,
        "changed_by_kind": by_kind,
        "queries": query_count,
        "bytes": len(body),
        "gzip": len(gzip.compress(body)),
    }


def time_sql(queryset, repeat: int) -> dict:
    sql, params = queryset.query.sql_with_params()
    samples = []
    for _ in range(repeat + 3):
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        samples.append((time.perf_counter() - started) * 1000)
    p50, p95 = percentiles(samples[3:])
    return {"p50": p50, "p95": p95, "rows": len(rows)}


def time_report(w: World, repeat: int) -> dict:
    scope = Scope(access=w.access, kind=Kind.ANNUAL, year=w.year, language="id")
    results = {}
    for file_format in ("pdf", "docx"):
        samples = []
        for _ in range(repeat):
            started = time.perf_counter()
            output = generate.make(scope, file_format)
            samples.append((time.perf_counter() - started) * 1000)
        results[file_format] = {"p50": statistics.median(samples), "max": max(samples), "bytes": len(output.data)}
    return results


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--report-repeat", type=int, default=3)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--only", action="append", help="a page's name (repeatable); all if none")
    parser.add_argument("--no-extras", action="store_true", help="leave out the cold foundation page and the report")
    args = parser.parse_args()

    w = World()
    counts = {label: model.all_schools.count() for model, label in benchdata.COUNTED}
    results = {
        "date": datetime.datetime.now().isoformat(timespec="minutes"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "engine": f"{connection.vendor} {connection.Database.sqlite_version if connection.vendor == 'sqlite' else ''}",
        "schools": School.objects.filter(foundation=w.foundation).count(),
        "counts": counts,
        "pages": [],
    }
    writer = Writer(w)
    with override_settings(ROOT_URLCONF="bench_urls"):
        client = Client()
        client.force_login(w.principal)
        results["floor"] = time_page(client, "/bench-floor/", args.repeat, writer)
        for name, url, user, main_query, kinds in pages(w):
            if args.only and name not in args.only:
                continue
            client = Client()
            client.force_login(user)
            page = time_page(client, url, args.repeat, writer, kinds)
            page["sql"] = time_sql(main_query, args.repeat)
            page["name"], page["url"] = name, url
            results["pages"].append(page)
            print(
                f"  {name}: p95 {page['p95']:.1f} ms, {page['queries']} queries; just after a change "
                + ", ".join(f"{kind} {p50:.0f}/{p95:.0f}" for kind, (p50, p95) in page["changed_by_kind"].items()),
                file=sys.stderr,
            )
        if not args.no_extras:
            # The same page when no figures are kept yet: the morning run's work, or a visit before it.
            SchoolSummary.all_schools.filter(school__foundation=w.foundation).delete()
            client = Client()
            client.force_login(w.officer)
            started = time.perf_counter()
            client.get(f"/f/{w.foundation.pk}/dashboard/")
            results["foundation_cold_ms"] = (time.perf_counter() - started) * 1000
    if not args.no_extras:
        results["report"] = time_report(w, args.report_repeat)
    print_table(results)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))


def print_table(r: dict) -> None:
    floor = r["floor"]
    print(f"\n{r['date']} · {r['machine']} · {r['engine']} · {r['schools']} schools")
    print(", ".join(f"{n:,} {label}" for label, n in r["counts"].items()))
    print(f"Trivial view through the same middleware: p50 {floor['p50']:.1f} ms, p95 {floor['p95']:.1f} ms\n")
    print(
        "| page | p50 ms | p95 ms | p50 / p95 ms just after a change (worst kind) | queries | main SQL p50 ms (rows) "
        "| page ÷ SQL | (page − trivial) ÷ SQL | KiB (gzip) |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for p in r["pages"]:
        sql = p["sql"]
        ratio = p["p50"] / sql["p50"] if sql["p50"] else float("inf")
        net = (p["p50"] - floor["p50"]) / sql["p50"] if sql["p50"] else float("inf")
        print(
            f"| {p['name']} | {p['p50']:.1f} | {p['p95']:.1f} "
            f"| {p['changed_p50']:.0f} / {p['changed_p95']:.0f} ({p['changed_kind']}) "
            f"| {p['queries']} | {sql['p50']:.2f} ({sql['rows']}) "
            f"| {ratio:.1f}× | {net:.1f}× | {p['bytes'] / 1024:.0f} ({p['gzip'] / 1024:.0f}) |"
        )
    if "foundation_cold_ms" in r:
        print(
            f"\nFoundation dashboard with no figures kept yet (computing all {r['schools']} schools, as the "
            f"morning run does): {r['foundation_cold_ms'] / 1000:.2f} s"
        )
    for file_format, rep in r.get("report", {}).items():
        print(
            f"\nAnnual report of one school ({file_format}): p50 {rep['p50'] / 1000:.2f} s, "
            f"slowest {rep['max'] / 1000:.2f} s, {rep['bytes'] / 1024:.0f} KiB"
        )


if __name__ == "__main__":
    main()
