"""How long the written reports take, and how much memory: the demo school's annual report, then
the same school with a busy year added (N more done activities with partners, head counts and a
photo each, and evaluation answers), as PDF and as Word, in Bahasa Indonesia.

    .venv/bin/python bench/report_generation.py [--activities 400]

It builds its own throwaway database and files under /tmp; it never touches var/."""

import argparse
import datetime
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
work = Path(tempfile.mkdtemp(prefix="mitra-bench-"))
os.environ.update(MITRA_DB_NAME=str(work / "bench.sqlite3"), MITRA_MEDIA_ROOT=str(work / "files"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import override_settings  # noqa: E402
from PIL import Image  # noqa: E402

from mitra.activities import services as activities  # noqa: E402
from mitra.partners.models import Partner  # noqa: E402
from mitra.reports import generate  # noqa: E402
from mitra.reports.scope import Kind, Scope  # noqa: E402
from mitra.schools.access import access_for  # noqa: E402
from mitra.schools.models import Membership  # noqa: E402
from mitra.schools.services import current_year  # noqa: E402


def photo(i: int) -> SimpleUploadedFile:
    import io

    image = Image.new("RGB", (1600, 1200), (40 + i % 200, 120, 90))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return SimpleUploadedFile(f"foto-{i}.jpg", out.getvalue(), content_type="image/jpeg")


def busy_year(school, user, n: int) -> None:
    year = current_year(school)
    partners = list(Partner.objects.for_school(school).filter(archived_at__isnull=True))
    span = (min(year.end_date, datetime.date.today()) - year.start_date).days or 1
    for i in range(n):
        activity = activities.activity_save(
            school=school,
            user=user,
            data={
                "title": f"Kegiatan bersama mitra nomor {i + 1}",
                "status": "done",
                "start_date": year.start_date + datetime.timedelta(days=i * span // n),
                "area": ["health", "safety", "religious_character", "academic"][i % 4],
                "place": "Aula sekolah",
                "notes": "Kegiatan berjalan lancar; siswa aktif bertanya dan mitra membawa materi sendiri.",
            },
            partners=[partners[i % len(partners)]],
            counts={("students", 7 + i % 3, "m"): 20 + i % 15, ("students", 7 + i % 3, "f"): 22 + i % 11},
        )
        activities.evidence_add(activity=activity, user=user, uploads=[photo(i)], caption=f"Dokumentasi {i + 1}")


def measure(scope, file_format: str) -> dict:
    started = time.perf_counter()
    output = generate.make(scope, file_format)
    seconds = time.perf_counter() - started
    pages = None
    if file_format == "pdf":
        import io

        import pypdf

        pages = len(pypdf.PdfReader(io.BytesIO(output.data)).pages)
    return {"seconds": seconds, "bytes": len(output.data), "pages": pages}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--activities", type=int, default=400)
    options = parser.parse_args()
    call_command("migrate", verbosity=0)
    with override_settings(MAILERS={"default": {"BACKEND": "django.core.mail.backends.dummy.EmailBackend"}}):
        call_command("demo", verbosity=0)
    principal = Membership.objects.select_related("user", "school").get(user__username="kepala")
    coordinator = Membership.objects.select_related("user").get(user__username="humas").user
    access = access_for(principal.user, principal.school_id)
    scope = Scope(access=access, kind=Kind.ANNUAL, year=current_year(principal.school), language="id")
    rows = []
    for label in ("demo school", f"+{options.activities} done activities with a photo each"):
        if label != "demo school":
            started = time.perf_counter()
            busy_year(principal.school, coordinator, options.activities)
            print(f"(built the busy year in {time.perf_counter() - started:.0f} s)")
        for file_format in ("pdf", "docx"):
            found = measure(scope, file_format)
            rows.append((label, file_format, found))
            print(label, file_format, {k: round(v, 2) if isinstance(v, float) else v for k, v in found.items()})
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak resident memory of the whole run: {peak:.0f} MiB")
    print("\n| data | file | time | size | pages |\n|---|---|---|---|---|")
    for label, file_format, found in rows:
        pages = found["pages"] if found["pages"] is not None else "–"
        print(
            f"| {label} | {file_format.upper()} | {found['seconds']:.1f} s | {found['bytes'] / 1024:.0f} KB | {pages} |"
        )


if __name__ == "__main__":
    main()
