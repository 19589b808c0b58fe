"""The PDF's table columns (table-layout: fixed, widths from blocks.Table.widths): dates and numbers
keep their line, headers their words, and the long texts take what is left."""

from mitra.reports.blocks import LINE, Table


def _chars(table: Table) -> list[float]:
    return [share * LINE / 100 for share in table.widths]


def test_a_long_table_keeps_dates_and_numbers_whole_and_wraps_the_texts():
    rows = [["16 Agu 2026", "Penyuluhan kesehatan reproduksi remaja " * 2, "Puskesmas Kergon, Polsek Barat", "35"]]
    date, title, partners, people = _chars(Table(["Tanggal", "Kegiatan", "Mitra", "Peserta"], rows * 30))
    assert date >= len("16 Agu 2026") and people >= 1.2 * len("Peserta")
    assert title > partners > date  # the longest text gets the most of what is left
    assert abs(date + title + partners + people - LINE) < 0.5


def test_a_short_table_gives_its_spare_room_to_the_texts_not_to_the_numbers():
    name, score = _chars(Table(["Kemitraan", "Skor"], [["Mitra 11 Sekolah 0001", "79"]]))
    assert name > 3 * score and score >= 1.2 * len("Skor")
