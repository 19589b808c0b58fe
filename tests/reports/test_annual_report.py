"""The demo school's annual report, read back from the PDF and from the Word file: its structure
follows the cycle and its figures are the database's, counted here independently."""

import re
from collections import Counter

import pytest

from mitra.activities.models import Activity, Evidence, Participant, ParticipantCount
from mitra.agreements.models import Party
from mitra.evaluation.models import Obstacle, Response
from mitra.partners.models import Partner
from mitra.planning.models import Goal, Indicator, Plan
from mitra.reports import generate
from mitra.reports.scope import Kind, Scope
from mitra.schools.services import current_year
from tests.documents.reading import docx_text, pdf_text, squeeze

WORDS = {
    "id": {
        "title": "Laporan Kemitraan Tahunan",
        "stages": ["A. Perencanaan", "B. Pelaksanaan", "C. Evaluasi", "Lampiran: daftar bukti"],
        "active": "mitra aktif",
        "done": "kegiatan terlaksana",
        "participants": "peserta tercatat",
        "responses": "jawaban evaluasi",
        "obstacles": "kendala terselesaikan",
    },
    "en": {
        "title": "Annual partnership report",
        "stages": ["A. Planning", "B. Implementation", "C. Evaluation", "Appendix: list of evidence"],
        "active": "active partners",
        "done": "activities done",
        "participants": "participants counted",
        "responses": "evaluation responses",
        "obstacles": "obstacles resolved",
    },
}


def _taking_part(school, done) -> int:
    """Per activity and group, the people counted or, when more were named, the people named."""
    counted, named = Counter(), Counter()
    for row in ParticipantCount.objects.for_school(school).filter(activity__in=done):
        counted[row.activity_id, row.group] += row.count
    for person in Participant.objects.for_school(school).filter(activity__in=done):
        named[person.activity_id, person.group] += 1
    return sum(max(counted[key], named[key]) for key in set(counted) | set(named))


def expected_figures(school, year) -> dict:
    """What the database says about the year, without the report's code."""
    in_year = {"start_date__gte": year.start_date, "start_date__lte": year.end_date}
    done = Activity.objects.for_school(school).filter(status="done", **in_year)
    plan = Plan.objects.for_school(school).filter(academic_year=year).exclude(status="superseded").latest("revision")
    return {
        "active": Partner.objects.for_school(school).filter(status="active", archived_at__isnull=True).count(),
        "done": done.count(),
        "participants": _taking_part(school, done),
        "responses": Response.objects.for_school(school)
        .filter(round__opens_on__gte=year.start_date, round__opens_on__lte=year.end_date)
        .count(),
        "obstacles": (
            Obstacle.objects.for_school(school).filter(academic_year=year, status="resolved").count(),
            Obstacle.objects.for_school(school).filter(academic_year=year).count(),
        ),
        "goals": list(Goal.objects.for_school(school).filter(plan=plan).values_list("title", flat=True)),
        "indicators": list(Indicator.objects.for_school(school).filter(goal__plan=plan)),
        "numbers": [
            n
            for n in Party.objects.for_school(school)
            .filter(is_first_party=True)
            .values_list("document_number", flat=True)
            if n
        ],
        "evidence": Evidence.objects.for_school(school)
        .filter(activity__in=Activity.objects.for_school(school).filter(**in_year))
        .count(),
    }


def _decimal(value, language) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text if language == "en" else text.replace(".", ",")


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("file_format", ["pdf", "docx"])
def test_the_annual_report_says_what_the_database_holds(demo, language, file_format):
    school, access = demo
    year = current_year(school)
    output = generate.make(Scope(access=access, kind=Kind.ANNUAL, year=year, language=language), file_format)
    text = squeeze(pdf_text(output.data) if file_format == "pdf" else docx_text(output.data))
    words, found = WORDS[language], expected_figures(school, year)

    assert words["title"] in text
    assert school.name in text and year.name in text
    # The three stages of the cycle, in order, then the evidence.
    places = [text.find(stage) for stage in words["stages"]]
    assert -1 not in places and places == sorted(places), places

    assert f"{found['active']} {words['active']}" in text
    assert f"{found['done']} {words['done']}" in text
    assert f"{found['participants']} {words['participants']}" in text
    assert f"{found['responses']} {words['responses']}" in text
    assert f"{found['obstacles'][0]} / {found['obstacles'][1]} {words['obstacles']}" in text
    for title in found["goals"]:
        assert squeeze(title) in text
    for indicator in found["indicators"]:
        row = f"{indicator.name} {indicator.unit} {_decimal(indicator.baseline, language)} {_decimal(indicator.target, language)}"
        assert row in text, row
    for number in found["numbers"]:
        assert number.replace("/", "") in text.replace("/ ", "/").replace("/", "")
    # The appendix numbers every piece of evidence of the year.
    appendix = text[text.rfind(words["stages"][-1]) :]  # the appendix, not its line in the contents
    numbered = [int(n) for n in re.findall(r"(?:^| )(\d+) \d{1,2} \w+ \d{4} ", appendix)]
    assert numbered[: found["evidence"]] == list(range(1, found["evidence"] + 1))
    assert found["done"] > 0 and found["evidence"] > 0  # the demo gives the report something to say


def test_the_pdf_draws_the_charts_and_the_photos_and_word_gets_them_as_pictures(demo):
    import io

    import docx
    import pypdf

    school, access = demo
    scope = Scope(access=access, kind=Kind.ANNUAL, year=current_year(school), language="id")
    pdf = pypdf.PdfReader(io.BytesIO(generate.make(scope, "pdf").data))
    images = sum(len(page.images) for page in pdf.pages)
    photos = Evidence.objects.for_school(school).filter(kind="photo", activity__status="done").count()
    assert images >= min(photos, 2) + 1  # the logo and the photos (charts are vector drawings)
    word = docx.Document(io.BytesIO(generate.make(scope, "docx").data))
    assert len(word.inline_shapes) >= 4  # the logo, the charts as PNG, the photos


def test_the_accountability_summary_keeps_the_figures_and_leaves_out_photos_and_appendix(demo):
    school, access = demo
    scope = Scope(access=access, kind=Kind.ACCOUNTABILITY, year=current_year(school), language="en")
    text = squeeze(pdf_text(generate.make(scope, "pdf").data))
    assert "Accountability summary of the partnerships" in text
    assert f"For the school committee and {school.foundation.name}" in text
    assert "Appendix" not in text and "Activity highlights" not in text
    assert "Indicators: baseline, target and actual" in text


@pytest.mark.parametrize("language,file_format", [("id", "docx"), ("en", "pdf")])
def test_the_annual_report_counts_the_partners_by_where_they_are(demo, language, file_format):
    from django.utils import translation

    school, access = demo
    output = generate.make(
        Scope(access=access, kind=Kind.ANNUAL, year=current_year(school), language=language), file_format
    )
    text = squeeze(pdf_text(output.data) if file_format == "pdf" else docx_text(output.data))
    partners = Partner.objects.for_school(school).filter(archived_at__isnull=True)
    assert partners.filter(location="abroad").exists() and partners.filter(location="national").exists()
    table = text[text.find({"id": "Lokasi mitra", "en": "Where the partners are"}[language]) :]
    with translation.override(language):
        for location in Partner.Location:
            here = partners.filter(location=location)
            row = f"{location.label} {here.count()} {here.filter(status='active').count()}"
            assert row in table[:300], row
