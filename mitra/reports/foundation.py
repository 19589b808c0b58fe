"""The foundation's dashboard: its schools side by side on the same figures, each counted by one
grouped query over all the schools (so a hundred schools cost what one does), and the templates
and instruments it shares with them, with which schools use them."""

import datetime
from collections import Counter

from django.db.models import Count, Exists, F, OuterRef, Q, Subquery
from django.utils.translation import gettext as _

from mitra.activities.models import Activity, Evidence
from mitra.agreements.models import Agreement, AgreementTemplate, FoundationTemplate
from mitra.agreements.status import Status, status_q
from mitra.evaluation.models import FoundationInstrument, Instrument, Obstacle, Response
from mitra.evaluation.partnership import health_across
from mitra.evaluation.results import progress_by_plan
from mitra.evaluation.selectors import OPEN
from mitra.partners.models import Partner
from mitra.planning.models import Plan, Task
from mitra.reports import summaries
from mitra.reports.numbers import share
from mitra.schools.models import AcademicYear, School
from mitra.schools.selectors import foundation_schools

COLUMNS = (
    "name",
    "partners",
    "agreements",
    "expiring",
    "done",
    "documented",
    "verified",
    "responses",
    "obstacles",
    "overdue",
    "indicators",
    "health",
)


def column_labels() -> list[tuple[str, str]]:
    return [
        ("name", _("School")),
        ("partners", _("Active partners")),
        ("agreements", _("Agreements in force")),
        ("expiring", _("Expiring")),
        ("done", _("Activities done")),
        ("documented", _("With evidence")),
        ("verified", _("Verified")),
        ("responses", _("Evaluation responses")),
        ("obstacles", _("Open obstacles")),
        ("overdue", _("Overdue tasks")),
        ("indicators", _("Indicator progress")),
        ("health", _("Partnership health")),
    ]


def _by_school(queryset, **aggregates) -> dict[int, dict]:
    return {row["school"]: row for row in queryset.values("school").annotate(**aggregates)}


def _in_current_year(day_field: str) -> Q:
    """The row's day falls in its own school's current school year."""
    return Q(
        Exists(
            AcademicYear.all_schools.filter(
                school=OuterRef("school"),
                is_current=True,
                start_date__lte=OuterRef(day_field),
                end_date__gte=OuterRef(day_field),
            )
        )
    )


def _mean(values) -> int | None:
    known = [v for v in values if v is not None]
    return round(sum(known) / len(known)) if known else None


def _health_by_school(schools, active_partners, school_of: dict[int, int], today) -> dict[int, int | None]:
    """The mean health score of each school's active partnerships (school_of: partner -> school)."""
    found = health_across(schools=schools, partner_ids=active_partners.values_list("pk", flat=True), today=today)
    scores: dict[int, list] = {}
    for pk, school_id in school_of.items():
        scores.setdefault(school_id, []).append(found[pk].score if pk in found else None)
    return {school_id: _mean(values) for school_id, values in scores.items()}


def _indicators_by_school(schools) -> dict[int, int | None]:
    """The mean progress of the indicators of each school's plan for its current school year."""
    plans = {}
    for plan in (
        Plan.objects.for_schools(schools)
        .filter(academic_year__is_current=True)
        .exclude(status=Plan.Status.SUPERSEDED)
        .order_by("school", "-revision")
    ):
        plans.setdefault(plan.school_id, plan)  # the newest revision
    by_plan = progress_by_plan(schools=schools, plans=list(plans.values()))
    return {school_id: _mean(row["progress"] for row in by_plan.get(plan.pk, [])) for school_id, plan in plans.items()}


def school_rows(
    *, foundation, today: datetime.date, sort: str = "name", descending: bool = False, q: str = ""
) -> list[dict]:
    schools = list(foundation_schools(foundation=foundation, q=q))
    figures = summaries.figures_of(schools, today=today, compute=_figures)
    rows = [{"school": school, "name": school.name.casefold(), **figures[school.pk]} for school in schools]
    sort = sort if sort in COLUMNS else "name"
    # Schools without a figure (no done activity, so no share) sort last either way.
    known = sorted((r for r in rows if r[sort] is not None), key=lambda r: r[sort], reverse=descending)
    return known + [r for r in rows if r[sort] is None]


def _figures(schools: list, today: datetime.date) -> dict[int, dict]:
    """Each school's figures, in a fixed number of queries however many schools; plain numbers, kept
    as JSON by reports/summaries.py."""
    active_partners = Partner.objects.for_schools(schools).filter(
        archived_at__isnull=True, status=Partner.Status.ACTIVE
    )
    school_of = dict(active_partners.values_list("pk", "school"))
    partners = Counter(school_of.values())
    health = _health_by_school(schools, active_partners, school_of, today)
    indicators = _indicators_by_school(schools)
    in_force = status_q(Status.ACTIVE, today) | status_q(Status.EXPIRING, today)
    agreements = _by_school(
        Agreement.objects.for_schools(schools).filter(in_force),
        n=Count("id"),
        expiring=Count("id", filter=status_q(Status.EXPIRING, today)),
    )
    has_evidence = Q(Exists(Evidence.all_schools.filter(activity=OuterRef("pk"))))
    activities = _by_school(
        Activity.objects.for_schools(schools).filter(_in_current_year("start_date"), status=Activity.Status.DONE),
        done=Count("id"),
        documented=Count("id", filter=has_evidence),
        verified=Count("id", filter=Q(review=Activity.Review.VERIFIED)),
    )
    responses = _by_school(
        Response.objects.for_schools(schools)
        .annotate(opens_on=F("round__opens_on"))
        .filter(_in_current_year("opens_on")),
        n=Count("id"),
    )
    obstacles = _by_school(Obstacle.objects.for_schools(schools).filter(OPEN), n=Count("id"))
    overdue = _by_school(
        Task.objects.for_schools(schools).filter(done_at__isnull=True, due_date__lt=today), n=Count("id")
    )
    figures = {}
    for school in schools:
        found = activities.get(school.pk, {})
        done = found.get("done", 0)
        figures[school.pk] = {
            "partners": partners[school.pk],
            "agreements": agreements.get(school.pk, {}).get("n", 0),
            "expiring": agreements.get(school.pk, {}).get("expiring", 0),
            "done": done,
            "documented": share(found.get("documented", 0), done),
            "verified": share(found.get("verified", 0), done),
            "responses": responses.get(school.pk, {}).get("n", 0),
            "obstacles": obstacles.get(school.pk, {}).get("n", 0),
            "overdue": overdue.get(school.pk, {}).get("n", 0),
            "indicators": indicators.get(school.pk),
            "health": health.get(school.pk),
        }
    return figures


def refresh_all(*, today: datetime.date) -> int:
    """Compute every school's kept figures for the day (the daily run, before anyone looks)."""
    schools = list(School.objects.all())
    summaries.figures_of(schools, today=today, compute=_figures)
    return len(schools)


PERCENT_COLUMNS = {"documented", "verified", "indicators", "health"}


def _identity(school) -> list:
    return [school.name, school.npsn, school.nsm, school.get_level_display(), school.region]


def _identity_headers() -> list[str]:
    return [_("School"), _("NPSN"), _("NSM"), _("Level"), _("Region")]


def dashboard_table(rows) -> tuple[list[str], list[list]]:
    """The dashboard's table as a spreadsheet: the schools in the order shown, each figure a number."""
    figures = [(key, label) for key, label in column_labels() if key != "name"]
    headers = _identity_headers() + [f"{label} (%)" if key in PERCENT_COLUMNS else str(label) for key, label in figures]
    return headers, [_identity(row["school"]) + [row[key] for key, _label in figures] for row in rows]


def schools_table(*, foundation, q: str = "") -> tuple[list[str], list[list]]:
    """The overview's list of schools, every one of them rather than one page."""
    schools = foundation_schools(foundation=foundation, q=q).annotate(
        member_count=Count("memberships", filter=Q(memberships__is_active=True), distinct=True)
    )
    partners = _by_school(Partner.objects.for_schools(schools).filter(archived_at__isnull=True), n=Count("id"))
    headers = _identity_headers() + [_("Partners"), _("People")]
    return headers, [_identity(s) + [partners.get(s.pk, {}).get("n", 0), s.member_count] for s in schools]


def shared_templates(*, foundation) -> dict:
    """What the foundation publishes, and which of its schools took each up and use it."""
    schools = School.objects.filter(foundation=foundation)
    templates = list(FoundationTemplate.objects.filter(foundation=foundation).order_by("kind", "name"))
    copies = (
        AgreementTemplate.objects.for_schools(schools)
        .filter(copied_from__in=templates)
        .annotate(
            agreements=Subquery(
                Agreement.all_schools.filter(template=OuterRef("pk"))
                .values("template")
                .annotate(n=Count("id"))
                .values("n")
            )
        )
        .select_related("school")
    )
    by_template: dict[int, list] = {}
    for copy in copies:
        by_template.setdefault(copy.copied_from_id, []).append({"school": copy.school, "used": copy.agreements or 0})
    instruments = list(FoundationInstrument.objects.filter(foundation=foundation).order_by("title"))
    instrument_copies = (
        Instrument.objects.for_schools(schools)
        .filter(source__in=instruments)
        .annotate(round_count=Count("rounds", distinct=True))
        .select_related("school")
    )
    by_instrument: dict[int, list] = {}
    for copy in instrument_copies:
        by_instrument.setdefault(copy.source_id, []).append({"school": copy.school, "used": copy.round_count})
    return {
        "templates": [{"template": t, "schools": by_template.get(t.pk, [])} for t in templates],
        "instruments": [{"instrument": i, "schools": by_instrument.get(i.pk, [])} for i in instruments],
        "school_count": schools.count(),
    }


def make_reports(*, access, kind: str, language: str, file_format: str) -> int:
    """One report job per school of the foundation, for its current school year, asked for by the
    officer (who reads every school of the foundation); schools without a current year are skipped."""
    from mitra.reports import jobs
    from mitra.reports.forms import KIND_CHOICES
    from mitra.schools.access import access_for

    title = str(dict(KIND_CHOICES)[kind])
    made = 0
    for school in School.objects.filter(foundation=access.foundation).order_by("name"):
        year = AcademicYear.objects.for_school(school).filter(is_current=True).first()
        if year is None:
            continue
        params = {"kind": kind, "year": year.pk, "language": language, "format": file_format}
        school_access = access_for(access.user, school.pk)
        jobs.start(access=school_access, kind="report", params=params, title=f"{title} · {year.name} · {school.name}")
        made += 1
    return made


def jobs_asked(*, access):
    """The reports the officer asked for across the foundation's schools, newest first."""
    from mitra.reports.models import Job

    schools = School.objects.filter(foundation=access.foundation)
    # At least one whole round of "a report for every school", however many schools there are.
    shown = max(50, schools.count())
    return Job.objects.for_schools(schools).filter(requested_by=access.user).select_related("school")[:shown]
