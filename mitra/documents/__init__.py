"""Documents Mitra writes: Word and PDF building blocks, dates, the kop surat, placeholders."""

# The content types of the two formats every document is offered in.
DOCUMENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}
