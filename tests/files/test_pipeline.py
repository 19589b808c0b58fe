import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from mitra.files import pipeline
from mitra.files.pipeline import UploadRejected, accept_image, safe_name
from tests.conftest import png_bytes, png_upload

SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(document.cookie)</script></svg>'


def jpeg_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(out, format="JPEG")
    return out.getvalue()


def huge_png(width: int, height: int) -> bytes:
    """A valid PNG header claiming width × height pixels, with almost no data: a pixel flood."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00")) + chunk(b"IEND", b"")


def test_it_accepts_and_re_encodes_a_png():
    accepted = accept_image(png_upload("Logo Sekolah.PNG"))
    assert accepted.content_type == "image/png" and accepted.extension == ".png"
    assert Image.open(io.BytesIO(accepted.data)).format == "PNG"
    assert accepted.original_name == "Logo Sekolah.PNG"


def test_it_accepts_a_jpeg_under_either_ending():
    for name in ("foto.jpg", "foto.JPEG"):
        assert accept_image(SimpleUploadedFile(name, jpeg_bytes())).content_type == "image/jpeg"


def test_re_encoding_drops_html_hidden_after_the_image():
    polyglot = png_bytes() + b"<html><script>alert(1)</script></html>"
    accepted = accept_image(png_upload("logo.png", polyglot))
    assert b"<script>" not in accepted.data


@pytest.mark.parametrize(
    "name,data,code",
    [
        ("logo.svg", SVG, "not_image"),
        ("logo.png", SVG, "not_image"),
        ("page.png", b"<!doctype html><html><body>hi</body></html>", "not_image"),
        ("macro.png", b"PK\x03\x04" + b"\x00" * 100, "not_image"),
        ("logo.jpg", png_bytes(), "mismatch"),
        ("logo", png_bytes(), "mismatch"),
        ("logo.png.exe", png_bytes(), "mismatch"),
        ("flood.png", huge_png(20000, 20000), "too_many_pixels"),
        ("flood-below-pillows-own-guard.png", huge_png(8000, 8000), "too_many_pixels"),
        ("cut.png", png_bytes()[:60], "damaged"),
        ("empty.png", b"", "empty"),
    ],
)
def test_it_rejects(name, data, code):
    with pytest.raises(UploadRejected) as caught:
        accept_image(SimpleUploadedFile(name, data))
    assert caught.value.code == code


def test_one_byte_over_the_limit_is_refused():
    data = png_bytes()
    accept_image(png_upload("ok.png", data), max_bytes=len(data))
    with pytest.raises(UploadRejected) as caught:
        accept_image(png_upload("big.png", data), max_bytes=len(data) - 1)
    assert caught.value.code == "too_big"


@pytest.mark.parametrize(
    "raw,shown",
    [
        ("../../etc/passwd", "passwd"),
        ("..\\..\\win.ini", "win.ini"),
        ("a\x00b\x1f.png", "ab.png"),
        ("Laporan Kegiatan—Ramadan.png", "Laporan Kegiatan—Ramadan.png"),
        ("", "file"),
    ],
)
def test_the_uploaders_name_never_carries_a_path(raw, shown):
    assert safe_name(raw) == shown


def test_stored_files_live_under_generated_names_with_their_checksum(world, settings):
    import hashlib
    from pathlib import Path

    stored = world.a.logo
    on_disk = Path(settings.MEDIA_ROOT) / stored.path
    assert stored.path.startswith(f"{world.a.pk}/logo/") and "logo.png" not in stored.path
    assert hashlib.sha256(on_disk.read_bytes()).hexdigest() == stored.sha256
    assert stored.size == on_disk.stat().st_size


def test_discarding_removes_the_file_after_commit(world, settings, django_capture_on_commit_callbacks):
    from pathlib import Path

    stored = world.a.logo
    on_disk = Path(settings.MEDIA_ROOT) / stored.path
    with django_capture_on_commit_callbacks(execute=True):
        pipeline.discard(stored)
    assert not on_disk.exists()


def test_a_csv_whose_cells_hold_markup_is_read_as_the_text_it_is():
    """libmagic takes this for HTML; it is a CSV of partners (issue 21: it was refused whole)."""
    data = b'Nama,Catatan\nSMP Baru,<a href="x">y</a> <script>alert(1)</script>\n'
    assert pipeline.sniff(data) == "text/html"
    sheet = pipeline.accept_spreadsheet(SimpleUploadedFile("mitra.csv", data), max_bytes=10_000)
    assert sheet.kind == "csv" and "<script>alert(1)</script>" in sheet.text
