"""The reports over the API: a program asks for a report, follows the job and fetches the file;
exports a list; asks for the school's archive. Same capabilities and the same jobs as the pages."""

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse

from mitra.accounts.models import ApiToken
from mitra.schools import jobs
from mitra.schools.models import Job
from tests.documents.reading import pdf_text, squeeze


def _client(world, role):
    _token, raw = ApiToken.issue(user=world.users[role], name="reports")
    return Client(headers={"Authorization": f"Bearer {raw}"})


@pytest.fixture
def principal(world):
    world.users["principal"].language = "en"
    world.users["principal"].save(update_fields=["language"])
    return _client(world, "principal")


def test_a_program_makes_the_annual_report_follows_the_job_and_fetches_the_pdf(principal, run_world):
    world = run_world
    url = reverse("api:job_list", kwargs={"school_id": world.a.pk})
    body = {"kind": "annual", "year": world.year.pk, "language": "en", "format": "pdf"}
    response = principal.post(url, body, content_type="application/json")
    assert response.status_code == 202, response.content
    job = response.json()
    assert job["state"] == "queued" and job["file"] is None
    assert response["Location"].endswith(
        reverse("api:job_detail", kwargs={"school_id": world.a.pk, "job_id": job["id"]})
    )
    jobs.run(job["id"])
    done = principal.get(response["Location"]).json()
    assert done["state"] == "done" and done["progress"] == 100 and done["file"]
    pdf = principal.get(done["file"])
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert "Annual partnership report" in squeeze(pdf_text(b"".join(pdf.streaming_content)))
    listed = principal.get(url).json()
    assert [j["id"] for j in listed["results"]] == [job["id"]]


def test_a_bad_report_request_is_a_400_with_the_fields_reasons(principal, world):
    url = reverse("api:job_list", kwargs={"school_id": world.a.pk})
    body = {"kind": "partnership", "year": world.year.pk, "language": "en", "format": "pdf"}
    response = principal.post(url, body, content_type="application/json")
    assert response.status_code == 400 and response.json()["partner"] == ["Choose the partner."]
    assert response["Content-Language"] == "en"  # the token's owner reads English
    assert not Job.objects.for_school(world.a).exists()
    world.users["principal"].language = "id"
    world.users["principal"].save(update_fields=["language"])
    response = principal.post(url, body, content_type="application/json")
    assert response.json()["partner"] == ["Pilih mitranya."] and response["Content-Language"] == "id"


def test_a_list_exports_over_the_api_with_its_filters(principal, run_world):
    world = run_world
    url = reverse("api:export_file", kwargs={"school_id": world.a.pk, "name": "partners", "fmt": "csv"})
    response = principal.get(url, {"kind": world.partner.kind})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert response.status_code == 200 and world.partner.name in [r[0] for r in rows[1:]]
    assert all(r[1] == world.partner.get_kind_display() for r in rows[1:])
    missing = reverse("api:export_file", kwargs={"school_id": world.a.pk, "name": "partners", "fmt": "exe"})
    assert principal.get(missing).status_code == 404


def test_a_list_exports_over_the_api_as_csv_for_excel_in_indonesian(principal, client, run_world):
    world = run_world
    url = reverse("api:export_file", kwargs={"school_id": world.a.pk, "name": "partners", "fmt": "csv-excel"})
    response = principal.get(url, {"kind": world.partner.kind})
    assert response.status_code == 200 and response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert rows[0][:2] == ["Name", "Kind"] and world.partner.name in [r[0] for r in rows[1:]]
    schema = client.get(reverse("api:schema")).json()["paths"]["/api/v1/schools/{school_id}/exports/{name}.{fmt}"]
    (fmt,) = [p for p in schema["get"]["parameters"] if p["name"] == "fmt"]
    assert sorted(fmt["schema"]["enum"]) == ["csv", "csv-excel", "xlsx"]


def test_only_the_principal_and_the_foundation_admin_archive_the_school(world):
    url = reverse("api:archive", kwargs={"school_id": world.a.pk})
    assert _client(world, "coordinator").post(url).status_code == 403
    response = _client(world, "foundation_admin").post(url)
    assert response.status_code == 202 and response.json()["kind"] == "archive"


def test_the_schema_describes_the_report_endpoints(client, db):
    paths = client.get(reverse("api:schema")).json()["paths"]
    for path in ("jobs/", "jobs/{job_id}/", "jobs/{job_id}/file", "exports/{name}.{fmt}", "archive/"):
        assert f"/api/v1/schools/{{school_id}}/{path}" in paths, path
