"""The registry of report block kinds (mitra/documents/blocks/): each writes itself into both files,
one missing a rendering is refused, and report.typ has a drawing function for each and no other."""

import io
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from PIL import Image

from mitra.documents.blocks import KINDS, Block, Figure, Figures, Paragraph, Photo, Photos, Subheading, Table, registry
from mitra.documents.charts import Bar, Chart
from mitra.documents.letterhead import Letterhead
from mitra.reports import render
from mitra.reports.blocks import Report, Section
from tests.documents.reading import docx_text, pdf_text, squeeze


def _picture() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "green").save(out, "PNG")
    return out.getvalue()


# One of each kind, with the words each must show in both files. A new kind of block adds its own here.
SAMPLES = {
    "paragraph": (Paragraph("Kegiatan berjalan lancar."), "Kegiatan berjalan lancar."),
    "subheading": (Subheading("Penyuluhan gizi"), "Penyuluhan gizi"),
    "figures": (Figures([("12", "kegiatan terlaksana")]), "12 kegiatan terlaksana"),
    "table": (Table(["Mitra", "Kegiatan"], [["Puskesmas", "3"]], numeric={1}), "Mitra Kegiatan Puskesmas 3"),
    "figure": (Figure(Chart("Rata-rata nilai", [Bar("Puas", 3)], scale_max=4)), "Rata-rata nilai"),
    "photos": (Photos([Photo(_picture(), "image/png", "Foto kegiatan")]), "Foto kegiatan"),
}


def test_every_block_kind_has_a_sample_here():
    assert set(SAMPLES) == set(KINDS)
    for kind, (block, _) in SAMPLES.items():
        assert isinstance(block, KINDS[kind]) and block.kind == kind


def test_a_block_kind_without_its_word_layout_is_refused():
    @dataclass
    class Half(Block):
        text: str
        kind: str = "half"

        def typst(self, files) -> dict:
            return {"kind": self.kind, "text": self.text}

    with pytest.raises(TypeError, match=r"Half is not a whole block: missing \['word'\]"):
        registry(Half)


def test_report_typ_draws_every_registered_block_kind_and_no_other():
    typ = (Path(settings.BASE_DIR) / "templates" / "documents" / "typst" / "report.typ").read_text()
    drawers = re.search(r"#let drawers = \((.*?)\n\)", typ, re.S).group(1)
    assert set(re.findall(r"^\s*([a-z-]+):", drawers, re.M)) == set(KINDS)
    assert "b.kind ==" not in typ.replace('b.kind == "paragraph" or (b.kind == "table"', "")


def test_every_block_kind_writes_itself_into_the_pdf_and_the_word_file():
    report = Report(
        kind="partnership",
        language="id",
        title="Uji blok",
        cover_lines=[],
        letterhead=Letterhead(lines_above=[], name="SMP Uji", address="", contacts=""),
        sections=[Section("Semua blok", [block for block, _ in SAMPLES.values()])],
        date_line="Pekalongan, 1 Juli 2026",
        signatures=[],
        file_stem="uji",
        footer="",
    )
    pdf, word = squeeze(pdf_text(render.pdf(report))), squeeze(docx_text(render.docx(report)))
    for kind, (_, words) in SAMPLES.items():
        assert words in pdf, kind
        assert words in word, kind
