"""The principal's dashboard and the foundation's: the figures they show are the database's, they
sort, and their query count does not grow with the rows."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mitra.activities import services as activities
from mitra.reports import foundation
from mitra.schools import freshness
from mitra.schools.models import AcademicYear, Mark, School
from tests.conftest import make_partner


@pytest.fixture(autouse=True)
def in_english(world):
    for person in world.users.values():
        person.language = "en"
        person.save(update_fields=["language"])


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_school_dashboard_shows_agreements_expiring_first_and_the_year_at_a_glance(
    client, evaluation_world, monkeypatch
):
    world = evaluation_world
    client.force_login(world.users["principal"])
    page = client.get(reverse("reports:dashboard", args=[world.a.pk])).content.decode()
    for heading in ("Agreements", "Activities this school year", "Needs and partners", "Open obstacles", "Overdue"):
        assert heading in page
    assert "Partnership health" in page and "Indicators" in page
    assert world.obstacle.title in page  # the open obstacle
    assert world.indicator.name in page
    assert page.count("<svg") >= 1  # the activities per month, drawn as in the PDF


def test_between_school_years_the_dashboard_still_shows_open_obstacles_and_partnership_health(client, evaluation_world):
    """Neither depends on the school year (the health counts the last twelve months): a school whose
    year has ended and whose next one is not yet set still sees them; what is of a year is not shown."""
    world = evaluation_world
    AcademicYear.objects.for_school(world.a).update(is_current=False)
    client.force_login(world.users["principal"])
    page = client.get(reverse("reports:dashboard", args=[world.a.pk])).content.decode()
    assert "No current school year." in page
    sections = {m[1]: m[2] for m in re.finditer(r"<h3>([^<]+)</h3>(.*?)</section>", page, re.S)}
    assert world.obstacle.title in sections["Open obstacles"]
    assert world.partner.name in sections["Partnership health"]
    for of_a_year in ("Activities this school year", "Needs and partners", "Overdue", "Indicators"):
        assert of_a_year not in page


def test_the_foundation_sees_its_schools_side_by_side_and_sorts_them(client, run_world):
    world = run_world
    AcademicYear.all_schools.create(
        school=world.b,
        name=world.year.name,
        start_date=world.year.start_date,
        second_semester_start=world.year.second_semester_start,
        end_date=world.year.end_date,
        is_current=True,
    )
    b_partner = make_partner(world.b, "Puskesmas B")
    for day in (datetime.date(2025, 8, 5), datetime.date(2025, 8, 12)):
        activities.quick_record(
            school=world.b, user=world.users["sibling"], partner=b_partner, sentence=f"Kegiatan {day}", day=day
        )
    today = datetime.date(2026, 1, 10)
    by_done = foundation.school_rows(foundation=world.f1, today=today, sort="done", descending=True)
    assert [(r["school"], r["done"], r["documented"]) for r in by_done[:2]] == [(world.b, 2, 0), (world.a, 1, 100)]
    by_evidence = foundation.school_rows(foundation=world.f1, today=today, sort="documented", descending=True)
    assert [r["school"] for r in by_evidence[:2]] == [world.a, world.b]
    client.force_login(world.users["foundation_viewer"])
    page = client.get(reverse("foundation_reports:dashboard", args=[world.f1.pk]) + "?sort=done&dir=desc")
    body = page.content.decode()
    assert page.status_code == 200 and 'aria-sort="descending"' in body
    assert body.index(world.b.name) < body.index(world.a.name)
    assert reverse("reports:dashboard", args=[world.b.pk]) in body  # the drill-down


def test_a_schools_row_on_the_foundation_dashboard_escapes_its_name_and_shows_no_figure_as_a_dash(client, world):
    """The table's rows are written by the `foundation_rows` tag, not the template: a school's name is
    escaped there too, a school without a region shows its level alone, a share without data is –."""
    school = School.objects.create(foundation=world.f1, name="<b>Sekolah & Co</b>", level="mts")
    client.force_login(world.users["foundation_admin"])
    body = client.get(reverse("foundation_reports:dashboard", args=[world.f1.pk]) + "?q=Sekolah").content.decode()
    table = body[body.index("<tbody>") :]
    row = table[table.index(reverse("reports:dashboard", args=[school.pk])) :]
    row = row[: row.index("</tr>")]
    assert "&lt;b&gt;Sekolah &amp; Co&lt;/b&gt;</a>" in row and "<b>" not in row
    assert '<div class="small muted">MTs</div>' in row
    cells = re.findall(r"<td>(.*?)</td>", row)
    assert cells == ["0", "0", "0", "0", "–", "–", "0", "0", "0", "–", "–", "Rp0", "Rp0"]


def test_the_foundation_dashboard_costs_the_same_queries_for_3_schools_or_23(client, world):
    client.force_login(world.users["foundation_admin"])
    urls = [
        reverse("foundation_reports:dashboard", args=[world.f1.pk]),
        reverse("foundation_reports:export", args=[world.f1.pk, "dashboard"]) + "?format=xlsx",
        reverse("foundation_reports:export", args=[world.f1.pk, "schools"]) + "?format=csv",
    ]
    client.get(urls[0])
    computing = _count(client, urls[0] + "?q=x")  # no school matches: nothing to compute, the page's own cost
    kept = [_count(client, url) for url in urls]
    for i in range(20):
        School.objects.create(foundation=world.f1, name=f"Sekolah {i}", level="mi")
    first = _count(client, urls[0])  # the twenty new schools' figures, computed in one batch
    assert [_count(client, url) for url in urls] == kept
    assert first > kept[0] and computing <= kept[0]
    assert first - kept[0] < 25, "one batch for all new schools, not queries per school"


def _a_parent_answers(world):
    from django.http import QueryDict

    from mitra.evaluation import responses
    from tests.conftest import parent_answers

    data = QueryDict(mutable=True)
    for name, value in parent_answers(world.round.version).items():
        data.setlist(name, value if isinstance(value, list) else [value])
    form = responses.answer_form(world.round, data)
    assert form.is_valid(), form.errors
    responses.response_save(round_=world.round, form=form, group="parents", submission="another-parent")


def test_the_foundation_figures_are_kept_until_the_school_changes_or_the_day_does(evaluation_world):
    from mitra.reports.models import SchoolSummary

    world = evaluation_world
    today = datetime.date(2026, 1, 10)

    def row_of_a(day=today):
        return next(r for r in foundation.school_rows(foundation=world.f1, today=day) if r["school"] == world.a)

    before = row_of_a()
    kept_at = SchoolSummary.objects.for_school(world.a).get().computed_at
    assert row_of_a() == before and SchoolSummary.objects.for_school(world.a).get().computed_at == kept_at

    activities.quick_record(
        school=world.a, user=world.users["coordinator"], partner=world.partner, sentence="Kunjungan", day=today
    )
    assert row_of_a()["done"] == before["done"] + 1  # a recorded change makes the school's figures stale

    kept_at = SchoolSummary.objects.for_school(world.a).get().computed_at
    _a_parent_answers(world)  # anonymous answers keep no history, and still make the figures stale
    row_of_a()
    assert SchoolSummary.objects.for_school(world.a).get().computed_at > kept_at

    kept_at = SchoolSummary.objects.for_school(world.a).get().computed_at
    row_of_a(today + datetime.timedelta(days=1))
    assert SchoolSummary.objects.for_school(world.a).get().computed_at > kept_at  # a new day, computed again


def test_after_a_change_only_the_foundation_figures_that_show_its_kind_are_computed_again(evaluation_world):
    from mitra.reports.models import SchoolSummary

    world, today = evaluation_world, datetime.date(2026, 1, 10)
    foundation.school_rows(foundation=world.f1, today=today)

    def tables_read_after(*kinds) -> set[str]:
        freshness.mark(world.a.pk, *kinds)
        with CaptureQueriesContext(connection) as queries:
            foundation.school_rows(foundation=world.f1, today=today)
        return {table for q in queries for table in re.findall(r'(?:FROM|JOIN) "(\w+)"', q["sql"])}

    # A change of the plan (an overdue task): the tasks and the plan's indicators, none of the evidence,
    # agreements, answers or obstacles that the other figures count.
    read = tables_read_after(freshness.PLAN)
    assert {"planning_task", "planning_indicator"} <= read
    assert not read & {"activities_evidence", "agreements_agreement", "evaluation_answer", "evaluation_obstacle"}
    # An agreement's: the agreements and the partnerships' health, not the tasks or the plan.
    read = tables_read_after(freshness.AGREEMENTS)
    assert {"agreements_agreement", "activities_activity"} <= read and not read & {"planning_task", "planning_plan"}
    # A letter's: nothing computed, the kept figures read.
    read = tables_read_after(freshness.LETTERS)
    assert not read & {"planning_task", "agreements_agreement", "activities_activity"}
    # And the figures kept are those computed afresh.
    kept = SchoolSummary.objects.for_school(world.a).get().figures
    assert kept == foundation._figures([world.a], today)[world.a.pk]


def test_foundation_figures_kept_with_other_figures_are_computed_whole(evaluation_world):
    """Figures of today kept by code with fewer or more figures (a deploy during the day) are not
    merged with the parts computed again: computed whole, and nothing left of the old keys."""
    from mitra.reports.models import SchoolSummary

    world, today = evaluation_world, datetime.date(2026, 1, 10)
    foundation.school_rows(foundation=world.f1, today=today)
    afresh = foundation._figures([world.a], today)[world.a.pk]
    for kept in ({"partners": 99}, {**afresh, "retired": 1, "done": 99}):
        SchoolSummary.objects.for_school(world.a).update(figures=kept)
        freshness.mark(world.a.pk, freshness.PLAN)  # the plan's parts only, were the rest merged
        foundation.school_rows(foundation=world.f1, today=today)
        assert SchoolSummary.objects.for_school(world.a).get().figures == afresh


def test_the_foundation_figures_are_each_a_column_of_the_dashboard():
    keys = [key for part in foundation.FIGURES for key in part.keys]
    assert sorted(keys) == sorted(set(foundation.COLUMNS) - {"name"})  # each once, none missing


def test_the_foundation_sees_which_schools_use_its_template_and_instrument(client, evaluation_world):
    from mitra.agreements import services as agreements
    from mitra.evaluation import instruments

    world = evaluation_world
    instruments.foundation_copy(school=world.b, user=world.users["sibling"], source=world.foundation_instrument)
    template = world.foundation_template
    agreements.template_copy(school=world.b, user=world.users["sibling"], source=template)
    client.force_login(world.users["foundation_admin"])
    body = client.get(reverse("foundation_reports:dashboard", args=[world.f1.pk])).content.decode()
    shared = foundation.shared_templates(foundation=world.f1)
    row = next(r for r in shared["instruments"] if r["instrument"] == world.foundation_instrument)
    assert row["schools"] == [{"name": world.b.name, "used": 0}] and row["school_n"] == 1 and row["more"] == 0
    assert f"Used by 1 school of {world.f1.schools.count()}: {world.b.name} (0 rounds)" in " ".join(body.split())
    used = next(r for r in shared["templates"] if r["template"] == template)
    assert world.b.name in [u["name"] for u in used["schools"]]


def test_the_foundation_has_every_schools_report_made_and_downloads_each(client, run_world):
    from mitra.schools import jobs
    from mitra.schools.models import Job

    world = run_world
    client.force_login(world.users["foundation_viewer"])
    url = reverse("foundation_reports:reports", args=[world.f1.pk])
    response = client.post(url, {"kind": "accountability", "language": "en", "format": "pdf"})
    assert response.status_code == 302
    schools = School.objects.filter(foundation=world.f1)
    with_year = schools.filter(pk__in=AcademicYear.all_schools.filter(is_current=True).values("school"))
    made = Job.objects.for_schools(schools).filter(requested_by=world.users["foundation_viewer"])
    assert made.count() == with_year.count() >= 1
    dashboard = reverse("foundation_reports:dashboard", args=[world.f1.pk])
    assert 'hx-trigger="every 2s"' in client.get(dashboard).content.decode()  # still being made: it polls
    for job in made:
        assert jobs.run(job.pk) == "done", job.error
    page = client.get(dashboard).content.decode()
    assert 'hx-trigger="every 2s"' not in page
    for job in made:
        download = reverse("reports:download", args=[job.school_id, job.pk])
        assert download in page and client.get(download).status_code == 200


def test_the_foundation_sees_each_schools_indicators_and_health_as_on_its_own_dashboard(client, report_world):
    from decimal import Decimal

    from mitra.activities.models import IndicatorResult
    from mitra.evaluation.partnership import health_of
    from mitra.evaluation.results import indicator_progress
    from mitra.partners.models import Partner

    world = report_world
    indicator = world.indicator
    value = indicator.baseline + (indicator.target - indicator.baseline) / 2
    IndicatorResult.all_schools.create(
        school=world.a, activity=world.done_activity, indicator=indicator, value=Decimal(value)
    )
    today = datetime.date.today()
    rows = {r["school"]: r for r in foundation.school_rows(foundation=world.f1, today=today)}
    progress = [r["progress"] for r in indicator_progress(school=world.a, year=world.year) if r["progress"] is not None]
    active = Partner.objects.for_school(world.a).filter(archived_at__isnull=True, status=Partner.Status.ACTIVE)
    scores = [
        h.score
        for h in health_of(school=world.a, partner_ids=active.values_list("pk", flat=True), today=today).values()
    ]
    scores = [s for s in scores if s is not None]
    assert progress and scores  # the world has both, so the columns are tested, not their empty state
    assert rows[world.a]["indicators"] == round(sum(progress) / len(progress))
    assert rows[world.a]["health"] == round(sum(scores) / len(scores))
    assert rows[world.b]["indicators"] is None  # no plan for the year: shown as –, sorted last


def test_the_foundation_downloads_its_dashboard_and_its_school_list_as_the_pages_show_them(client, run_world):
    import csv
    import io

    from openpyxl import load_workbook

    world = run_world
    client.force_login(world.users["foundation_viewer"])
    url = reverse("foundation_reports:export", args=[world.f1.pk, "dashboard"])
    response = client.get(url + "?sort=done&dir=desc&format=xlsx")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    table = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert table[0][:5] == ["School", "NPSN", "NSM", "Level", "Region"] and "Partnership health (%)" in table[0]
    shown = foundation.school_rows(foundation=world.f1, today=datetime.date.today(), sort="done", descending=True)
    assert [row[0] for row in table[1:]] == [r["school"].name for r in shown]
    done = table[0].index("Activities done")
    assert [row[done] for row in table[1:]] == [r["done"] for r in shown]

    schools = reverse("foundation_reports:export", args=[world.f1.pk, "schools"])
    body = client.get(schools + f"?q={world.b.name}&format=csv").content.decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(body)))
    assert lines[0][-2:] == ["Partners", "People"] and [line[0] for line in lines[1:]] == [world.b.name]
    assert client.get(schools + "?format=pdf").status_code == 404
    client.force_login(world.users["principal"])  # a school's principal does not read the foundation
    assert client.get(schools + "?format=csv").status_code in (403, 404)


def test_the_school_dashboard_is_kept_until_the_school_data_changes_and_then_shows_the_change(client, run_world):
    """The dashboard's figures are computed once and kept in the fragments cache; the key holds when
    the school's data last changed, so a write through any service is on the next page."""
    world = run_world
    url = reverse("reports:dashboard", args=[world.a.pk])
    client.force_login(world.users["coordinator"])
    first = _count(client, url)
    kept = _count(client, url)
    assert kept < first - 10  # the figures were not computed again
    mains = [re.search(rb"<main.*</main>", client.get(url).content, re.S).group(0) for _ in range(2)]
    assert mains[0] == mains[1]  # the same page, read from its kept copy

    response = client.post(
        reverse("partners:create", args=[world.a.pk]),
        {"name": "Koperasi Sekolah Baru", "kind": "business", "status": "active"},
    )
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "Koperasi Sekolah Baru" in page  # in the recent changes, computed again
    # Another person of the same school has a copy of their own (their tasks are on it).
    client.force_login(world.users["principal"])
    assert _count(client, url) > kept + 10


def test_a_school_dashboard_copy_is_never_shown_for_another_school(client, run_world):
    world = run_world
    Mark.all_schools.filter(school__in=[world.a, world.b]).delete()  # the same marks: none
    client.force_login(world.users["principal"])
    assert f"<h1>{world.a.name}</h1>" in client.get(reverse("reports:dashboard", args=[world.a.pk])).content.decode()
    client.force_login(world.users["sibling"])  # a member of school B, after A's copy was kept
    page_b = client.get(reverse("reports:dashboard", args=[world.b.pk])).content.decode()
    assert f"<h1>{world.b.name}</h1>" in page_b and f"<h1>{world.a.name}</h1>" not in page_b


def test_a_template_taken_up_by_many_schools_names_the_few_that_use_it_most(client, evaluation_world):
    """A thousand-school foundation must not get a thousand names in one paragraph."""
    from mitra.agreements import services as agreements

    world = evaluation_world
    template = world.foundation_template
    takers = [world.b] + [
        School.objects.create(foundation=world.f1, name=f"MI Taker {n}", level=School.Level.MI) for n in range(6)
    ]
    for school in takers:
        agreements.template_copy(school=school, user=world.users["foundation_admin"], source=template)
    client.force_login(world.users["foundation_admin"])
    body = " ".join(client.get(reverse("foundation_reports:dashboard", args=[world.f1.pk])).content.decode().split())
    row = next(r for r in foundation.shared_templates(foundation=world.f1)["templates"] if r["template"] == template)
    assert row["school_n"] >= 7 and len(row["schools"]) == foundation.SHOWN_USERS
    assert row["more"] == row["school_n"] - foundation.SHOWN_USERS
    used_by = re.search(rf"Used by {row['school_n']} schools of {world.f1.schools.count()}: (.*?)</div>", body)
    assert used_by and used_by.group(1).endswith(f"and {row['more']} other schools")
    assert sum(school.name in used_by.group(1) for school in takers) == foundation.SHOWN_USERS


def test_the_foundation_sees_what_each_school_spent_and_was_given_this_year_and_sorts_by_it(client, run_world):
    from mitra.activities import contributions
    from mitra.planning.models import Spending

    world = run_world
    today = datetime.date(2026, 1, 10)  # in the world's current school year
    Spending.objects.for_school(world.a).create(
        programme=world.programme, day=datetime.date(2025, 9, 1), amount=1_250_000, source="school", description="Tenda"
    )
    contributions.contribution_add(
        school=world.a,
        user=world.users["coordinator"],
        partner=world.partner,
        activity=world.done_activity,
        data={
            "kind": "in_kind",
            "day": datetime.date(2025, 9, 10),
            "description": "Obat",
            "value": 400_000,
            "valued_how": "Harga apotek",
        },
    )
    rows = foundation.school_rows(foundation=world.f1, today=today, sort="spent", descending=True)
    assert (rows[0]["school"], rows[0]["spent"], rows[0]["given"]) == (world.a, 1_250_000, 400_000)
    assert all(r["spent"] == 0 for r in rows[1:])
    ascending = foundation.school_rows(foundation=world.f1, today=today, sort="given")
    assert ascending[-1]["school"] == world.a
    headers, table = foundation.dashboard_table(rows)
    spent_column = 5 + foundation.COLUMNS[1:].index("spent")  # after the school's name, NPSN, NSM, level, region
    assert headers[spent_column].endswith("(Rp)") and table[0][spent_column] == 1_250_000
    world.users["foundation_viewer"].language = "id"
    world.users["foundation_viewer"].save(update_fields=["language"])
    client.force_login(world.users["foundation_viewer"])
    body = client.get(
        reverse("foundation_reports:dashboard", args=[world.f1.pk]) + "?sort=spent&dir=desc"
    ).content.decode()
    assert "Rp1.250.000" in body and "Rp400.000" in body
