"""The foundation's dashboard: its schools side by side on the same figures, each counted by one
grouped query over all the schools (so a hundred schools cost what one does), and the templates
and instruments it shares with them, with which schools use them."""

import datetime
from collections import Counter

from django.db.models import Count, Exists, F, FloatField, OuterRef, Q, QuerySet, Subquery
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, Lower
from django.utils.translation import gettext as _

from mitra.activities.models import Activity
from mitra.activities.selectors import HAS_EVIDENCE
from mitra.agreements.models import Agreement, AgreementTemplate, FoundationTemplate
from mitra.agreements.status import ends_unrenewed_q, in_force_q
from mitra.evaluation.models import FoundationInstrument, Instrument, Obstacle, Response
from mitra.evaluation.partnership import health_across
from mitra.evaluation.results import progress_by_plan
from mitra.evaluation.selectors import OPEN
from mitra.partners.models import Partner
from mitra.planning.models import Plan, Task
from mitra.reports import summaries
from mitra.reports.models import SchoolSummary
from mitra.reports.numbers import share
from mitra.schools import freshness
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
            AcademicYear.objects.for_school(OuterRef("school")).filter(
                is_current=True, start_date__lte=OuterRef(day_field), end_date__gte=OuterRef(day_field)
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
    for plan in Plan.objects.for_schools(schools).filter(academic_year__is_current=True).in_force():
        plans[plan.school_id] = plan
    by_plan = progress_by_plan(schools=schools, plans=list(plans.values()))
    return {school_id: _mean(row["progress"] for row in by_plan.get(plan.pk, [])) for school_id, plan in plans.items()}


ROW_FIELDS = ("name", "level", "region", "npsn", "nsm", "foundation", "created_at")
# The kinds of a school's data its figures show (schools/freshness.py): a write of another kind (a
# letter) leaves them kept.
FIGURE_KINDS = (
    freshness.ACTIVITIES,
    freshness.PARTNERS,
    freshness.AGREEMENTS,
    freshness.EVALUATION,
    freshness.PLAN,
    freshness.SCHOOL,
)


def ordered_summaries(
    *, foundation, today: datetime.date, sort: str = "name", descending: bool = False, q: str = ""
) -> QuerySet[SchoolSummary]:
    """The kept figures of the foundation's schools (searched), brought up to date and ordered by a
    column in the database, so that a page of them reads its fifty rows and not a thousand."""
    schools = foundation_schools(foundation=foundation, q=q)
    summaries.keep_fresh(schools, today=today, compute=_figures, fields=ROW_FIELDS, kinds=FIGURE_KINDS)
    by_name = Lower("school__name")
    sort = sort if sort in COLUMNS else "name"
    if sort == "name":
        order = [by_name.desc() if descending else by_name.asc()]
    else:
        value = Cast(KT(f"figures__{sort}"), FloatField())
        # Schools without a figure (no done activity, so no share) sort last either way.
        order = [value.desc(nulls_last=True) if descending else value.asc(nulls_last=True), by_name]
    return (
        SchoolSummary.objects.for_schools(schools)
        .select_related("school")
        .only("figures", *(f"school__{field}" for field in ROW_FIELDS))
        .order_by(*order, "school_id")
    )


def as_rows(kept) -> list[dict]:
    """Kept summaries as the table's rows: the school and its figures."""
    return [{"school": summary.school, **summary.figures} for summary in kept]


def school_rows(
    *, foundation, today: datetime.date, sort: str = "name", descending: bool = False, q: str = ""
) -> list[dict]:
    """Every row of the dashboard, in its order (the export's, and the tests')."""
    return as_rows(ordered_summaries(foundation=foundation, today=today, sort=sort, descending=descending, q=q))


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
    agreements = _by_school(
        Agreement.objects.for_schools(schools).filter(in_force_q(today)),
        n=Count("id"),
        expiring=Count("id", filter=Q(pk__in=Agreement.objects.for_schools(schools).filter(ends_unrenewed_q(today)))),
    )
    activities = _by_school(
        Activity.objects.for_schools(schools).filter(_in_current_year("start_date"), status=Activity.Status.DONE),
        done=Count("id"),
        documented=Count("id", filter=HAS_EVIDENCE),
        verified=Count("id", filter=Q(review=Activity.Review.VERIFIED)),
    )
    responses = _by_school(
        Response.objects.for_schools(schools)
        .annotate(opens_on=F("round__opens_on"))
        .filter(_in_current_year("opens_on")),
        n=Count("id"),
    )
    obstacles = _by_school(Obstacle.objects.for_schools(schools).filter(OPEN), n=Count("id"))
    overdue = _by_school(Task.objects.for_schools(schools).open().filter(due_date__lt=today), n=Count("id"))
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
    """Compute the day's figures of every school not yet computed today (the daily run, before anyone
    looks); returns how many were."""
    return summaries.keep_fresh(
        School.objects.all(), today=today, compute=_figures, fields=ROW_FIELDS, kinds=FIGURE_KINDS
    )


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


SHOWN_USERS = 5  # schools named under each shared template; the rest are counted, not listed


def _uses(rows) -> dict[int, dict]:
    """(source id, school name, uses) rows → per source: how many schools took it up, and the few
    that use it most by name (a foundation of a thousand schools would otherwise list them all)."""
    by_source: dict[int, list] = {}
    for source_id, name, used in rows:
        by_source.setdefault(source_id, []).append({"name": name, "used": used or 0})
    return {
        source_id: {
            "school_n": len(uses),
            "schools": (shown := sorted(uses, key=lambda u: (-u["used"], u["name"]))[:SHOWN_USERS]),
            "more": len(uses) - len(shown),
        }
        for source_id, uses in by_source.items()
    }


def shared_templates(*, foundation) -> dict:
    """What the foundation publishes, and which of its schools took each up and use it."""
    schools = School.objects.filter(foundation=foundation)
    templates = list(FoundationTemplate.objects.filter(foundation=foundation).order_by("kind", "name"))
    template_uses = _uses(
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
        .values_list("copied_from_id", "school__name", "agreements")
    )
    instruments = list(FoundationInstrument.objects.filter(foundation=foundation).order_by("title"))
    instrument_uses = _uses(
        Instrument.objects.for_schools(schools)
        .filter(source__in=instruments)
        .annotate(round_count=Count("rounds", distinct=True))
        .values_list("source_id", "school__name", "round_count")
    )
    unused = {"school_n": 0, "schools": [], "more": 0}
    return {
        "templates": [{"template": t, **template_uses.get(t.pk, unused)} for t in templates],
        "instruments": [{"instrument": i, **instrument_uses.get(i.pk, unused)} for i in instruments],
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
