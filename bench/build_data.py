"""Build the benchmark dataset (S, M or L) on an empty database (issue 9; see bench/README.md).

    bench/run --size S|M|L [--engine sqlite|postgresql] --build-only    (builds it once under /tmp)
    .venv/bin/python bench/build_data.py --size S|M|L                  (on the database MITRA_DB_* names)

It refuses a production setting (the data has one well-known password) and a database that already holds it."""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402

from bench import data  # noqa: E402
from mitra.schools.models import Foundation  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=sorted(data.SIZES), default="S")
    size = parser.parse_args().size
    if settings.PRODUCTION:
        raise SystemExit(
            "The benchmark data has one well-known password; it never runs with MITRA_ENVIRONMENT=production."
        )
    if Foundation.objects.filter(name=data.FOUNDATION_NAME).exists():
        raise SystemExit("This database already holds the benchmark data; build it on an empty database.")
    shape = data.SIZES[size]
    started = time.perf_counter()
    data.build(size, progress=lambda line: print(f"  {line}", flush=True))
    seconds = time.perf_counter() - started
    counts = ", ".join(f"{model.all_schools.count():,} {label}" for model, label in data.COUNTED)
    print(
        f"Size {size} on {connection.vendor} in {seconds:.0f} s: {shape.schools} schools, {counts}. "
        f"Log in as bench0001.kepala (a principal) or bench.yayasan (the foundation), password {data.PASSWORD}."
    )


if __name__ == "__main__":
    main()
