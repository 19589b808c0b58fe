"""Reading generated documents back, for the tests that check what they say."""

import io

import docx
import pypdf


def docx_text(data: bytes) -> str:
    """Paragraphs and table cells in the order they stand in the document."""
    parts = []
    for block in docx.Document(io.BytesIO(data)).iter_inner_content():
        if isinstance(block, docx.table.Table):
            parts += [p.text for row in block.rows for cell in row.cells for p in cell.paragraphs]
        else:
            parts.append(block.text)
    return "\n".join(parts)


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def squeeze(text: str) -> str:
    return " ".join(text.split())
