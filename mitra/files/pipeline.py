"""The one upload pipeline (QUALITY.md U1–U9). Every file a person sends goes through `accept_*`,
which decides its type from its content, checks it against the name, and re-encodes what can be
re-encoded; `store` writes it under a generated name outside the web root; `serve` sends it back
with safe headers, after the calling view has checked the person's school and role.

Today it takes images (the school logo, photos) and PDF scans (signed agreements); DOCX evidence
joins it with the implementation stage."""

import hashlib
import io
import os
import unicodedata
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from mitra.files.models import StoredFile

# Content type decided by Pillow from the bytes -> (MIME type, accepted name endings, save format)
IMAGE_FORMATS = {
    "PNG": ("image/png", {".png"}, "PNG"),
    "JPEG": ("image/jpeg", {".jpg", ".jpeg"}, "JPEG"),
}
MAX_IMAGE_PIXELS = 40_000_000  # a 40-megapixel photo; far beyond any phone camera's default


class UploadRejected(ValidationError):
    pass


@dataclass(frozen=True)
class AcceptedFile:
    data: bytes
    content_type: str
    extension: str
    original_name: str


def safe_name(name: str, limit: int = 120) -> str:
    """The uploader's name, for showing and for downloads only: no folders, no control characters."""
    base = os.path.basename((name or "").replace("\\", "/"))
    cleaned = "".join(ch for ch in unicodedata.normalize("NFC", base) if unicodedata.category(ch)[0] != "C")
    cleaned = cleaned.strip(" .") or "file"
    stem, ext = os.path.splitext(cleaned)
    return stem[: limit - len(ext)] + ext[:10]


def _read_capped(upload, max_bytes: int) -> bytes:
    too_big = UploadRejected(
        _("The file is larger than %(limit)s MB. Send a smaller one.") % {"limit": f"{max_bytes / 1024 / 1024:g}"},
        code="too_big",
    )
    if upload.size is not None and upload.size > max_bytes:
        raise too_big
    upload.seek(0)
    data = upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise too_big
    if not data:
        raise UploadRejected(_("The file is empty."), code="empty")
    return data


def accept_image(upload, *, max_bytes: int | None = None, max_pixels: int = MAX_IMAGE_PIXELS) -> AcceptedFile:
    """A PNG or JPEG image, verified, bounded in pixels and re-encoded (which drops anything hidden
    in it, such as HTML in a polyglot, and the photo's location data)."""
    data = _read_capped(upload, max_bytes or settings.MAX_UPLOAD_BYTES)
    not_an_image = UploadRejected(_("This is not a PNG or JPEG image."), code="not_image")
    too_many_pixels = UploadRejected(
        _("The image has too many pixels. Send a smaller picture."), code="too_many_pixels"
    )
    try:
        with Image.open(io.BytesIO(data)) as probe:
            found, (width, height) = probe.format, probe.size
    except Image.DecompressionBombError:
        raise too_many_pixels from None
    except (UnidentifiedImageError, OSError, ValueError):
        raise not_an_image from None
    if found not in IMAGE_FORMATS:
        raise not_an_image
    content_type, endings, save_as = IMAGE_FORMATS[found]
    extension = Path(upload.name or "").suffix.lower()
    if extension not in endings:
        raise UploadRejected(
            _("The file is a %(found)s image but its name ends in “%(ext)s”. Rename it or send another file.")
            % {"found": found, "ext": extension or "—"},
            code="mismatch",
        )
    if width * height > max_pixels:
        raise too_many_pixels
    try:
        with Image.open(io.BytesIO(data)) as checked:
            checked.verify()
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            if save_as == "JPEG" and image.mode not in ("RGB", "L"):
                image = image.convert("RGB")
            out = io.BytesIO()
            image.save(
                out, format=save_as, **({"quality": 85, "optimize": True} if save_as == "JPEG" else {"optimize": True})
            )
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        raise UploadRejected(_("The image is damaged and cannot be read."), code="damaged") from None
    return AcceptedFile(out.getvalue(), content_type, extension, safe_name(upload.name))


# Names in a PDF that make it act rather than show: scripts, launched programs, embedded files.
PDF_ACTIVE_NAMES = (b"/JavaScript", b"/JS", b"/Launch", b"/EmbeddedFile", b"/RichMedia", b"/XFA")


def accept_pdf(upload, *, max_bytes: int | None = None) -> AcceptedFile:
    """A PDF, known by its header and trailer, with no scripts, launch actions or embedded files.
    It is kept as sent (a scan is evidence; rewriting it would change what was signed) and it is
    only ever served with the sandboxing headers of `serve`."""
    data = _read_capped(upload, max_bytes or settings.MAX_UPLOAD_BYTES)
    if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-2048:]:
        raise UploadRejected(_("This is not a PDF file, or it is incomplete."), code="not_pdf")
    if Path(upload.name or "").suffix.lower() != ".pdf":
        raise UploadRejected(
            _("The file is a PDF but its name does not end in “.pdf”. Rename it or send another file."),
            code="mismatch",
        )
    if any(name in data for name in PDF_ACTIVE_NAMES):
        raise UploadRejected(
            _("This PDF contains scripts or embedded files. Scan or print it to a plain PDF and send that."),
            code="active_pdf",
        )
    return AcceptedFile(data, "application/pdf", ".pdf", safe_name(upload.name))


def accept_scan(upload) -> AcceptedFile:
    """A scan of a signed paper: a PDF, or a photo of the page (PNG or JPEG)."""
    upload.seek(0)
    if upload.read(5) == b"%PDF-":
        return accept_pdf(upload)
    try:
        return accept_image(upload)
    except UploadRejected as error:
        if error.code == "not_image":
            raise UploadRejected(_("Send the scan as a PDF, or as a PNG or JPEG photo."), code="not_scan") from None
        raise


def _absolute(relative: str) -> Path:
    return Path(settings.MEDIA_ROOT) / relative


def read(stored: StoredFile) -> bytes | None:
    """A stored file's bytes, for documents that embed it (the logo in a kop surat); None if gone."""
    path = _absolute(stored.path)
    return path.read_bytes() if path.exists() else None


def store(*, school, user, accepted: AcceptedFile, folder: str) -> StoredFile:
    """Write the file under a generated name, then its row; if the row fails, the file goes too."""
    relative = f"{school.pk}/{folder}/{uuid.uuid4().hex}{accepted.extension}"
    target = _absolute(relative)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(target.suffix + ".part")
    with open(partial, "wb") as handle:
        handle.write(accepted.data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(partial, target)
    try:
        with transaction.atomic():
            stored = StoredFile.all_schools.create(
                school=school,
                path=relative,
                original_name=accepted.original_name,
                content_type=accepted.content_type,
                size=len(accepted.data),
                sha256=hashlib.sha256(accepted.data).hexdigest(),
                uploaded_by=user if getattr(user, "is_authenticated", False) else None,
            )
    except Exception:
        target.unlink(missing_ok=True)
        raise
    return stored


def discard(stored: StoredFile) -> None:
    """Delete a stored file's row now and its bytes once the deletion is committed."""
    target = _absolute(stored.path)
    stored.delete()
    transaction.on_commit(lambda: target.unlink(missing_ok=True))


def serve(stored: StoredFile, *, inline: bool) -> FileResponse:
    """Send a stored file. Only images and PDFs may show inline; everything goes out sandboxed."""
    inline = inline and (stored.content_type.startswith("image/") or stored.content_type == "application/pdf")
    response = FileResponse(
        open(_absolute(stored.path), "rb"),  # noqa: SIM115 (FileResponse closes it)
        content_type=stored.content_type,
        as_attachment=not inline,
        filename=stored.original_name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, max-age=3600"
    return response
