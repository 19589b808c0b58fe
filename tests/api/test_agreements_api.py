"""The agreements and letters resources: the same rules as the pages, and documents in both formats."""

import pytest
from django.test import Client
from django.urls import reverse

from mitra.accounts.models import ApiToken
from mitra.agreements.models import Agreement
from mitra.letters import services as letters
from mitra.letters.models import Letter, LetterType
from tests.documents.reading import docx_text, pdf_text, squeeze


@pytest.fixture
def api(world):
    _token, raw = ApiToken.issue(user=world.users["coordinator"], name="test")
    return Client(headers={"Authorization": f"Bearer {raw}"})


def url(name, world, **extra):
    return reverse(name, kwargs={"school_id": world.a.pk, **extra})


def test_bad_input_is_refused_with_a_message_and_nothing_saved(world, api):
    base = {"kind": "mou", "title": "UKS", "partners": [world.partner.pk], "start_date": "2025-01-01"}
    before = Agreement.objects.for_school(world.a).count()
    end_first = api.post(
        url("api:agreement_list", world), {**base, "end_date": "2024-12-31"}, content_type="application/json"
    )
    assert end_first.status_code == 400 and "end_date" in end_first.json()
    no_partner = api.post(
        url("api:agreement_list", world),
        {**base, "partners": [], "end_date": "2025-12-31"},
        content_type="application/json",
    )
    assert no_partner.status_code == 400 and "partners" in no_partner.json()
    foreign = api.post(
        url("api:agreement_list", world),
        {**base, "partners": [world.c_partner.pk], "end_date": "2025-12-31"},
        content_type="application/json",
    )
    assert foreign.status_code == 400
    assert Agreement.objects.for_school(world.a).count() == before


def test_an_agreement_is_drafted_linked_and_downloaded_in_both_formats(agreement_world, api):
    world = agreement_world
    created = api.post(
        url("api:agreement_list", world),
        {
            "kind": "pks",
            "title": "Patroli keamanan sekolah",
            "partners": [world.other_partner.pk],
            "start_date": "2025-01-01",
            "end_date": "2026-12-31",
            "goals": [world.goal.pk],
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["status"] == "draft" and body["goals"] == [world.goal.pk]
    assert [p["name"] for p in body["parties"]] == ["SMP A", "Polsek Barat"]
    docx = api.get(url("api:agreement_document", world, agreement_id=world.agreement.pk, fmt="docx"))
    assert "Nomor: 421/045/SMP.A/VII/2024" in squeeze(docx_text(docx.content))
    pdf = api.get(url("api:agreement_document", world, agreement_id=world.agreement.pk, fmt="pdf"))
    assert pdf["Content-Type"] == "application/pdf" and "PUSKESMAS KERGON" in squeeze(pdf_text(pdf.content))
    # A draft whose articles still need a purpose is refused, with what is missing.
    refused = api.get(url("api:agreement_document", world, agreement_id=body["id"], fmt="pdf"))
    assert refused.status_code == 400 and refused.json()["non_field_errors"]


def test_a_letter_is_drafted_issued_and_downloaded(world, api):
    letters.ensure_setup(world.a)
    notice = LetterType.objects.for_school(world.a).get(name="Pemberitahuan")
    created = api.post(
        url("api:letter_list", world),
        {"direction": "out", "letter_type": notice.pk, "partner": world.partner.pk, "dated": "2024-07-03"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.json()
    letter_id = created.json()["id"]
    detail = url("api:letter_detail", world, letter_id=letter_id)
    api.patch(detail, {"body": "Kerja sama {agreement} dimulai."}, content_type="application/json")
    refused = api.post(url("api:letter_issue", world, letter_id=letter_id))
    assert refused.status_code == 400 and "{agreement}" in str(refused.json())
    api.patch(detail, {"body": "Dengan hormat, kegiatan UKS dimulai Senin."}, content_type="application/json")
    issued = api.post(url("api:letter_issue", world, letter_id=letter_id))
    assert issued.status_code == 200 and issued.json()["number"] == "001/SPb/11111111/VII/2024"
    changed = api.patch(detail, {"body": "Lain"}, content_type="application/json")
    assert changed.status_code == 400
    pdf = api.get(issued.json()["documents"]["pdf"])
    assert "001/SPb/11111111/VII/2024" in squeeze(pdf_text(pdf.content))
    assert Letter.objects.for_school(world.a).get().body == "Dengan hormat, kegiatan UKS dimulai Senin."


def test_a_received_letter_without_its_sender_is_refused_on_the_field(world, api):
    refused = api.post(
        url("api:letter_list", world),
        {"direction": "in", "dated": "2024-07-08", "subject": "Jadwal"},
        content_type="application/json",
    )
    assert refused.status_code == 400 and list(refused.json()) == ["correspondent"]
    assert not Letter.objects.for_school(world.a).exists()


def test_a_letter_drafted_with_a_type_keeps_the_subject_and_text_the_client_sent(world, api):
    letters.ensure_setup(world.a)
    notice = LetterType.objects.for_school(world.a).get(name="Pemberitahuan")
    sent = {
        "direction": "out",
        "letter_type": notice.pk,
        "partner": world.partner.pk,
        "dated": "2024-07-03",
        "subject": "Jadwal penyuluhan gizi kelas 7",
        "body": "Dengan hormat, penyuluhan gizi diadakan Kamis, 14 Maret 2024, pukul 08.00 di aula.",
        "enclosures": "1 berkas",
        "copies_to": "Komite sekolah",
    }
    created = api.post(url("api:letter_list", world), sent, content_type="application/json")
    assert created.status_code == 201, created.json()
    letter = Letter.objects.for_school(world.a).get(pk=created.json()["id"])
    assert (letter.subject, letter.body, letter.enclosures, letter.copies_to) == (
        sent["subject"],
        sent["body"],
        sent["enclosures"],
        sent["copies_to"],
    )
    assert {key: created.json()[key] for key in ("subject", "body")} == {
        "subject": sent["subject"],
        "body": sent["body"],
    }
    # What the client left out still comes from the type: here the text, with the partner filled in.
    only_subject = api.post(
        url("api:letter_list", world),
        {**{k: sent[k] for k in ("direction", "letter_type", "partner", "dated")}, "subject": "Hal lain"},
        content_type="application/json",
    )
    drafted = Letter.objects.for_school(world.a).get(pk=only_subject.json()["id"])
    assert drafted.subject == "Hal lain" and drafted.body and "{" not in drafted.body
    template = Letter.objects.for_school(world.a).get(
        pk=api.post(
            url("api:letter_list", world),
            {k: sent[k] for k in ("direction", "letter_type", "partner", "dated")},
            content_type="application/json",
        ).json()["id"]
    )
    assert drafted.body == template.body and template.subject != "Hal lain"
