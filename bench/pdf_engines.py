"""WeasyPrint against Typst on the same report: the annual report of the demo school, then of the
same school with a busy year added (N more done activities with a partner, head counts and a photo
each; `report_generation.py` builds them), as PDF in Bahasa Indonesia, made by each engine in turn
(WeasyPrint, Typst, WeasyPrint, ...) in one process, so both see the same machine and the same data.
Time of `reports.generate.make` (reading the database, laying out, writing the file); the ratio is
taken run by run and its median printed.

    .venv/bin/python bench/pdf_engines.py [--activities 400] [--runs 3]

It builds its own throwaway database and files under /tmp; it never touches var/."""

import argparse
import io
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import report_generation as base  # noqa: E402  (sets up Django on a throwaway database)
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import override_settings  # noqa: E402

ENGINES = ("weasyprint", "typst")


def once(scope, engine: str) -> tuple[float, int, int]:
    import pypdf

    settings.PDF_ENGINE = engine
    started = time.perf_counter()
    output = base.generate.make(scope, "pdf")
    seconds = time.perf_counter() - started
    return seconds, len(output.data), len(pypdf.PdfReader(io.BytesIO(output.data)).pages)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--activities", type=int, default=400)
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    call_command("migrate", verbosity=0)
    with override_settings(MAILERS={"default": {"BACKEND": "django.core.mail.backends.dummy.EmailBackend"}}):
        call_command("demo", verbosity=0)
    principal = base.Membership.objects.select_related("user", "school").get(user__username="kepala")
    coordinator = base.Membership.objects.select_related("user").get(user__username="humas").user
    access = base.access_for(principal.user, principal.school_id)
    scope = base.Scope(access=access, kind=base.Kind.ANNUAL, year=base.current_year(principal.school), language="id")
    for engine in ENGINES:  # warm: imports, fonts, templates
        once(scope, engine)
    rows = []
    for label in ("demo school", f"+ {options.activities} done activities with a photo each"):
        if label != "demo school":
            started = time.perf_counter()
            base.busy_year(principal.school, coordinator, options.activities)
            print(f"(built the busy year in {time.perf_counter() - started:.0f} s)")
        found = {engine: [] for engine in ENGINES}
        for _run in range(options.runs):
            for engine in ENGINES:
                found[engine].append(once(scope, engine))
                print(label, engine, [round(x, 2) for x in found[engine][-1][:1]])
        ratios = [w[0] / t[0] for w, t in zip(found["weasyprint"], found["typst"], strict=True)]
        rows.append((label, found, statistics.median(ratios)))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak resident memory of the whole run: {peak:.0f} MiB")
    print("\n| data | engine | median (min–max) | size | pages | WeasyPrint ÷ Typst |\n|---|---|---|---|---|---|")
    for label, found, ratio in rows:
        for engine in ENGINES:
            times = [s for s, _b, _p in found[engine]]
            _s, size, pages = found[engine][-1]
            print(
                f"| {label} | {engine} | {statistics.median(times):.2f} s ({min(times):.2f}–{max(times):.2f}) "
                f"| {size / 1024:.0f} KB | {pages} | {f'{ratio:.0f}×' if engine == 'typst' else ''} |"
            )


if __name__ == "__main__":
    main()
