"""Documents Mitra writes: Word and PDF building blocks, dates, the kop surat, placeholders. How every
download names its file is in files/downloads.py: the upload pipeline, a layer below, names files too."""

# The content types of the two formats every document is offered in.
DOCUMENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}
