"""The money in the written reports, read back from the PDF and the Word file and equal to the database,
summed here without the report's code: the work plan's budget against what was spent per programme and
per source, and what partners gave per kind of partner and per partner (issue 26)."""

from collections import defaultdict
from decimal import Decimal

import pytest
from django.db.models import Sum
from django.utils import translation

from mitra.activities.models import Contribution
from mitra.documents.money import rupiah_in_words
from mitra.partners.models import Partner
from mitra.planning.models import Plan, PlannedActivity, Programme, Spending
from mitra.reports import generate
from mitra.reports.scope import Kind, Scope
from mitra.schools.services import current_year
from tests.documents.reading import docx_text, pdf_text, squeeze


def rp(amount, language) -> str:
    figures = f"{int(amount):,}"
    return "Rp" + (figures if language == "en" else figures.replace(",", "."))


def _text(output, file_format) -> str:
    return squeeze(pdf_text(output.data) if file_format == "pdf" else docx_text(output.data))


def _plan(school, year):
    return Plan.objects.for_school(school).filter(academic_year=year, status="approved").latest("revision")


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("file_format", ["pdf", "docx"])
def test_the_annual_report_says_what_was_budgeted_spent_and_given(demo, language, file_format):
    school, access = demo
    year = current_year(school)
    text = _text(
        generate.make(Scope(access=access, kind=Kind.ANNUAL, year=year, language=language), file_format), file_format
    )
    plan = _plan(school, year)
    spent_in_year = Spending.objects.for_school(school).filter(day__gte=year.start_date, day__lte=year.end_date)
    assert spent_in_year.exists(), "the demo spends"
    over = {"id": "melebihi anggaran", "en": "over the budget"}[language]
    for programme in Programme.objects.for_school(school).filter(plan=plan):
        planned = (
            PlannedActivity.objects.for_school(school).filter(programme=programme).aggregate(n=Sum("budget"))["n"] or 0
        )
        spent = spent_in_year.filter(programme__identity=programme.identity).aggregate(n=Sum("amount"))["n"] or 0
        left = rp(planned - spent, language) if spent <= planned else f"-{rp(spent - planned, language)} {over}"
        row = f"{programme.name} {rp(planned, language)} {rp(spent, language)} {left}"
        assert row in text, row
    total = spent_in_year.aggregate(n=Sum("amount"))["n"]
    spent_label = {"id": "dibelanjakan untuk rencana kerja", "en": "spent on the work plan"}[language]
    assert f"{rp(total, language)} {spent_label}" in text
    with translation.override(language):
        for source, label in PlannedActivity.BudgetSource.choices:
            spent = spent_in_year.filter(source=source).aggregate(n=Sum("amount"))["n"]
            if spent:
                assert f"{label} " in text and f" {rp(spent, language)}" in text

    given = Contribution.objects.for_school(school).filter(day__gte=year.start_date, day__lte=year.end_date)
    assert (
        given.filter(kind="cash").exists()
        and given.filter(kind="in_kind").exists()
        and given.filter(kind="time").exists()
    )
    by_partner = defaultdict(lambda: [Decimal(0), Decimal(0), Decimal(0), Decimal(0)])
    for c in given.select_related("partner"):
        sums = by_partner[c.partner.name]
        sums[{"cash": 0, "in_kind": 1, "time": 3}[c.kind]] += c.value
        sums[2] += c.people * c.hours
    for name, (cash, in_kind, hours, time_value) in by_partner.items():
        hours_text = f"{hours.normalize():f}"
        hours_text = hours_text if language == "en" else hours_text.replace(".", ",")
        row = f"{name} {rp(cash, language)} {rp(in_kind, language)} {hours_text} {rp(cash + in_kind + time_value, language)}"
        assert row in text, row
    with translation.override(language):
        for kind, label in Partner.Kind.choices:
            of_kind = given.filter(partner__kind=kind)
            if of_kind.exists():
                value = of_kind.aggregate(n=Sum("value"))["n"]
                assert f"{label} " in text and rp(value, language) in text
    all_given = given.aggregate(n=Sum("value"))["n"]
    given_label = {"id": "diberikan mitra", "en": "given by partners"}[language]
    assert f"{rp(all_given, language)} {given_label}" in text


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_accountability_summary_states_the_spending_in_figures_and_in_words(demo, language):
    school, access = demo
    year = current_year(school)
    output = generate.make(Scope(access=access, kind=Kind.ACCOUNTABILITY, year=year, language=language), "docx")
    text = _text(output, "docx")
    total = (
        Spending.objects.for_school(school)
        .filter(day__gte=year.start_date, day__lte=year.end_date)
        .aggregate(n=Sum("amount"))["n"]
    )
    assert f"{rp(total, language)} ({squeeze(rupiah_in_words(total, language))})" in text
    words = {"id": "rupiah", "en": "rupiah"}[language]
    assert words in text


def test_a_partnership_report_lists_what_that_partner_gave(demo):
    school, access = demo
    year = current_year(school)
    puskesmas = Partner.objects.for_school(school).get(name="UPT Puskesmas Kergon")
    output = generate.make(
        Scope(access=access, kind=Kind.PARTNERSHIP, year=year, language="id", partner=puskesmas), "pdf"
    )
    text = _text(output, "pdf")
    given = Contribution.objects.for_school(school).filter(
        partner=puskesmas, day__gte=year.start_date, day__lte=year.end_date
    )
    assert given.exists()
    for c in given:
        assert squeeze(c.description) in text
    assert "Pemakaian ruang pertemuan" in text or not given.filter(agreement__isnull=False).exists()
    assert f"{rp(given.aggregate(n=Sum('value'))['n'], 'id')} diberikan mitra" in text
    police = Contribution.objects.for_school(school).exclude(partner=puskesmas).first()
    assert police is not None and squeeze(police.description) not in text  # only this partner's
