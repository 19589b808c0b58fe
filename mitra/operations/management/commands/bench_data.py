import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from mitra.operations import benchdata
from mitra.schools.models import Foundation


class Command(BaseCommand):
    help = "Build the benchmark dataset (S, M or L) on an empty database; see bench/README.md."

    def add_arguments(self, parser):
        parser.add_argument("--size", choices=sorted(benchdata.SIZES), default="S")

    def handle(self, *args, size, **options):
        if settings.PRODUCTION:
            raise CommandError(
                "The benchmark data has one well-known password; it never runs with MITRA_ENVIRONMENT=production."
            )
        if Foundation.objects.filter(name=benchdata.FOUNDATION_NAME).exists():
            raise CommandError("This database already holds the benchmark data; build it on an empty database.")
        shape = benchdata.SIZES[size]
        started = time.perf_counter()
        benchdata.build(size, progress=lambda line: self.stdout.write(f"  {line}"))
        seconds = time.perf_counter() - started
        counts = ", ".join(f"{model.all_schools.count():,} {label}" for model, label in benchdata.COUNTED)
        self.stdout.write(
            f"Size {size} on {connection.vendor} in {seconds:.0f} s: {shape.schools} schools, {counts}. "
            f"Log in as bench0001.kepala (a principal) or bench.yayasan (the foundation), password {benchdata.PASSWORD}."
        )
