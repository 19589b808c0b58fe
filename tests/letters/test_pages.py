"""The letters pages: the register with its filters, drafting, registering with files, issuing."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mitra.letters import services
from mitra.letters.models import Letter, LetterType
from tests.conftest import PDF_SCAN

from .conftest import draft_letter


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_register_makes_as_many_queries_for_one_letter_as_for_twenty(principal_client, world):
    url = reverse("letters:home", args=[world.a.pk])
    services.letter_issue(letter=draft_letter(world), user=None)
    principal_client.get(url)
    one = _count(principal_client, url)
    for _ in range(19):
        draft_letter(world)
    assert _count(principal_client, url) == one


def test_the_letter_page_makes_as_many_queries_with_one_file_as_with_five(principal_client, letter_world):
    world = letter_world
    url = reverse("letters:detail", args=[world.a.pk, world.incoming_letter.pk])
    principal_client.get(url)
    one = _count(principal_client, url)
    services.attachment_add(
        letter=world.incoming_letter,
        user=None,
        uploads=[SimpleUploadedFile(f"{i}.pdf", PDF_SCAN) for i in range(4)],
    )
    assert _count(principal_client, url) == one


def test_the_register_searches_and_filters(principal_client, letter_world):
    world = letter_world
    url = reverse("letters:home", args=[world.a.pk])
    found = principal_client.get(url, {"q": "Jadwal"}).context["page"].object_list
    assert [letter.pk for letter in found] == [world.incoming_letter.pk]
    outgoing = principal_client.get(url, {"direction": "out"}).context["page"].object_list
    assert {letter.pk for letter in outgoing} == {world.letter.pk, world.issued_letter.pk}
    empty = principal_client.get(url, {"q": "tidak ada"})
    assert "No letter matches" in empty.content.decode() or "Tidak ada surat" in empty.content.decode()
    partial = principal_client.get(url, {"q": "Jadwal"}, headers={"HX-Request": "true"})
    assert b"<html" not in partial.content and b"Jadwal pemeriksaan" in partial.content


def test_drafting_then_issuing_through_the_pages(principal_client, world):
    response = principal_client.post(
        reverse("letters:draft", args=[world.a.pk]),
        {
            "letter_type": _type(world, "Pemberitahuan"),
            "partner": world.partner.pk,
            "dated": "2024-07-03",
            "language": "id",
        },
    )
    letter = Letter.objects.for_school(world.a).get()
    assert response.status_code == 302 and response["Location"].endswith(f"/letters/{letter.pk}/")
    detail = principal_client.get(response["Location"]).content.decode()
    assert "…………" in detail  # the gaps the template leaves are shown for filling in
    principal_client.post(reverse("letters:issue", args=[world.a.pk, letter.pk]))
    letter.refresh_from_db()
    assert letter.number == "001/SPb/11111111/VII/2024"
    download = principal_client.get(reverse("letters:download", args=[world.a.pk, letter.pk, "pdf"]))
    assert download["Content-Type"] == "application/pdf" and download.content.startswith(b"%PDF")
    assert 'filename="SPb-Pemberitahuan-2024-001.pdf"' in download["Content-Disposition"]


def _type(world, name):
    services.ensure_setup(world.a)
    return LetterType.objects.for_school(world.a).get(name=name).pk


def test_a_bad_scan_keeps_what_was_typed_and_saves_nothing(principal_client, world):
    response = principal_client.post(
        reverse("letters:register", args=[world.a.pk]),
        {
            "number": "005/PKM/2024",
            "dated": "2024-07-01",
            "received_on": "2024-07-02",
            "correspondent": "Puskesmas Kergon",
            "subject": "Pemberitahuan imunisasi",
            "files": [SimpleUploadedFile("surat.html", b"<script>alert(1)</script>")],
        },
    )
    assert response.status_code == 200
    assert 'value="Pemberitahuan imunisasi"' in response.content.decode()
    assert response.context["form"].errors
    assert not Letter.objects.for_school(world.a).exists()


def test_an_outsider_cannot_fetch_another_schools_letter_file(client, letter_world):
    world = letter_world
    client.force_login(world.users["outsider"])
    url = reverse("letters:attachment", args=[world.a.pk, world.incoming_letter.pk, world.letter_attachment.pk])
    assert client.get(url).status_code == 404
    client.force_login(world.users["committee_viewer"])
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
