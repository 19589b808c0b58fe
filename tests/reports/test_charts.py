"""Chart labels wrap onto lines instead of being cut: a long indicator's name is drawn whole, every
word of it; only a label longer than three lines is cut, and the report then gives it whole in a
table beside the chart."""

import io
import re

import pytest
from PIL import Image

from mitra.reports import charts
from mitra.reports.scope import Kind, Scope
from mitra.reports.sections.evaluation import results
from mitra.schools.access import access_for

LONG = "Persentase peserta didik kelas VII yang diperiksa kesehatannya"  # 62 characters


def _texts(svg: str) -> list[str]:
    return re.findall(r"<text[^>]*>([^<]*)</text>", svg)


def _height(svg: str) -> int:
    return int(re.search(r'viewBox="0 0 \d+ (\d+)"', svg).group(1))


def test_a_long_label_wraps_and_keeps_every_word():
    short = charts.Chart("Indicators", [charts.Bar("Dua", 1)], scale_max=4)
    chart = charts.Chart("Indicators", [charts.Bar(LONG, 3), charts.Bar("Dua", 1)], scale_max=4)
    svg = str(charts.svg(chart))
    texts = _texts(svg)
    drawn = " ".join(texts).split()
    for word in LONG.split():
        assert word in drawn, (word, texts)
    assert "…" not in svg and not charts.cut_labels(chart)
    assert " ".join(t for t in texts if t in LONG) == LONG  # on two lines, in order
    # The row grew by a line for it; the PNG for Word is drawn on the same layout.
    assert _height(svg) == _height(str(charts.svg(short))) + charts.ROW + charts.LINE_H
    image = Image.open(io.BytesIO(charts.png(chart)))
    assert image.size == (charts.WIDTH * charts.SCALE, _height(svg) * charts.SCALE)


def test_column_labels_wrap_too():
    chart = charts.Chart(
        "Per area", [charts.Bar(n, 2) for n in ("Kesehatan remaja", "Keamanan", "Literasi")], shape="columns"
    )
    texts = _texts(str(charts.svg(chart)))
    assert "Kesehatan remaja" in " ".join(texts) and not any("…" in t for t in texts)


@pytest.mark.django_db
def test_only_an_absurdly_long_label_is_cut_and_the_report_gives_it_whole(evaluation_world):
    world = evaluation_world
    version = world.round.version
    definition = version.definition
    rating = next(i for s in definition["sections"] for i in s["items"] if i["kind"] == "rating")
    rating["text"] = " ".join(["Seberapa puas Bapak/Ibu dengan penyuluhan gizi dan kesehatan remaja"] * 4)
    version.definition = definition
    version.save(update_fields=["definition"])
    round_ = world.round  # held within the report's school year
    round_.opens_on, round_.closes_on = world.year.start_date, world.year.end_date
    round_.save(update_fields=["opens_on", "closes_on"])

    access = access_for(world.users["principal"], world.a.pk)
    section = results(Scope(access=access, kind=Kind.ANNUAL, year=world.year, language="id"))
    figure = next(b for b in section.blocks if b.kind == "figure")
    assert any(t.endswith("…") for t in _texts(str(charts.svg(figure.chart))))
    after = section.blocks[section.blocks.index(figure) + 1]
    assert after.kind == "table" and [rating["text"]] in [row[:1] for row in after.rows]
    assert charts.cut_labels(figure.chart) == [rating["text"]]


@pytest.mark.parametrize("shape", ["bars", "columns"])
def test_on_a_screen_a_chart_is_drawn_narrow_with_larger_type(shape):
    """A page draws the chart 360 px wide with 13 px type, so that across a phone (about 320 px) its
    texts stay near 11 px; the report's 640 px drawing would shrink them to 6. Every word of a long
    label is still drawn, within the drawing."""
    months = [charts.Bar(m, i) for i, m in enumerate(["Jul", "Agu", "Sep", "Okt", "Nov", "Des"] * 2)]
    bars = [charts.Bar(LONG, 3), charts.Bar("Keamanan", 1)]
    chart = charts.Chart("Kegiatan", months if shape == "columns" else bars, shape=shape)
    svg = str(charts.svg(chart, frame=charts.SCREEN))
    assert re.search(r'viewBox="0 0 360 \d+"', svg)
    sizes = {int(size) for size in re.findall(r'font-size="(\d+)"', svg)}
    assert sizes == {13}
    drawn = " ".join(_texts(svg)).split()
    for bar in chart.bars:
        for word in bar.label.split():
            assert word in drawn
    for x in re.findall(r'<text x="([\d.]+)"', svg):
        assert 0 <= float(x) <= 360
