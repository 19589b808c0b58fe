"""The accreditation evidence pack: the year's files by stage, the annual report, and an index of
which evidence supports which accreditation item, as the foundation mapped them."""

import io
import re
import zipfile
from urllib.parse import unquote

import lxml.html
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mitra.activities.models import Evidence
from mitra.reports.models import AccreditationItem
from mitra.schools import jobs
from mitra.schools.models import AcademicYear, Job
from tests.documents.reading import pdf_text, squeeze


@pytest.fixture(autouse=True)
def in_english(world):
    for person in world.users.values():
        person.language = "en"
        person.save(update_fields=["language"])


def _pack(client, world, language="en") -> zipfile.ZipFile:
    client.force_login(world.users["coordinator"])
    response = client.post(
        reverse("reports:evidence", args=[world.a.pk]), {"year": world.year.pk, "language": language}
    )
    job = Job.objects.for_school(world.a).filter(kind="evidence").latest("id")
    assert response["Location"] == reverse("reports:job", args=[world.a.pk, job.pk])
    assert jobs.run(job.pk) == "done", job.error
    download = client.get(reverse("reports:download", args=[world.a.pk, job.pk]))
    return zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))


def test_the_pack_holds_the_years_evidence_by_stage_the_report_and_an_index(client, evaluation_world):
    world = evaluation_world
    pack = _pack(client, world)
    names = pack.namelist()
    evidence = Evidence.objects.for_school(world.a).filter(activity__status="done")
    activity_files = [n for n in names if n.startswith("B-Implementation/Activities/")]
    assert len(activity_files) == evidence.count() >= 1
    assert all(n.endswith(".jpg") for n in activity_files)
    assert any(n.startswith("C-Evaluation/Observations/") for n in names)
    assert any(n.startswith("B-Implementation/Communication/") for n in names)
    assert "00-Index.pdf" in names and any(n.startswith("Annual-partnership-report") for n in names)
    index = squeeze(pdf_text(pack.read("00-Index.pdf")))
    assert "IA 2024 · Butir 7" in index
    for name in activity_files:
        assert name.split("/")[-1] in index.replace(" ", "") or name.split("/")[-1][:20] in index
    # Folder D: a page per accreditation item whose links open files that are in the pack.
    pages = sorted(n for n in names if n.startswith("D-By-accreditation-item/"))
    assert len(pages) == 3 and pages[0].endswith("01-ia-2024-butir-7.html")
    page = pack.read(pages[0]).decode()
    links = [unquote(h) for h in re.findall(r'href="\.\./([^"]+)"', page)]
    assert set(activity_files) <= set(links) and all(link in names for link in links)


def test_the_foundations_own_items_arrange_the_index(client, evaluation_world):
    world = evaluation_world
    client.force_login(world.users["foundation_admin"])
    url = reverse("foundation_reports:accreditation", args=[world.f1.pk])
    data = {
        "instrument": "IASP 2020",
        "code": "Butir 35",
        "title": "Kemitraan sekolah",
        "sources": ["activities"],
        "position": "1",
    }
    assert client.post(url, data).status_code == 302
    assert AccreditationItem.objects.filter(foundation=world.f1).count() == 1
    index = squeeze(pdf_text(_pack(client, world).read("00-Index.pdf")))
    assert "IASP 2020 · Butir 35: Kemitraan sekolah" in index and "Butir 7" not in index
    client.force_login(world.users["foundation_viewer"])
    assert client.post(url, {**data, "code": "Butir 36"}).status_code == 403
    assert client.get(url).status_code == 200


def test_an_item_needs_its_evidence_kinds_from_the_list(client, world):
    client.force_login(world.users["foundation_admin"])
    url = reverse("foundation_reports:accreditation", args=[world.f1.pk])
    response = client.post(
        url, {"instrument": "IA 2024", "code": "X", "title": "Y", "sources": ["passwords"], "position": "1"}
    )
    assert response.status_code == 400 and not AccreditationItem.objects.exists()


# --- The pack's form, as its page renders it ---------------------------------------------------------


def _pack_form(page: bytes, action: str):
    """The evidence pack's form as a browser would read it from the page."""
    (form,) = [f for f in lxml.html.fromstring(page).forms if f.get("action") == action]
    return form


def test_it_makes_the_pack_from_exactly_what_its_page_shows(client, world):
    client.force_login(world.users["coordinator"])
    action = reverse("reports:evidence", args=[world.a.pk])
    form = _pack_form(client.get(reverse("reports:home", args=[world.a.pk])).content, action)
    values = dict(form.form_values())
    # The current school year and the reader's language are chosen already.
    assert values["year"] == str(world.year.pk) and values["language"] == "en"
    assert {"year", "language"} <= set(values) and form.xpath(".//label[@for='id_pack_year']")
    response = client.post(action, values)
    job = Job.objects.for_school(world.a).get(kind="evidence")
    assert response.status_code == 302 and response["Location"] == reverse("reports:job", args=[world.a.pk, job.pk])
    assert jobs.run(job.pk) == "done", job.error
    download = client.get(reverse("reports:download", args=[world.a.pk, job.pk]))
    pack = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    assert "Annual-partnership-report-2025-2026.pdf" in pack.namelist()
    index = squeeze(pdf_text(pack.read("00-Index.pdf")))
    assert "Accreditation evidence of the partnerships" in index and world.year.name in index


def test_a_refused_pack_form_says_why_beside_the_field_and_keeps_what_was_chosen(client, world):
    client.force_login(world.users["coordinator"])
    action = reverse("reports:evidence", args=[world.a.pk])
    foreign_year = AcademicYear.all_schools.create(
        school=world.c,
        name="2025/2026",
        start_date=world.year.start_date,
        second_semester_start=world.year.second_semester_start,
        end_date=world.year.end_date,
    )
    response = client.post(action, {"year": foreign_year.pk, "language": "id"})
    assert response.status_code == 400
    form = _pack_form(response.content, action)
    (year_field,) = form.xpath(".//select[@name='year']/ancestor::div[contains(@class, 'field')]")
    assert "has-error" in year_field.get("class") and year_field.xpath(".//ul[@class='errorlist']/li")
    assert dict(form.form_values())["language"] == "id"  # kept, though the reader reads English
    assert not Job.objects.for_school(world.a).filter(kind="evidence").exists()


def test_a_pdf_kept_as_evidence_goes_into_the_pack_as_itself_and_its_report_lists_it(client, run_world):
    from mitra.activities import services
    from tests.activities.test_evidence_kinds import DAY, pdf_bytes

    world = run_world
    data = pdf_bytes("Daftar hadir")
    services.quick_record(
        school=world.a,
        user=world.users["team_member"],
        partner=world.partner,
        sentence="Penyuluhan",
        photo=SimpleUploadedFile("absensi.pdf", data),
        day=DAY,
    )
    pack = _pack(client, world)
    (kept,) = [n for n in pack.namelist() if n.startswith("B-Implementation/Activities/") and n.endswith(".pdf")]
    assert kept.endswith("-absensi.pdf") and pack.read(kept) == data
    (report,) = [n for n in pack.namelist() if n.startswith("Annual-partnership-report")]
    assert "absensi.pdf" in squeeze(pdf_text(pack.read(report)))


def test_the_receipts_of_the_years_spending_go_into_the_pack_as_they_were_kept(client, evaluation_world):
    import datetime

    from mitra.planning import spending
    from tests.conftest import PDF_SCAN, jpeg_upload

    world = evaluation_world
    kept = [
        spending.spending_add(
            programme=world.programme,
            user=world.users["admin_staff"],
            data={"day": datetime.date(2025, 9, 15), "amount": 150000, "source": "school", "description": "Snack"},
            receipt=jpeg_upload(name="kuitansi.jpg"),
        ),
        spending.spending_add(
            programme=world.programme,
            user=world.users["admin_staff"],
            data={"day": datetime.date(2025, 10, 2), "amount": 90000, "source": "committee", "description": "Tinta"},
            receipt=SimpleUploadedFile("nota.pdf", PDF_SCAN, content_type="application/pdf"),
        ),
        spending.spending_add(
            programme=world.programme,
            user=world.users["admin_staff"],
            data={"day": datetime.date(2025, 10, 3), "amount": 5000, "source": "school", "description": "Tanpa nota"},
        ),
    ]
    pack = _pack(client, world)
    receipts = sorted(n for n in pack.namelist() if n.startswith("B-Implementation/Receipts/"))
    assert len(receipts) == 2  # the payment without a receipt has none to give
    from mitra.files import pipeline

    assert pack.read(receipts[1]) == pipeline.read(kept[1].receipt) and receipts[1].endswith(".pdf")
