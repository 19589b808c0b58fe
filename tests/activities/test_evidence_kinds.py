"""Evidence is a photo or a document because of its bytes, whichever way it was sent: a PDF sent
through quick capture, a partner's confirmation or the API is listed by name in both report formats,
never embedded as a picture; a JPEG or PNG is still shown as one. A stated kind that contradicts the
file is refused, and the rows stored as photos before this are mended by the migration."""

import contextlib
import datetime
import importlib
import io

import docx
import pypdf
import pytest
import typst
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from mitra.accounts.models import ApiToken
from mitra.activities import services
from mitra.activities.models import Evidence
from mitra.files import pipeline
from mitra.reports import generate
from mitra.reports.scope import Kind, Scope
from mitra.schools.access import access_for
from tests.conftest import jpeg_upload, png_bytes
from tests.documents.reading import docx_text, pdf_text, squeeze

pytestmark = pytest.mark.django_db

DAY = datetime.date(2025, 10, 2)  # in the world's current school year, 2025/2026


def pdf_bytes(text: str = "Daftar hadir penyuluhan gizi") -> bytes:
    """A real one-page PDF, as a scanner or a word processor would send it."""
    return typst.compile(f"#set page(width: 10cm, height: auto)\n{text}".encode())


def docx_bytes(text: str = "Notula rapat koordinasi") -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def jpeg_bytes() -> bytes:
    return jpeg_upload().read()


# What the pipeline takes as evidence: name ending -> (bytes, shown as a picture?)
TYPES = {
    "jpg": (jpeg_bytes, True),
    "png": (png_bytes, True),
    "pdf": (pdf_bytes, False),
    "docx": (docx_bytes, False),
}


def upload(name: str) -> SimpleUploadedFile:
    make, _picture = TYPES[name.rsplit(".", 1)[1]]
    return SimpleUploadedFile(name, make())


def annual(world, file_format: str) -> bytes:
    access = access_for(world.users["principal"], world.a.pk)
    scope = Scope(access=access, kind=Kind.ANNUAL, year=world.year, language="en")
    return generate.make(scope, file_format).data


def word_pictures(data: bytes) -> list[bytes]:
    """The bytes of every picture the Word file holds."""
    package = docx.Document(io.BytesIO(data)).part.package
    return [part.blob for part in package.iter_parts() if part.content_type.startswith("image/")]


def pdf_picture_count(data: bytes) -> int:
    """How many times a picture is drawn (the same photo sent twice is stored once in the PDF and
    drawn twice)."""
    drawn = 0
    reader = pypdf.PdfReader(io.BytesIO(data))
    for page in reader.pages:
        objects = page["/Resources"].get("/XObject") or {}
        pictures = {name for name, ref in objects.items() if ref.get_object().get("/Subtype") == "/Image"}
        content = pypdf.generic.ContentStream(page.get_contents(), reader)
        drawn += sum(1 for operands, operator in content.operations if operator == b"Do" and operands[0] in pictures)
    return drawn


def assert_listed_not_shown(world, name: str, data: bytes) -> None:
    """Both report formats render, name the document, and embed nothing of it as a picture."""
    word = annual(world, "docx")
    assert name in squeeze(docx_text(word))
    assert not any(blob.startswith(b"%PDF") or blob == data for blob in word_pictures(word))
    assert name in squeeze(pdf_text(annual(world, "pdf")))


def api_client(user) -> Client:
    _token, raw = ApiToken.issue(user=user, name="test")
    return Client(headers={"Authorization": f"Bearer {raw}"})


def evidence_api_url(world, activity) -> str:
    return reverse("api:evidence_list", kwargs={"school_id": world.a.pk, "activity_id": activity.pk})


# --- The upload paths --------------------------------------------------------------------------------


def test_it_stores_a_pdf_from_quick_capture_as_a_document_that_both_reports_list(run_world):
    world = run_world
    data = pdf_bytes()
    activity = services.quick_record(
        school=world.a,
        user=world.users["team_member"],
        partner=world.partner,
        sentence="Penyuluhan gizi kelas 8",
        photo=SimpleUploadedFile("absensi.pdf", data),
        day=DAY,
    )
    evidence = activity.evidence.select_related("file").get()
    assert evidence.kind == Evidence.Kind.DOCUMENT and not evidence.is_photo
    assert_listed_not_shown(world, "absensi.pdf", data)


def test_it_stores_a_pdf_from_a_partners_confirmation_as_a_document_that_both_reports_list(client, run_world):
    world = run_world
    data = pdf_bytes("Surat keterangan puskesmas")
    client.force_login(world.users["partner_rep"])
    response = client.post(
        reverse("activities:confirm", args=[world.a.pk, world.done_activity.pk]),
        {"note": "Terlaksana", "files": SimpleUploadedFile("keterangan.pdf", data)},
    )
    assert response.status_code == 302
    evidence = world.done_activity.evidence.filter(from_partner=True).select_related("file").get()
    assert evidence.kind == Evidence.Kind.DOCUMENT and not evidence.is_photo
    # The activity's page, as the partner reads it: the PDF is a link by its name, not a picture.
    page = client.get(reverse("activities:detail", args=[world.a.pk, world.done_activity.pk])).content.decode()
    file_url = reverse("activities:evidence_file", args=[world.a.pk, world.done_activity.pk, evidence.pk])
    thumbnail = reverse("activities:evidence_thumbnail", args=[world.a.pk, world.done_activity.pk, evidence.pk])
    assert f'<a href="{file_url}">keterangan.pdf</a>' in page and thumbnail not in page
    assert_listed_not_shown(world, "keterangan.pdf", data)


def test_it_stores_a_pdf_sent_through_the_api_without_a_kind_as_a_document(run_world):
    world = run_world
    data = pdf_bytes("Laporan kegiatan")
    api = api_client(world.users["team_member"])
    response = api.post(
        evidence_api_url(world, world.done_activity), {"files": [SimpleUploadedFile("laporan.pdf", data)]}
    )
    assert response.status_code == 201, response.content
    (sent,) = response.json()
    assert (sent["kind"], sent["shown_as"], sent["content_type"]) == ("document", "document", "application/pdf")
    assert_listed_not_shown(world, "laporan.pdf", data)


def test_it_refuses_a_pdf_said_to_be_a_photo_in_the_api_and_stores_nothing(run_world):
    world = run_world
    api = api_client(world.users["team_member"])
    before = world.done_activity.evidence.count()
    response = api.post(
        evidence_api_url(world, world.done_activity),
        {"files": [jpeg_upload("ok.jpg"), SimpleUploadedFile("laporan.pdf", pdf_bytes())], "kind": "photo"},
    )
    assert response.status_code == 400
    assert "laporan.pdf" in str(response.json()["kind"])
    assert world.done_activity.evidence.count() == before


def test_it_refuses_a_pdf_said_to_be_a_photo_on_the_activity_page_with_a_message(client, run_world):
    world = run_world
    client.force_login(world.users["team_member"])
    before = world.done_activity.evidence.count()
    response = client.post(
        reverse("activities:evidence_add", args=[world.a.pk, world.done_activity.pk]),
        {"files": SimpleUploadedFile("notula.pdf", pdf_bytes()), "kind": "photo"},
        follow=True,
    )
    page = response.content.decode()
    assert "notula.pdf" in page and "not a photo" in page
    assert world.done_activity.evidence.count() == before


def test_the_activity_form_decides_the_kind_from_each_file_unless_a_purpose_is_chosen(client, run_world):
    world = run_world
    client.force_login(world.users["team_member"])
    url = reverse("activities:evidence_add", args=[world.a.pk, world.done_activity.pk])
    form_page = client.get(reverse("activities:detail", args=[world.a.pk, world.done_activity.pk])).content.decode()
    assert '<option value="" selected>' in form_page  # the kind starts as "from the file"
    client.post(url, {"files": [SimpleUploadedFile("notula.pdf", pdf_bytes()), jpeg_upload("rapat.jpg")], "kind": ""})
    client.post(url, {"files": [SimpleUploadedFile("hadir.pdf", pdf_bytes())], "kind": "attendance"})
    kinds = dict(world.done_activity.evidence.values_list("file__original_name", "kind"))
    assert (kinds["notula.pdf"], kinds["rapat.jpg"], kinds["hadir.pdf"]) == ("document", "photo", "attendance")


def test_an_unknown_kind_is_refused(run_world):
    world = run_world
    with pytest.raises(ValidationError) as refused:
        services.evidence_add(
            activity=world.done_activity, user=world.users["team_member"], uploads=[jpeg_upload()], kind="selfie"
        )
    assert "kind" in refused.value.message_dict


def test_a_jpeg_and_a_png_are_still_pictures_in_both_reports(run_world):
    world = run_world
    services.evidence_add(
        activity=world.done_activity,
        user=world.users["team_member"],
        uploads=[SimpleUploadedFile("peta.png", png_bytes())],
        kind=Evidence.Kind.ATTENDANCE,
    )
    shown = [e for e in world.done_activity.evidence.select_related("file") if e.is_photo]
    assert len(shown) == 2  # the world's JPEG from quick capture, and the PNG
    word = annual(world, "docx")
    pictures = word_pictures(word)
    for evidence in shown:
        assert pipeline.read(evidence.file, thumbnail=True) in pictures
    assert pdf_picture_count(annual(world, "pdf")) >= 3  # the logo and the two photos


# --- Rows stored before --------------------------------------------------------------------------------


def test_the_migration_mends_a_pdf_stored_as_a_photo_so_the_reports_render_again(run_world):
    world = run_world
    data = pdf_bytes("Foto yang bukan foto")
    stored = pipeline.store(
        school=world.a, user=None, accepted=pipeline.accept_evidence(SimpleUploadedFile("lama.pdf", data)), folder="x"
    )
    # As the old quick capture stored it.
    bad = Evidence.all_schools.create(school=world.a, activity=world.done_activity, file=stored, kind="photo")
    kept = world.done_activity.evidence.exclude(pk=bad.pk).get()
    migration = importlib.import_module("mitra.activities.migrations.0003_mend_photos_that_are_not_images")
    from django.apps import apps

    migration.mend_photos_that_are_not_images(apps, None)
    bad.refresh_from_db()
    kept.refresh_from_db()
    assert (bad.kind, kept.kind) == ("document", "photo")
    assert_listed_not_shown(world, "lama.pdf", data)


# --- Every type through every path ------------------------------------------------------------------------

PATHS = ["form", "capture", "confirm", "api"]


def _send(world, path: str, name: str, kind: str | None, clients: dict) -> None:
    """Send one file the way a person would; returns normally when it was stored, raises
    ValidationError (or asserts a 400) when it was refused."""
    activity = world.done_activity
    if path == "capture":
        services.quick_record(
            school=world.a,
            user=world.users["team_member"],
            partner=world.partner,
            sentence="Kegiatan cepat",
            photo=upload(name),
            day=DAY,
        )
    elif path == "confirm":
        response = clients["partner"].post(
            reverse("activities:confirm", args=[world.a.pk, activity.pk]), {"note": "ok", "files": upload(name)}
        )
        assert response.status_code == 302
    elif path == "form":
        response = clients["member"].post(
            reverse("activities:evidence_add", args=[world.a.pk, activity.pk]),
            {"files": upload(name), "kind": kind or "", "caption": ""},
        )
        assert response.status_code == 302
    else:
        body = {"files": [upload(name)], **({"kind": kind} if kind else {})}
        response = clients["api"].post(evidence_api_url(world, activity), body)
        if response.status_code == 400:
            raise ValidationError(str(response.json()))
        assert response.status_code == 201, response.content


@contextlib.contextmanager
def rolled_back():
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


SENDS = st.lists(
    st.tuples(st.sampled_from(PATHS), st.sampled_from(sorted(TYPES)), st.sampled_from([None, *Evidence.Kind.values])),
    min_size=1,
    max_size=4,
)


@given(sends=SENDS)
@example(sends=[(path, ending, None) for path in PATHS for ending in sorted(TYPES)])  # every type, every path
@example(
    sends=[("form", "pdf", "photo"), ("api", "docx", "photo"), ("form", "png", "photo"), ("api", "jpg", "minutes")]
)
@settings(max_examples=6, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_every_allowed_type_through_every_path_is_stored_as_it_is_and_both_reports_render(run_world, sends):
    world = run_world
    member = Client()
    member.force_login(world.users["team_member"])
    partner = Client()
    partner.force_login(world.users["partner_rep"])
    clients = {"member": member, "partner": partner, "api": api_client(world.users["team_member"])}
    with rolled_back():
        before = set(Evidence.objects.for_school(world.a).values_list("pk", flat=True))
        sent = {}
        for n, (path, ending, kind) in enumerate(sends):
            name = f"berkas{n}{path}.{ending}"
            chosen = kind if path in ("form", "api") else None
            picture = TYPES[ending][1]
            contradicts = chosen == Evidence.Kind.PHOTO and not picture
            stored_before = Evidence.objects.for_school(world.a).count()
            try:
                _send(world, path, name, chosen, clients)
            except ValidationError:
                assert contradicts, (path, name, chosen)
                continue
            if contradicts:  # the page refused it with a message, and stored nothing
                assert Evidence.objects.for_school(world.a).count() == stored_before
                continue
            sent[name] = (picture, chosen or (Evidence.Kind.PHOTO if picture else Evidence.Kind.DOCUMENT))
        added = Evidence.objects.for_school(world.a).exclude(pk__in=before).select_related("file")
        assert {e.file.original_name: (e.is_photo, e.kind) for e in added} == sent
        assert all(e.kind != Evidence.Kind.PHOTO or e.is_photo for e in Evidence.objects.for_school(world.a))
        word, pdf = annual(world, "docx"), annual(world, "pdf")
        # A long name may wrap in the PDF's narrow column: read it without the line breaks.
        word_text, pdf_text_ = squeeze(docx_text(word)), "".join(pdf_text(pdf).split())
        pictures = word_pictures(word)
        assert not any(blob.startswith((b"%PDF", b"PK\x03\x04")) for blob in pictures)
        for e in added:
            assert e.file.original_name in word_text and e.file.original_name in pdf_text_
        photos = [e for e in Evidence.objects.for_school(world.a).select_related("file") if e.is_photo]
        assert pdf_picture_count(pdf) >= 1 + min(len(photos), 2)  # the logo, and photos in the highlights
