"""Written reports from the command line, for batch use:

    manage.py report annual --school 69912345 --year 2025/2026 --language id --format pdf --output r.pdf
    manage.py report accountability --foundation 1 --year 2025/2026 --output-dir reports/

A school is named by its id, NPSN or NSM; with --foundation, one file per school of the foundation
is written into --output-dir. The report reads as a principal of the school would see it."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from mitra.partners.selectors import partner_named
from mitra.reports import generate
from mitra.reports.scope import Kind, Scope
from mitra.schools.access import Access
from mitra.schools.roles import Role
from mitra.schools.selectors import schools_named, schools_of, year_of
from mitra.schools.services import current_year


class Command(BaseCommand):
    help = "Write a school's partnership report (annual, semester, partnership or accountability) to a file."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=Kind.ALL)
        where = parser.add_mutually_exclusive_group(required=True)
        where.add_argument("--school", help="the school's id, NPSN or NSM")
        where.add_argument("--foundation", type=int, help="every school of this foundation (its id)")
        parser.add_argument("--year", help="school year, e.g. 2025/2026 (default: the current one)")
        parser.add_argument("--semester", type=int, choices=(1, 2))
        parser.add_argument("--partner", help="the partner's id or exact name (partnership report)")
        parser.add_argument("--language", choices=("id", "en"), default="id")
        parser.add_argument("--format", choices=tuple(generate.FORMATS), default="pdf")
        parser.add_argument("--output", help="the file to write (one school)")
        parser.add_argument("--output-dir", default=".", help="the folder to write into")

    def handle(self, *args, **options):
        if options["kind"] == Kind.SEMESTER and not options["semester"]:
            raise CommandError("A semester report needs --semester 1 or 2.")
        if options["kind"] == Kind.PARTNERSHIP and not options["partner"]:
            raise CommandError("A partnership report needs --partner.")
        if options["school"]:
            key = options["school"]
            found = schools_named(key)
            schools = list(found[:2])
            if len(schools) != 1:
                raise CommandError(f"No single school is known as {key!r}.")
        else:
            schools = list(schools_of(foundation=options["foundation"]).order_by("name"))
            if not schools:
                raise CommandError(f"Foundation {options['foundation']} has no schools.")
        for school in schools:
            try:
                path = self._write(school, options, single=bool(options["school"]))
            except CommandError as error:
                if options["school"]:
                    raise
                # In a foundation's batch one school without the year does not stop the others.
                self.stdout.write(f"{school.name}: skipped, {error}")
            else:
                self.stdout.write(f"{school.name}: {path}")

    def _write(self, school, options, *, single: bool) -> Path:
        access = Access(user=None, school=school, role=Role.PRINCIPAL)
        if options["year"]:
            year = year_of(school=school, name=options["year"])
        else:
            year = current_year(school)
        if year is None:
            raise CommandError(f"{school.name} has no school year {options['year'] or '(current)'}.")
        partner = None
        if options["kind"] == Kind.PARTNERSHIP:
            key = options["partner"]
            partner = partner_named(school=school, key=key)
            if partner is None:
                raise CommandError(f"{school.name} has no partner {key!r}.")
        scope = Scope(
            access=access,
            kind=options["kind"],
            year=year,
            language=options["language"],
            semester=options["semester"] if options["kind"] == Kind.SEMESTER else None,
            partner=partner,
        )
        output = generate.make(scope, options["format"])
        path = Path(options["output"]) if single and options["output"] else Path(options["output_dir"]) / output.name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(output.data)
        return path
