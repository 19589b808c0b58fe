"""Documents Mitra writes: Word and PDF building blocks, dates, the kop surat, placeholders. How every
download names its file is in files/downloads.py: the upload pipeline, a layer below, names files too."""

from pathlib import Path

# The fonts every document is set in, shipped with the project (static/mitra/fonts/): Typst reads only
# these, and Word's lines and the charts' labels are measured with them.
FONTS_DIR = Path(__file__).resolve().parent.parent.parent / "static" / "mitra" / "fonts"
LIBERATION = FONTS_DIR / "liberation"

# The content types of the two formats every document is offered in.
DOCUMENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}
