"""Dates checked against the examples in DOMAIN.md and real school documents it cites."""

import datetime

import pytest

from mitra.documents import dates

D = datetime.date


def test_the_date_line():
    assert dates.place_and_date("Pekalongan", D(2024, 3, 12)) == "Pekalongan, 12 Maret 2024"
    assert dates.place_and_date("Yogyakarta", D(2023, 10, 26)) == "Yogyakarta, 26 Oktober 2023"
    assert dates.place_and_date("Pekalongan", D(2024, 3, 12), language="en") == "Pekalongan, 12 March 2024"


def test_the_spelled_out_date_of_an_agreement():
    assert (
        dates.date_in_words(D(2024, 3, 12))
        == "hari Selasa tanggal dua belas bulan Maret tahun dua ribu dua puluh empat"
    )
    # SD–Puskesmas Pegajahan: "pada hari senin tanggal dua bulan oktober tahun dua ribu dua puluh tiga"
    assert dates.date_in_words(D(2023, 10, 2)) == "hari Senin tanggal dua bulan Oktober tahun dua ribu dua puluh tiga"
    assert dates.date_in_words(D(2024, 3, 21), language="en") == (
        "Thursday, the twenty-first day of March in the year two thousand and twenty-four"
    )


@pytest.mark.parametrize(
    "n,words",
    [
        (0, "nol"),
        (1, "satu"),
        (10, "sepuluh"),
        (11, "sebelas"),
        (12, "dua belas"),
        (19, "sembilan belas"),
        (20, "dua puluh"),
        (21, "dua puluh satu"),
        (100, "seratus"),
        (111, "seratus sebelas"),
        (250, "dua ratus lima puluh"),
        (1000, "seribu"),
        (1001, "seribu satu"),
        (2024, "dua ribu dua puluh empat"),
        (10_000, "sepuluh ribu"),
        (1_500_000, "satu juta lima ratus ribu"),
        (2_000_000_000, "dua miliar"),
    ],
)
def test_numbers_in_indonesian_words(n, words):
    assert dates.number_in_words(n) == words


@pytest.mark.parametrize(
    "n,words",
    [
        (12, "twelve"),
        (21, "twenty-one"),
        (105, "one hundred and five"),
        (2024, "two thousand and twenty-four"),
        (1999, "one thousand nine hundred and ninety-nine"),
    ],
)
def test_numbers_in_english_words(n, words):
    assert dates.number_in_words(n, language="en") == words


def test_hijri_dates_follow_the_schools_offset():
    # Idul Fitri 1444 H: Umm al-Qura (and Muhammadiyah) 21 April 2023; the government and NU 22 April.
    assert dates.hijri_date(D(2023, 4, 21)) == "1 Syawal 1444 H"
    assert dates.hijri_date(D(2023, 4, 22), offset=-1) == "1 Syawal 1444 H"
    assert dates.hijri_date(D(2023, 4, 21), language="en") == "1 Shawwal 1444 AH"


def test_the_dual_date_puts_the_hijri_date_first():
    line = dates.place_and_date("Pekalongan", D(2023, 4, 21), hijri=True)
    assert line == "Pekalongan, 1 Syawal 1444 H / 21 April 2023 M"


def test_roman_months_for_letter_numbers():
    assert [dates.roman_month(D(2024, m, 1)) for m in (1, 4, 9, 12)] == ["I", "IV", "IX", "XII"]
