"""The foundation's dashboard: its schools side by side on the same figures, each counted by one
grouped query over all the schools (so a hundred schools cost what one does), and the templates
and instruments it shares with them, with which schools use them."""

import datetime
from collections import Counter

from django.db.models import FloatField, QuerySet
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, Lower
from django.utils.translation import gettext as _

from mitra.activities.contributions import given_this_year_by_school
from mitra.activities.selectors import done_this_year_by_school
from mitra.agreements.selectors import foundation_templates, in_force_by_school, template_uses
from mitra.evaluation.partnership import LISTED_AT_MOST, health_across
from mitra.evaluation.results import progress_by_plan
from mitra.evaluation.selectors import (
    foundation_instruments,
    instrument_uses,
    open_obstacles_by_school,
    responses_this_year_by_school,
)
from mitra.partners.selectors import active_partners, counts_by_school
from mitra.planning.selectors import current_plans, overdue_by_school
from mitra.planning.spending import spent_this_year_by_school
from mitra.reports import summaries
from mitra.reports.forms import KIND_CHOICES
from mitra.reports.models import SchoolSummary
from mitra.reports.numbers import share
from mitra.schools import freshness, jobs
from mitra.schools.access import access_for
from mitra.schools.selectors import every_school, foundation_schools, schools_of, with_member_counts
from mitra.schools.services import current_year

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
    "spent",
    "given",
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
        ("spent", _("Spent on the work plan")),
        ("given", _("Given by partners")),
    ]


def _mean(values) -> int | None:
    known = [v for v in values if v is not None]
    return round(sum(known) / len(known)) if known else None


def _health_by_school(schools, active, school_of: dict[int, int], today) -> dict[int, int | None]:
    """The mean health score of each school's active partnerships (school_of: partner -> school)."""
    # The ids already read when few (one school's, after a change); a subquery for a thousand schools.
    few = len(school_of) <= LISTED_AT_MOST
    chosen = list(school_of) if few else active.values_list("pk", flat=True)
    found = health_across(schools=schools, partner_ids=chosen, today=today)
    scores: dict[int, list] = {}
    for pk, school_id in school_of.items():
        scores.setdefault(school_id, []).append(found[pk].score if pk in found else None)
    return {school_id: _mean(values) for school_id, values in scores.items()}


def _indicators_by_school(schools) -> dict[int, int | None]:
    """The mean progress of the indicators of each school's plan for its current school year."""
    plans = current_plans(schools=schools)
    by_plan = progress_by_plan(schools=schools, plans=list(plans.values()))
    return {school_id: _mean(row["progress"] for row in by_plan.get(plan.pk, [])) for school_id, plan in plans.items()}


ROW_FIELDS = ("name", "level", "region", "npsn", "nsm", "foundation", "created_at")


def _partners_and_health(schools: list, today: datetime.date) -> dict[int, dict]:
    active = active_partners(schools=schools)
    school_of = dict(active.values_list("pk", "school"))
    partners = Counter(school_of.values())
    health = _health_by_school(schools, active, school_of, today)
    return {school.pk: {"partners": partners[school.pk], "health": health.get(school.pk)} for school in schools}


def _agreements(schools: list, today: datetime.date) -> dict[int, dict]:
    found = in_force_by_school(schools=schools, today=today)
    return {
        school.pk: {
            "agreements": found.get(school.pk, {}).get("n", 0),
            "expiring": found.get(school.pk, {}).get("expiring", 0),
        }
        for school in schools
    }


def _activities(schools: list, today: datetime.date) -> dict[int, dict]:
    found = done_this_year_by_school(schools=schools)
    figures = {}
    for school in schools:
        row = found.get(school.pk, {})
        done = row.get("done", 0)
        figures[school.pk] = {
            "done": done,
            "documented": share(row.get("documented", 0), done),
            "verified": share(row.get("verified", 0), done),
        }
    return figures


def _n(key: str, found: dict[int, dict], schools: list) -> dict[int, dict]:
    """A figure that is one count per school: the "n" of a by-school selector's rows."""
    return {school.pk: {key: found.get(school.pk, {}).get("n", 0)} for school in schools}


def _responses(schools: list, today: datetime.date) -> dict[int, dict]:
    return _n("responses", responses_this_year_by_school(schools=schools), schools)


def _obstacles(schools: list, today: datetime.date) -> dict[int, dict]:
    return _n("obstacles", open_obstacles_by_school(schools=schools), schools)


def _overdue(schools: list, today: datetime.date) -> dict[int, dict]:
    return _n("overdue", overdue_by_school(schools=schools, today=today), schools)


def _indicators(schools: list, today: datetime.date) -> dict[int, dict]:
    found = _indicators_by_school(schools)
    return {school.pk: {"indicators": found.get(school.pk)} for school in schools}


def _spent(schools: list, today: datetime.date) -> dict[int, dict]:
    """Whole rupiah spent on the work plan of the school's current year."""
    found = spent_this_year_by_school(schools=schools)
    return {school.pk: {"spent": int(found.get(school.pk, {}).get("n") or 0)} for school in schools}


def _given(schools: list, today: datetime.date) -> dict[int, dict]:
    """Whole rupiah of what partners gave the school this school year."""
    found = given_this_year_by_school(schools=schools)
    return {school.pk: {"given": int(found.get(school.pk, {}).get("n") or 0)} for school in schools}


# The dashboard's figures, each with the kinds of a school's data it shows (schools/freshness.py):
# after a change, only those that show its kind are computed again. A write of a kind none shows (a
# letter; the school's profile or team, whose name and region the table reads live) leaves them kept.
# Test: tests/reports/test_foundation_figures_property.py, which fails for any kind left out here.
FIGURES = (
    summaries.Part(
        ("partners", "health"),
        frozenset({freshness.PARTNERS, freshness.ACTIVITIES, freshness.AGREEMENTS, freshness.EVALUATION}),
        _partners_and_health,
    ),
    summaries.Part(("agreements", "expiring"), frozenset({freshness.AGREEMENTS}), _agreements),
    summaries.Part(("done", "documented", "verified"), frozenset({freshness.ACTIVITIES, freshness.YEAR}), _activities),
    summaries.Part(("responses",), frozenset({freshness.EVALUATION, freshness.YEAR}), _responses),
    summaries.Part(("obstacles",), frozenset({freshness.EVALUATION}), _obstacles),
    summaries.Part(("overdue",), frozenset({freshness.PLAN}), _overdue),
    summaries.Part(("indicators",), frozenset({freshness.PLAN, freshness.ACTIVITIES, freshness.YEAR}), _indicators),
    # Spending is recorded on the plan's programmes; contributions on activities and agreements.
    summaries.Part(("spent",), frozenset({freshness.PLAN, freshness.YEAR}), _spent),
    summaries.Part(("given",), frozenset({freshness.ACTIVITIES, freshness.AGREEMENTS, freshness.YEAR}), _given),
)


def ordered_summaries(
    *, foundation, today: datetime.date, sort: str = "name", descending: bool = False, q: str = ""
) -> QuerySet[SchoolSummary]:
    """The kept figures of the foundation's schools (searched), brought up to date and ordered by a
    column in the database, so that a page of them reads its fifty rows and not a thousand."""
    schools = foundation_schools(foundation=foundation, q=q)
    summaries.keep_fresh(schools, today=today, table=FIGURES, fields=ROW_FIELDS)
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
    """Each school's figures computed afresh, in a fixed number of queries however many schools."""
    return summaries.compute(FIGURES, schools, today)


def refresh_all(*, today: datetime.date) -> int:
    """Compute the day's figures of every school not yet computed today (the daily run, before anyone
    looks); returns how many were."""
    return summaries.keep_fresh(every_school(), today=today, table=FIGURES, fields=ROW_FIELDS)


PERCENT_COLUMNS = {"documented", "verified", "indicators", "health"}
MONEY_COLUMNS = {"spent", "given"}  # whole rupiah


def _identity(school) -> list:
    return [school.name, school.npsn, school.nsm, school.get_level_display(), school.region]


def _identity_headers() -> list[str]:
    return [_("School"), _("NPSN"), _("NSM"), _("Level"), _("Region")]


def dashboard_table(rows) -> tuple[list[str], list[list]]:
    """The dashboard's table as a spreadsheet: the schools in the order shown, each figure a number."""
    figures = [(key, label) for key, label in column_labels() if key != "name"]
    unit = {**dict.fromkeys(PERCENT_COLUMNS, " (%)"), **dict.fromkeys(MONEY_COLUMNS, " (Rp)")}
    headers = _identity_headers() + [f"{label}{unit.get(key, '')}" for key, label in figures]
    return headers, [_identity(row["school"]) + [row[key] for key, _label in figures] for row in rows]


def schools_table(*, foundation, q: str = "") -> tuple[list[str], list[list]]:
    """The overview's list of schools, every one of them rather than one page."""
    schools = with_member_counts(foundation_schools(foundation=foundation, q=q))
    partners = counts_by_school(schools)
    headers = _identity_headers() + [_("Partners"), _("People")]
    return headers, [_identity(s) + [partners.get(s.pk, 0), s.member_count] for s in schools]


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


def shared_templates(*, foundation, school_count: int | None = None) -> dict:
    """What the foundation publishes, and which of its schools took each up and use it (of
    `school_count`, its number of schools, counted here unless the caller has it)."""
    schools = schools_of(foundation=foundation)
    templates = foundation_templates(foundation=foundation)
    template_uses_ = _uses(template_uses(schools=schools, templates=templates))
    instruments = foundation_instruments(foundation=foundation)
    instrument_uses_ = _uses(instrument_uses(schools=schools, instruments=instruments))
    unused = {"school_n": 0, "schools": [], "more": 0}
    return {
        "templates": [{"template": t, **template_uses_.get(t.pk, unused)} for t in templates],
        "instruments": [{"instrument": i, **instrument_uses_.get(i.pk, unused)} for i in instruments],
        "school_count": schools.count() if school_count is None else school_count,
    }


def make_reports(*, access, kind: str, language: str, file_format: str) -> int:
    """One report job per school of the foundation, for its current school year, asked for by the
    officer (who reads every school of the foundation); schools without a current year are skipped."""
    title = str(dict(KIND_CHOICES)[kind])
    made = 0
    for school in schools_of(foundation=access.foundation).order_by("name"):
        year = current_year(school)
        if year is None:
            continue
        params = {"kind": kind, "year": year.pk, "language": language, "format": file_format}
        school_access = access_for(access.user, school.pk)
        jobs.start(access=school_access, kind="report", params=params, title=f"{title} · {year.name} · {school.name}")
        made += 1
    return made


def jobs_asked(*, access, school_count: int):
    """The reports the officer asked for across the foundation's schools (`school_count` of them),
    newest first."""
    schools = schools_of(foundation=access.foundation)
    # At least one whole round of "a report for every school", however many schools there are.
    shown = max(50, school_count)
    return jobs.jobs_across(user=access.user, schools=schools)[:shown]
