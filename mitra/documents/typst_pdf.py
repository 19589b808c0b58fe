"""PDFs typeset by Typst (the `typst` package: the Typst compiler in one wheel, no system libraries).

How a document is made, and why no text a user typed can ever change its layout:

- Its layout is a Typst file in templates/documents/typst/ (e.g. `report.typ`), which imports the
  parts every document shares from `mitra.typ` there (fonts, colours, the kop surat, page numbers).
- Everything it prints comes as data: a JSON document (`data.json`) that the template reads with
  `json(...)`. A string read that way is a *value*: Typst prints it as it is and never parses it as
  markup, so a partner called `#set page(width: 1cm) *bold* $x$` is printed with its `#`, `*` and `$`.
  No Typst source is ever written from data: nothing here escapes markup, because nothing needs to.
- Pictures (the school's logo, photos, charts) are written as files beside it under names this
  module chooses (`/files/1.png`); the data names them. The compiler reads only inside that
  temporary folder (its root), so a document cannot load anything else from the server.
- Fonts are the ones vendored in static/mitra/fonts/ (Liberation Sans and Serif, Amiri for
  Arabic words, Noto Emoji) and the few compiled into the package itself (DejaVu Sans Mono as a
  symbol fallback); the machine's own fonts are never looked at, so a PDF looks the same everywhere.

Use: collect pictures in a `Files`, build the data (plain dicts, lists and strings; `Decimal` and
dates are written as their `str`), then `render(template, data, files)`."""

import datetime
import functools
import json
import logging
import shutil
import tempfile
from pathlib import Path

from mitra.documents import FONTS_DIR

BASE = Path(__file__).resolve().parent.parent.parent
TEMPLATES_DIR = BASE / "templates" / "documents" / "typst"
EXTENSIONS = {"image/png": "png", "image/jpeg": "jpg", "image/gif": "gif", "image/svg+xml": "svg", "image/webp": "webp"}

log = logging.getLogger(__name__)


class Files:
    """The pictures of one document, each under a name chosen here (never a user's file name)."""

    def __init__(self):
        self.items: dict[str, bytes] = {}

    def add(self, data: bytes, content_type: str) -> str:
        """The path the template opens the picture by ("/files/3.png": from the compile's root)."""
        name = f"{len(self.items) + 1}.{EXTENSIONS.get(content_type, 'png')}"
        self.items[name] = data
        return f"/files/{name}"


@functools.cache
def fonts():
    """The font book, built once per process (reading the font files takes a few milliseconds)."""
    import typst

    return typst.Fonts(include_system_fonts=False, include_embedded_fonts=True, font_paths=[str(FONTS_DIR)])


def letterhead(head, files: Files) -> dict:
    """The kop surat as data for `kop(...)` in mitra.typ."""
    return {
        "lines_above": list(head.lines_above),
        "name": head.name,
        "address": head.address,
        "contacts": head.contacts,
        "logo": files.add(head.logo, head.logo_type) if head.logo else None,
    }


def marked(items) -> list[dict]:
    """Paragraphs with their typed list markers (documents.lists.items) as data for `marked(...)`."""
    return [{"text": i.text, "marker": i.marker, "depth": i.level} for i in items]


class TypstFailed(RuntimeError):
    """The template could not be compiled: a fault of Mitra's templates, never of the data."""


def render(template: str, data: dict, files: Files | None = None) -> bytes:
    """The PDF of templates/documents/typst/<template> with `data` as its data.json."""
    import typst

    with tempfile.TemporaryDirectory(prefix="mitra-typst-") as folder:
        root = Path(folder)
        for source in TEMPLATES_DIR.glob("*.typ"):
            shutil.copyfile(source, root / source.name)
        (root / "data.json").write_text(json.dumps(data, ensure_ascii=False, default=str), encoding="utf-8")
        if files and files.items:
            (root / "files").mkdir()
            for name, content in files.items.items():
                (root / "files" / name).write_bytes(content)
        try:
            pdf, warnings = typst.compile_with_warnings(
                str(root / template),
                root=str(root),
                font_paths=fonts(),
                ignore_system_fonts=True,
                timestamp=datetime.datetime.now(datetime.UTC).replace(microsecond=0),
            )
        except typst.TypstError as error:
            raise TypstFailed(f"{template}: {error.message}\n{error.diagnostic}") from error
    for warning in warnings:
        log.warning("typst: %s: %s", template, warning.message)
    return pdf
