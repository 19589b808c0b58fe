"""Dates as Indonesian documents write them (DOMAIN.md §1–2, §5).

- "Pekalongan, 12 Maret 2024" — place and date line of letters and agreements;
- "2 Ramadan 1445 H / 12 Maret 2024 M" — the dual date Islamic organisations use, Hijri first;
- "pada hari Selasa tanggal dua belas bulan Maret tahun dua ribu dua puluh empat" — the date spelled
  out in the opening of an agreement;
- Roman months ("III") for letter numbers.

Hijri dates come from hijridate (Umm al-Qura), shifted by the school's day offset so that they follow
the local sighting (e.g. the government and NU began Syawal 1444 one day after Umm al-Qura).
"""

import datetime

from hijridate import Gregorian

MONTHS = {
    "id": [
        "Januari",
        "Februari",
        "Maret",
        "April",
        "Mei",
        "Juni",
        "Juli",
        "Agustus",
        "September",
        "Oktober",
        "November",
        "Desember",
    ],
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
}
WEEKDAYS = {
    "id": ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"],
    "en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
}
HIJRI_MONTHS = {
    "id": [
        "Muharram",
        "Safar",
        "Rabiul Awal",
        "Rabiul Akhir",
        "Jumadil Awal",
        "Jumadil Akhir",
        "Rajab",
        "Sya'ban",
        "Ramadan",
        "Syawal",
        "Dzulqa'dah",
        "Dzulhijjah",
    ],
    "en": [
        "Muharram",
        "Safar",
        "Rabi' al-Awwal",
        "Rabi' al-Thani",
        "Jumada al-Ula",
        "Jumada al-Akhirah",
        "Rajab",
        "Sha'ban",
        "Ramadan",
        "Shawwal",
        "Dhu al-Qi'dah",
        "Dhu al-Hijjah",
    ],
}
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]


def document_language(language: str | None) -> str:
    """ "en" or "id": the language a document (or a template of one) is written in, for any language
    code Django gives ("en-us", None for none, which is Indonesian first)."""
    return "en" if (language or "id").startswith("en") else "id"


def roman_month(day: datetime.date) -> str:
    return ROMAN[day.month - 1]


def long_date(day: datetime.date, language: str = "id") -> str:
    """12 Maret 2024 / 12 March 2024."""
    return f"{day.day} {MONTHS[document_language(language)][day.month - 1]} {day.year}"


def short_date(day: datetime.date, language: str = "id") -> str:
    """12 Mar 2024 / 12 Agu 2024, for table cells."""
    return f"{day.day} {MONTHS[document_language(language)][day.month - 1][:3]} {day.year}"


def hijri_parts(day: datetime.date, offset: int = 0) -> tuple[int, int, int]:
    """(year, month, day) of the Hijri date, after the school's day offset."""
    shifted = day + datetime.timedelta(days=offset)
    hijri = Gregorian(shifted.year, shifted.month, shifted.day).to_hijri()
    return hijri.year, hijri.month, hijri.day


def hijri_month_name(month: int, language: str = "id") -> str:
    return HIJRI_MONTHS[document_language(language)][month - 1]


def hijri_date(day: datetime.date, offset: int = 0, language: str = "id") -> str:
    """2 Ramadan 1445 H / 2 Ramadan 1445 AH."""
    year, month, mday = hijri_parts(day, offset)
    era = "AH" if document_language(language) == "en" else "H"
    return f"{mday} {HIJRI_MONTHS[document_language(language)][month - 1]} {year} {era}"


def place_and_date(
    place: str, day: datetime.date, *, language: str = "id", hijri: bool = False, offset: int = 0
) -> str:
    """The date line: "Pekalongan, 12 Maret 2024", or with the Hijri date first as Islamic
    organisations write it: "Pekalongan, 2 Ramadan 1445 H / 12 Maret 2024 M"."""
    masehi = long_date(day, language)
    if hijri:
        suffix = "CE" if document_language(language) == "en" else "M"
        masehi = f"{hijri_date(day, offset, language)} / {masehi} {suffix}"
    return f"{place}, {masehi}" if place else masehi


# --- Numbers and dates in words -----------------------------------------------------------------

_ID_UNITS = [
    "nol",
    "satu",
    "dua",
    "tiga",
    "empat",
    "lima",
    "enam",
    "tujuh",
    "delapan",
    "sembilan",
    "sepuluh",
    "sebelas",
]


def _id_words(n: int) -> str:
    if n < 12:
        return _ID_UNITS[n]
    if n < 20:
        return f"{_ID_UNITS[n - 10]} belas"
    if n < 100:
        tens, rest = divmod(n, 10)
        return f"{_ID_UNITS[tens]} puluh" + (f" {_ID_UNITS[rest]}" if rest else "")
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        head = "seratus" if hundreds == 1 else f"{_ID_UNITS[hundreds]} ratus"
        return head + (f" {_id_words(rest)}" if rest else "")
    for size, name in ((10**12, "triliun"), (10**9, "miliar"), (10**6, "juta"), (10**3, "ribu")):
        if n >= size:
            count, rest = divmod(n, size)
            head = "seribu" if size == 1000 and count == 1 else f"{_id_words(count)} {name}"
            return head + (f" {_id_words(rest)}" if rest else "")
    raise ValueError(n)


_EN_UNITS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_EN_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def _en_words(n: int) -> str:
    if n < 20:
        return _EN_UNITS[n]
    if n < 100:
        tens, rest = divmod(n, 10)
        return _EN_TENS[tens] + (f"-{_EN_UNITS[rest]}" if rest else "")
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        return f"{_EN_UNITS[hundreds]} hundred" + (f" and {_en_words(rest)}" if rest else "")
    for size, name in ((10**12, "trillion"), (10**9, "billion"), (10**6, "million"), (10**3, "thousand")):
        if n >= size:
            count, rest = divmod(n, size)
            tail = "" if not rest else (f" and {_en_words(rest)}" if rest < 100 else f" {_en_words(rest)}")
            return f"{_en_words(count)} {name}{tail}"
    raise ValueError(n)


def number_in_words(n: int, language: str = "id") -> str:
    """Terbilang: 2024 → "dua ribu dua puluh empat"; 1500000 → "satu juta lima ratus ribu"."""
    if n < 0:
        raise ValueError("only whole numbers from zero up")
    return _en_words(n) if document_language(language) == "en" else _id_words(n)


_EN_ORDINAL_IRREGULAR = {
    "one": "first",
    "two": "second",
    "three": "third",
    "five": "fifth",
    "eight": "eighth",
    "nine": "ninth",
    "twelve": "twelfth",
}


def _en_ordinal(n: int) -> str:
    words = _en_words(n)
    head, sep, last = words.rpartition("-")
    if last in _EN_ORDINAL_IRREGULAR:
        last = _EN_ORDINAL_IRREGULAR[last]
    elif last.endswith("y"):
        last = last[:-1] + "ieth"
    else:
        last += "th"
    return f"{head}{sep}{last}"


def date_in_words(day: datetime.date, language: str = "id") -> str:
    """The spelled-out date of an agreement's opening:
    "hari Selasa tanggal dua belas bulan Maret tahun dua ribu dua puluh empat"."""
    lang = document_language(language)
    weekday, month = WEEKDAYS[lang][day.weekday()], MONTHS[lang][day.month - 1]
    if lang == "en":
        return f"{weekday}, the {_en_ordinal(day.day)} day of {month} in the year {_en_words(day.year)}"
    return f"hari {weekday} tanggal {_id_words(day.day)} bulan {month} tahun {_id_words(day.year)}"
