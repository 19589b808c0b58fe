"""The one way every download names its file: the pipeline's `serve`, the documents, the reports
and the calendar feeds all send their Content-Disposition from here."""

import re
import unicodedata
from urllib.parse import quote

from django.utils.http import content_disposition_header


def ascii_name(filename: str) -> str:
    """The file name as far as it can be written in ASCII, for clients that do not read `filename*`:
    accents dropped, other scripts left out, the extension kept."""
    stem, dot, extension = filename.rpartition(".")
    if not dot:
        stem, extension = filename, ""

    def fold(text: str) -> str:
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
        text = re.sub(r"\s+", " ", re.sub(r'[^\x20-\x7e]|["\\]', "-", text))
        return re.sub(r"[- ]*-[- ]*", "-", text).strip(" -._")

    stem, extension = fold(stem), fold(extension)
    return f"{stem or 'download'}.{extension}" if extension else stem or "download"


def content_disposition(filename: str, *, attachment: bool = True) -> str:
    """The Content-Disposition of a download (RFC 6266): Django's header when the name is plain ASCII;
    otherwise an ASCII `filename` for old clients and the whole name in UTF-8 as `filename*`
    (RFC 5987), so a title in Arabic script or with accents keeps its name and the header stays ASCII."""
    header = content_disposition_header(attachment, filename)
    if "filename*=" not in header:
        return header
    kind = "attachment" if attachment else "inline"
    return f"{kind}; filename=\"{ascii_name(filename)}\"; filename*=utf-8''{quote(filename, safe='')}"
