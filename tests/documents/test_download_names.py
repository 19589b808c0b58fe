"""Every download names its file by RFC 6266: an ASCII `filename=` for old clients and the full name
in UTF-8 as `filename*=` (RFC 5987), so a title in Arabic script keeps its name and the header stays
pure ASCII."""

import re
from urllib.parse import unquote

import pytest
from django.test import Client
from django.urls import reverse

from mitra.accounts.models import ApiToken
from mitra.agreements.models import Agreement
from mitra.files.models import StoredFile
from mitra.letters.models import Letter
from mitra.partners.models import Partner
from mitra.schools import jobs
from mitra.schools.access import access_for

TITLE = "Kerja sama تحفيظ القرآن"


def download_name(header: str) -> str:
    """The name a browser saves the file under: `filename*` when there is one, else `filename`."""
    header.encode("latin-1")  # a header value that is not latin-1 cannot be sent as it is
    assert header.isascii(), header
    extended = re.search(r"filename\*\s*=\s*([^;]+)", header)
    if extended:
        charset, _language, value = extended[1].strip().split("'", 2)
        assert charset.lower() == "utf-8" and re.fullmatch(r"[A-Za-z0-9!#$&+\-.^_`|~%]+", value), value
        assert re.search(r'(?:^|;)\s*filename="[^"]+"', header), "an ASCII fallback for old clients"
        return unquote(value, encoding="utf-8", errors="strict")
    plain = re.search(r'filename="((?:[^"\\]|\\.)*)"', header)
    return re.sub(r"\\(.)", r"\1", plain[1])


def test_the_header_names_the_file_in_full_with_an_ascii_fallback():
    from mitra.files.downloads import content_disposition

    header = content_disposition("Kerja-sama-تحفيظ-القرآن-v1.pdf")
    assert header.startswith("attachment; ") and download_name(header) == "Kerja-sama-تحفيظ-القرآن-v1.pdf"
    assert 'filename="Kerja-sama-v1.pdf"' in header
    assert content_disposition('laporan "akhir".pdf', attachment=False) == 'inline; filename="laporan \\"akhir\\".pdf"'
    assert download_name(content_disposition("تحفيظ.docx")) == "تحفيظ.docx"
    assert 'filename="download.docx"' in content_disposition("تحفيظ.docx")


def test_a_letter_whose_subject_holds_arabic_downloads_under_its_whole_name(letter_world, client):
    world = letter_world
    Letter.objects.for_school(world.a).filter(pk=world.letter.pk).update(subject=TITLE)
    client.force_login(world.users["principal"])
    for fmt in ("pdf", "docx"):
        response = client.get(reverse("letters:download", args=[world.a.pk, world.letter.pk, fmt]))
        assert response.status_code == 200
        assert download_name(response["Content-Disposition"]) == f"SU-Kerja-sama-تحفيظ-القرآن-draft.{fmt}"


def test_an_agreement_whose_title_holds_arabic_downloads_under_its_whole_name_on_the_page_and_the_api(
    agreement_world, client
):
    world = agreement_world
    Agreement.objects.for_school(world.a).filter(pk=world.agreement.pk).update(title=TITLE)
    client.force_login(world.users["principal"])
    page = client.get(reverse("agreements:download", args=[world.a.pk, world.agreement.pk, "pdf"]))
    assert page.status_code == 200
    name = download_name(page["Content-Disposition"])
    assert name.endswith("-Kerja-sama-تحفيظ-القرآن-v1.pdf"), name
    _token, raw = ApiToken.issue(user=world.users["coordinator"], name="test")
    api = Client(headers={"Authorization": f"Bearer {raw}"})
    document = api.get(
        reverse(
            "api:agreement_document",
            kwargs={"school_id": world.a.pk, "agreement_id": world.agreement.pk, "fmt": "docx"},
        )
    )
    assert document.status_code == 200 and download_name(document["Content-Disposition"]) == name[:-3] + "docx"


def test_a_report_on_a_partner_named_in_arabic_keeps_the_name(run_world, client):
    world = run_world
    Partner.objects.for_school(world.a).filter(pk=world.partner.pk).update(name=TITLE)
    access = access_for(world.users["principal"], world.a.pk)
    params = {
        "kind": "partnership",
        "year": world.year.pk,
        "partner": world.partner.pk,
        "language": "id",
        "format": "pdf",
    }
    job = jobs.start(access=access, kind="report", params=params, title="Kemitraan")
    assert jobs.run(job.pk) == "done"
    client.force_login(world.users["principal"])
    response = client.get(reverse("reports:download", args=[world.a.pk, job.pk]))
    assert response.status_code == 200
    assert "تحفيظ-القرآن" in download_name(response["Content-Disposition"])


@pytest.mark.parametrize("accel", ["", "/_mitra_files/"])
def test_an_uploaded_file_named_in_arabic_downloads_under_its_name(letter_world, client, settings, accel):
    world = letter_world
    settings.FILES_ACCEL_PREFIX = accel
    StoredFile.objects.for_school(world.a).filter(pk=world.letter_attachment.file_id).update(
        original_name="surat تحفيظ.pdf"
    )
    client.force_login(world.users["principal"])
    response = client.get(
        reverse("letters:attachment", args=[world.a.pk, world.incoming_letter.pk, world.letter_attachment.pk])
    )
    assert response.status_code == 200
    assert download_name(response["Content-Disposition"]) == "surat تحفيظ.pdf"
