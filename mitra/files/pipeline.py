"""The one upload pipeline (QUALITY.md U1–U9). Every file a person sends goes through `accept_*`,
which decides its type from its content, checks it against the name, and re-encodes what can be
re-encoded; `store` writes it under a generated name outside the web root; `serve` sends it back
with safe headers, after the calling view has checked the person's school and role.

It takes images (the school logo, photos of activities), PDF scans and Word documents (evidence),
plain-text WhatsApp chat exports (read, never stored), and it keeps each school within its storage
quota. Everything else — SVG, HTML, programs, macro-enabled Office files, zip bombs — is refused with
a message that says what to send instead."""

import errno
import hashlib
import io
import logging
import os
import unicodedata
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import magic
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.http import FileResponse, HttpResponse
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from mitra.files.downloads import content_disposition
from mitra.files.models import StoredFile

logger = logging.getLogger(__name__)

# Content type decided by Pillow from the bytes -> (MIME type, accepted name endings, save format)
IMAGE_FORMATS = {
    "PNG": ("image/png", {".png"}, "PNG"),
    "JPEG": ("image/jpeg", {".jpg", ".jpeg"}, "JPEG"),
}
MAX_IMAGE_PIXELS = 40_000_000  # a 40-megapixel photo; far beyond any phone camera's default
PHOTO_MAX_SIDE = 2560  # photos of activities are evidence, not prints: 2560 px keeps faces and text legible
THUMBNAIL_SIDE = 480

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_MAX_UNPACKED = 100 * 1024 * 1024
DOCX_MAX_ENTRIES = 2000

# What libmagic may call a file we go on to examine; anything else is refused before parsing.
SNIFFED_IMAGE = {"image/png", "image/jpeg"}
SNIFFED_PDF = {"application/pdf"}
SNIFFED_DOCX = {DOCX_TYPE, "application/zip", "application/octet-stream"}


class UploadRejected(ValidationError):
    pass


@dataclass(frozen=True)
class AcceptedFile:
    data: bytes
    content_type: str
    extension: str
    original_name: str
    thumbnail: bytes | None = None

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


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


def sniff(data: bytes) -> str:
    """The MIME type libmagic reads from the content; the name and the browser's word do not count."""
    return magic.from_buffer(data[:65536], mime=True)


def _extension(name: str) -> str:
    return Path(name or "").suffix.lower()


def _image_from(data: bytes, name: str, *, max_pixels: int):
    """Open image bytes that libmagic and Pillow agree are a PNG or JPEG named as such."""
    not_an_image = UploadRejected(_("This is not a PNG or JPEG image."), code="not_image")
    too_many_pixels = UploadRejected(
        _("The image has too many pixels. Send a smaller picture."), code="too_many_pixels"
    )
    if sniff(data) not in SNIFFED_IMAGE:
        raise not_an_image
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
    extension = _extension(name)
    if extension not in endings:
        raise UploadRejected(
            _("The file is a %(found)s image but its name ends in “%(ext)s”. Rename it or send another file.")
            % {"found": found, "ext": extension or "—"},
            code="mismatch",
        )
    if width * height > max_pixels:
        raise too_many_pixels
    # Pillow's LOAD_TRUNCATED_IMAGES is one switch for the whole process (a library may turn it on),
    # and then Pillow fills a cut photo with grey and says nothing: look for the end marker ourselves. (In a JPEG's coded data
    # every 0xFF is escaped, so an end marker after the last start-of-scan ends the main picture.)
    if found == "JPEG":
        complete = data.rfind(b"\xff\xd9") > data.rfind(b"\xff\xda") >= 0
    else:
        complete = b"IEND" in data
    if not complete:
        raise UploadRejected(_("The image is damaged and cannot be read."), code="damaged")
    try:
        with Image.open(io.BytesIO(data)) as checked:
            checked.verify()
        image = Image.open(io.BytesIO(data))
        image.load()
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        raise UploadRejected(_("The image is damaged and cannot be read."), code="damaged") from None
    return image, content_type, extension, save_as


def _encode(image, save_as: str) -> bytes:
    if save_as == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    out = io.BytesIO()
    options = {"quality": 85, "optimize": True} if save_as == "JPEG" else {"optimize": True}
    image.save(out, format=save_as, **options)
    return out.getvalue()


def _thumbnail(image) -> bytes:
    small = image.copy()
    small.thumbnail((THUMBNAIL_SIDE, THUMBNAIL_SIDE))
    if small.mode not in ("RGB", "L"):
        background = Image.new("RGB", small.size, "white")
        background.paste(small, mask=small.convert("RGBA").getchannel("A"))
        small = background
    out = io.BytesIO()
    small.save(out, format="JPEG", quality=75, optimize=True)
    return out.getvalue()


def accept_image(
    upload, *, max_bytes: int | None = None, max_pixels: int = MAX_IMAGE_PIXELS, photo: bool = False
) -> AcceptedFile:
    """A PNG or JPEG image, verified, bounded in pixels and re-encoded (which drops anything hidden
    in it, such as HTML in a polyglot, and the photo's location data). A `photo` is also turned
    upright as the camera held it, scaled down to PHOTO_MAX_SIDE and given a thumbnail."""
    data = _read_capped(upload, max_bytes or settings.MAX_UPLOAD_BYTES)
    return _image(data, upload.name, max_pixels=max_pixels, photo=photo)


def _image(data: bytes, name: str, *, max_pixels: int = MAX_IMAGE_PIXELS, photo: bool = False) -> AcceptedFile:
    image, content_type, extension, save_as = _image_from(data, name, max_pixels=max_pixels)
    try:
        with image:
            thumbnail = None
            if photo:
                image = ImageOps.exif_transpose(image)
                image.thumbnail((PHOTO_MAX_SIDE, PHOTO_MAX_SIDE))
                thumbnail = _thumbnail(image)
            encoded = _encode(image, save_as)
    except (OSError, ValueError, SyntaxError):
        raise UploadRejected(_("The image is damaged and cannot be read."), code="damaged") from None
    return AcceptedFile(encoded, content_type, extension, safe_name(name), thumbnail)


# Names in a PDF that make it act rather than show: scripts, launched programs, embedded files.
PDF_ACTIVE_NAMES = (b"/JavaScript", b"/JS", b"/Launch", b"/EmbeddedFile", b"/RichMedia", b"/XFA")


def accept_pdf(upload, *, max_bytes: int | None = None) -> AcceptedFile:
    """A PDF, known by its header and trailer, with no scripts, launch actions or embedded files.
    It is kept as sent (a scan is evidence; rewriting it would change what was signed) and it is
    only ever served with the sandboxing headers of `serve`."""
    return _pdf(_read_capped(upload, max_bytes or settings.MAX_UPLOAD_BYTES), upload.name)


def _pdf(data: bytes, name: str) -> AcceptedFile:
    if sniff(data) not in SNIFFED_PDF or not data.startswith(b"%PDF-") or b"%%EOF" not in data[-2048:]:
        raise UploadRejected(_("This is not a PDF file, or it is incomplete."), code="not_pdf")
    if _extension(name) != ".pdf":
        raise UploadRejected(
            _("The file is a PDF but its name does not end in “.pdf”. Rename it or send another file."),
            code="mismatch",
        )
    if any(name in data for name in PDF_ACTIVE_NAMES):
        raise UploadRejected(
            _("This PDF contains scripts or embedded files. Scan or print it to a plain PDF and send that."),
            code="active_pdf",
        )
    return AcceptedFile(data, "application/pdf", ".pdf", safe_name(name))


def _macro_refusal() -> UploadRejected:
    return UploadRejected(
        _("Word files with macros are not accepted. Save it in Word as “Word Document (.docx)” and send that."),
        code="macro",
    )


def _check_office_archive(data: bytes, *, main_part: str, controls: str, not_this, bomb, macros, read_parts=()) -> dict:
    """Open an Office file's zip without trusting what it declares: count the entries, inflate each
    one with a running limit (a zip bomb lies about its sizes), and refuse macros and ActiveX
    controls. Returns the bytes of `read_parts`, for the caller's own checks."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError):
        raise not_this from None
    with archive:
        entries = archive.infolist()
        if len(entries) > DOCX_MAX_ENTRIES:
            raise bomb
        names = {entry.filename for entry in entries}
        if "[Content_Types].xml" not in names or main_part not in names:
            raise not_this
        lowered = {name.lower() for name in names}
        if any(n.endswith(("vbaproject.bin", "vbadata.xml")) or n.startswith(controls) for n in lowered):
            raise macros
        budget = DOCX_MAX_UNPACKED
        read = {part: [] for part in ("[Content_Types].xml", *read_parts)}
        try:
            for entry in entries:
                with archive.open(entry) as member:
                    while chunk := member.read(65536):
                        budget -= len(chunk)
                        if budget < 0:
                            raise bomb
                        if entry.filename in read:
                            read[entry.filename].append(chunk)
        except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError):
            raise not_this from None
    found = {part: b"".join(chunks) for part, chunks in read.items()}
    if b"macroEnabled" in found["[Content_Types].xml"] or b"vbaProject" in found["[Content_Types].xml"]:
        raise macros
    return found


def _check_docx_archive(data: bytes) -> None:
    """A Word file's zip, checked as every Office file's is; and no template fetched from elsewhere
    when the document opens."""
    found = _check_office_archive(
        data,
        main_part="word/document.xml",
        controls="word/activex/",
        not_this=UploadRejected(_("This is not a Word document (.docx), or it is damaged."), code="not_docx"),
        bomb=UploadRejected(
            _("This Word file unpacks to far more than its size. Save it again in Word, or send it as a PDF."),
            code="zip_bomb",
        ),
        macros=_macro_refusal(),
        read_parts=("word/_rels/settings.xml.rels",),
    )
    settings_links = found["word/_rels/settings.xml.rels"]
    if b'TargetMode="External"' in settings_links:
        raise UploadRejected(
            _("This Word file loads a template from the internet when opened. Save it as a plain .docx and send that."),
            code="remote_template",
        )


def accept_docx(upload, *, max_bytes: int | None = None) -> AcceptedFile:
    """A Word document (.docx), kept as sent after its archive is checked; always downloaded, never shown."""
    return _docx(_read_capped(upload, max_bytes or settings.MAX_UPLOAD_BYTES), upload.name)


def _docx(data: bytes, name: str) -> AcceptedFile:
    extension = _extension(name)
    if extension in (".docm", ".dotm"):
        raise _macro_refusal()
    if sniff(data) not in SNIFFED_DOCX:
        raise UploadRejected(_("This is not a Word document (.docx), or it is damaged."), code="not_docx")
    _check_docx_archive(data)
    if extension != ".docx":
        raise UploadRejected(
            _("The file is a Word document but its name does not end in “.docx”. Rename it or send another file."),
            code="mismatch",
        )
    return AcceptedFile(data, DOCX_TYPE, ".docx", safe_name(name))


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


def _refusal(found: str) -> UploadRejected:
    """A refusal that names what people most often send by mistake, by the type libmagic finds."""
    if found == "image/svg+xml":
        message = _("SVG drawings are not accepted, as they can carry scripts. Send the picture as PNG or JPEG.")
    elif found in ("text/html", "application/xhtml+xml", "text/xml", "application/xml"):
        message = _("Web pages are not accepted. Print the page to PDF, or take a screenshot, and send that.")
    elif found in ("application/x-dosexec", "application/x-executable", "application/x-sharedlib"):
        message = _("Programs are not accepted.")
    elif found.startswith(
        ("application/vnd.ms-", "application/msword", "application/x-ole-storage", "application/CDFV2")
    ):
        message = _("Old or macro-enabled Office files are not accepted. Save it as .docx or PDF and send that.")
    elif found.startswith("image/"):
        message = _("This kind of picture is not accepted. Send it as PNG or JPEG.")
    else:
        message = _("This kind of file is not accepted. Send a photo (JPEG or PNG), a PDF or a Word document (.docx).")
    return UploadRejected(message, code="not_allowed")


def accept_evidence(upload) -> AcceptedFile:
    """Evidence of an activity: a photo (re-encoded, upright, thumbnailed), a PDF or a Word document."""
    data = _read_capped(upload, settings.MAX_UPLOAD_BYTES)
    found = sniff(data)
    if found in SNIFFED_IMAGE:
        return _image(data, upload.name, photo=True)
    if found in SNIFFED_PDF:
        return _pdf(data, upload.name)
    if found in SNIFFED_DOCX and data.startswith(b"PK\x03\x04"):
        return _docx(data, upload.name)
    raise _refusal(found)


def read_text(upload, *, max_bytes: int) -> str:
    """A plain-text file (a WhatsApp chat export), decoded; it is read, never stored. Text that
    libmagic takes for HTML or XML (a chat quoting `<script>` or `<a href` early on) is still text:
    it is read as such, kept as such and escaped wherever it is shown."""
    data = _read_capped(upload, max_bytes)
    found = sniff(data)
    if b"\x00" in data or not found.startswith("text/"):
        raise UploadRejected(_("This is not a plain text file."), code="not_text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UploadRejected(
            _("The text file is not in UTF-8; export the chat again from WhatsApp."), code="encoding"
        ) from None


@dataclass(frozen=True)
class Spreadsheet:
    """A table someone sends to be imported: read, never stored."""

    kind: str  # "xlsx" or "csv"
    data: bytes = b""
    text: str = ""


def accept_spreadsheet(upload, *, max_bytes: int) -> Spreadsheet:
    """An Excel workbook (.xlsx, checked as Word files are: no macros, no zip bomb) or a CSV file
    (UTF-8, or the Windows encoding Excel writes CSV in)."""
    data = _read_capped(upload, max_bytes)
    if not data:
        raise UploadRejected(_("The file is empty."), code="empty")
    extension, found = _extension(upload.name), sniff(data)
    if extension in (".xlsm", ".xltm"):
        raise _spreadsheet_macro_refusal()
    if data.startswith(b"PK\x03\x04") and found in SNIFFED_DOCX | {XLSX_TYPE}:
        _check_office_archive(
            data,
            main_part="xl/workbook.xml",
            controls="xl/activex/",
            not_this=UploadRejected(_("This is not an Excel workbook (.xlsx), or it is damaged."), code="not_xlsx"),
            bomb=UploadRejected(
                _("This Excel file unpacks to far more than its size. Save it again in Excel and send that."),
                code="zip_bomb",
            ),
            macros=_spreadsheet_macro_refusal(),
        )
        return Spreadsheet("xlsx", data=data)
    if found.startswith(("application/vnd.ms-", "application/x-ole-storage", "application/CDFV2")):
        raise UploadRejected(
            _("Old Excel files (.xls) are not accepted. Open it in Excel and save it as “Excel Workbook (.xlsx)”."),
            code="old_excel",
        )
    # A CSV is read, never stored or served: one whose cells hold markup that libmagic takes for HTML
    # or XML (a partner named "<b>SMP</b>") is still a CSV, and its cells are text wherever shown. A
    # web page or an XML document saved under a .csv name is not.
    document = data.lstrip(b"\xef\xbb\xbf \t\r\n").lower().startswith((b"<!doctype", b"<html", b"<?xml"))
    if b"\x00" in data or not found.startswith("text/") or document:
        raise UploadRejected(
            _("This is not a spreadsheet. Send an Excel workbook (.xlsx) or a CSV file."), code="not_spreadsheet"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")  # what Excel on Windows saves "CSV" in
    return Spreadsheet("csv", text=text)


def _spreadsheet_macro_refusal() -> UploadRejected:
    return UploadRejected(
        _("Excel files with macros are not accepted. Save it in Excel as “Excel Workbook (.xlsx)” and send that."),
        code="macro",
    )


# --- Several files at once ------------------------------------------------------------------------


def accept_each(uploads, accept=accept_evidence, field: str = "files") -> list[AcceptedFile]:
    """Check every file before storing any, so a bad third file leaves nothing behind (U9)."""
    accepted = []
    for upload in uploads:
        try:
            accepted.append(accept(upload))
        except UploadRejected as error:
            name = safe_name(getattr(upload, "name", ""))
            raise ValidationError(
                {field: [_("%(name)s: %(problem)s") % {"name": name, "problem": " ".join(error.messages)}]}
            ) from None
    return accepted


def used_bytes(school) -> int:
    return StoredFile.objects.for_school(school).aggregate(total=Sum("size"))["total"] or 0


def check_quota(school, accepted: list[AcceptedFile]) -> None:
    """Refuse files that would take the school past its storage quota (U2)."""
    incoming = sum(len(one.data) + len(one.thumbnail or b"") for one in accepted)
    quota = settings.SCHOOL_STORAGE_BYTES
    if incoming and used_bytes(school) + incoming > quota:
        raise UploadRejected(
            _(
                "The school's file storage is full (%(quota)s MB). Remove old files or ask the administrator for more room."
            )
            % {"quota": f"{quota / 1024 / 1024:g}"},
            code="quota",
        )


def store_each(*, school, user, accepted: list[AcceptedFile], folder: str, attach) -> list[StoredFile]:
    """Store the files and `attach(stored, accepted)` each; if anything fails, none of them is kept."""
    check_quota(school, accepted)
    stored = []
    try:
        with transaction.atomic():  # the rows, theirs and what `attach` makes, all or none
            for one in accepted:
                stored.append(store(school=school, user=user, accepted=one, folder=folder))
                attach(stored[-1], one)
    except Exception:
        # The rows were rolled back; the bytes already written go now (on a full disk, every byte counts).
        for done in stored:
            for relative in (done.path, done.thumbnail_path):
                if relative:
                    _absolute(relative).unlink(missing_ok=True)
        raise
    return stored


# --- Storage --------------------------------------------------------------------------------------


def _absolute(relative: str) -> Path:
    return Path(settings.MEDIA_ROOT) / relative


def file_sha256(path: Path) -> str:
    """The checksum `store` keeps in StoredFile.sha256, of a file on disk, read in chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


def read(stored: StoredFile, *, thumbnail: bool = False) -> bytes | None:
    """A stored file's bytes, for documents that embed it (the logo in a kop surat, a report's
    photos as their small JPEG); None if gone."""
    relative = stored.thumbnail_path if thumbnail and stored.thumbnail_path else stored.path
    path = _absolute(relative)
    return path.read_bytes() if path.exists() else None


# The disk said no: no room, over its quota, or mounted read-only. Not the person's fault, nor a bug.
_NO_ROOM = {errno.ENOSPC, errno.EDQUOT, errno.EROFS}


def _write(relative: str, data: bytes) -> Path:
    """Write under a temporary name, flush to the disk, then rename: a file either is whole or is not.
    A full disk refuses the upload with a message the person can act on, and leaves nothing behind."""
    target = _absolute(relative)
    partial = target.with_suffix(target.suffix + ".part")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(partial, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, target)
    except OSError as error:
        partial.unlink(missing_ok=True)
        if error.errno not in _NO_ROOM:
            raise
        logger.error("files path cannot take more files: %s", error, extra={"path": str(target.parent)})
        raise UploadRejected(
            _(
                "The server has no room left for files, so nothing was saved. Try again later, and tell the administrator."
            ),
            code="disk_full",
        ) from error
    return target


def store(*, school, user, accepted: AcceptedFile, folder: str) -> StoredFile:
    """Write the file (and its thumbnail) under generated names, then its row; if anything fails,
    what was written goes too."""
    name = uuid.uuid4().hex
    relative = f"{school.pk}/{folder}/{name}{accepted.extension}"
    thumbnail = f"{school.pk}/{folder}/{name}.thumb.jpg" if accepted.thumbnail else ""
    written = []
    try:
        written.append(_write(relative, accepted.data))
        if thumbnail:
            written.append(_write(thumbnail, accepted.thumbnail))
        with transaction.atomic():
            stored = StoredFile.objects.for_school(school).create(
                path=relative,
                thumbnail_path=thumbnail,
                original_name=accepted.original_name,
                content_type=accepted.content_type,
                size=len(accepted.data) + len(accepted.thumbnail or b""),
                sha256=hashlib.sha256(accepted.data).hexdigest(),
                uploaded_by=user if getattr(user, "is_authenticated", False) else None,
            )
    except Exception:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    return stored


def discard(stored: StoredFile) -> None:
    """Delete a stored file's row now and its bytes once the deletion is committed."""
    targets = [_absolute(p) for p in (stored.path, stored.thumbnail_path) if p]
    stored.delete()
    transaction.on_commit(lambda: [target.unlink(missing_ok=True) for target in targets])


def serve(stored: StoredFile, *, inline: bool, thumbnail: bool = False) -> HttpResponse:
    """Send a stored file. Only images and PDFs may show inline; everything goes out sandboxed."""
    if thumbnail and stored.thumbnail_path:
        relative, content_type, inline = stored.thumbnail_path, "image/jpeg", True
    else:
        relative, content_type = stored.path, stored.content_type
        inline = inline and (content_type.startswith("image/") or content_type == "application/pdf")
    if settings.FILES_ACCEL_PREFIX:
        # nginx sends the bytes from its internal location; the worker process is free at once.
        response = HttpResponse(content_type=content_type)
        response["Content-Disposition"] = content_disposition(stored.original_name, attachment=not inline)
        response["X-Accel-Redirect"] = settings.FILES_ACCEL_PREFIX.rstrip("/") + "/" + quote(relative)
    else:
        response = FileResponse(
            open(_absolute(relative), "rb"),  # noqa: SIM115 (FileResponse closes it)
            content_type=content_type,
            as_attachment=not inline,
            filename=stored.original_name,
        )
        # Django's own header names a file with an Arabic name by filename* alone; this one adds an
        # ASCII fallback for older clients.
        response["Content-Disposition"] = content_disposition(stored.original_name, attachment=not inline)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, max-age=3600"
    return response
