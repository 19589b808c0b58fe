"""Reading the values people type into spreadsheets in Indonesian schools: dates written in words
("12 Maret 2024", "17 Agustus 2024"), day-first ("01/09/2024"), ISO, or stored by Excel as a date
or a serial number (45300); a partner's kind in everyday words ("Puskesmas", "Polsek", "LSM").
Each reader returns the value or raises ValueError with a message for the person."""

import datetime
import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from mitra.partners.models import Area, Partner

MONTH_WORDS = {
    **dict.fromkeys(["januari", "january", "jan"], 1),
    **dict.fromkeys(["februari", "pebruari", "february", "feb", "peb"], 2),
    **dict.fromkeys(["maret", "march", "mar"], 3),
    **dict.fromkeys(["april", "apr"], 4),
    **dict.fromkeys(["mei", "may"], 5),
    **dict.fromkeys(["juni", "june", "jun"], 6),
    **dict.fromkeys(["juli", "july", "jul"], 7),
    **dict.fromkeys(["agustus", "august", "agu", "agt", "ags", "aug"], 8),
    **dict.fromkeys(["september", "sep", "sept"], 9),
    **dict.fromkeys(["oktober", "october", "okt", "oct"], 10),
    **dict.fromkeys(["november", "nopember", "nov", "nop"], 11),
    **dict.fromkeys(["desember", "december", "des", "dec"], 12),
}
EXCEL_EPOCH = datetime.date(1899, 12, 30)  # Excel's day 0, after its 1900 leap-year bug
EMPTY = {"", "-", "–", "—", "n/a", "na", "tidak ada", "none"}


def text(value) -> str:
    """A cell as text, with a lone dash or "tidak ada" read as empty."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    found = " ".join(str(value).split())
    return "" if found.casefold() in EMPTY else found


def date(value) -> datetime.date | None:
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _serial(value)
    found = text(value)
    if not found:
        return None
    if re.fullmatch(r"\d{5}(\.\d+)?", found):
        return _serial(float(found))
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?", found):
        return _make(int(m[1]), int(m[2]), int(m[3]), found)
    if m := re.fullmatch(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})", found):
        # Indonesia writes the day first: 01/09/2024 is the first of September.
        year = int(m[3]) + (2000 if len(m[3]) == 2 else 0)
        return _make(year, int(m[2]), int(m[1]), found)
    if m := re.fullmatch(r"(?:[A-Za-z]+,?\s+)?(\d{1,2})[\s\-]+([A-Za-z]+)\.?[\s\-,]+(\d{4})", found):
        month = MONTH_WORDS.get(m[2].casefold())
        if month:
            return _make(int(m[3]), month, int(m[1]), found)
    raise ValueError(_("“%(value)s” is not a date. Write it as 12 Maret 2024 or 12/03/2024.") % {"value": found})


def _serial(number: float) -> datetime.date:
    if not 1 <= number < 2958466:
        raise ValueError(_("“%(value)s” is not a date.") % {"value": number})
    return EXCEL_EPOCH + datetime.timedelta(days=int(number))


def _make(year: int, month: int, day: int, shown: str) -> datetime.date:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise ValueError(_("“%(value)s” is not a date that exists.") % {"value": shown}) from None


def number(value) -> Decimal | None:
    if value is None or (isinstance(value, str) and not text(value)):
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return Decimal(str(value))
    found = text(value).replace(" ", "")
    # 1.250,5 (Indonesian) and 1,250.5 (English) both read as 1250.5; a lone comma is the decimal mark.
    if "," in found and "." in found:
        found = (
            found.replace(".", "").replace(",", ".") if found.rfind(",") > found.rfind(".") else found.replace(",", "")
        )
    elif "," in found:
        found = found.replace(",", ".")
    try:
        return Decimal(found)
    except InvalidOperation:
        raise ValueError(_("“%(value)s” is not a number.") % {"value": text(value)}) from None


def whole_number(value) -> int | None:
    found = number(value)
    if found is None:
        return None
    if found != found.to_integral() or found < 0:
        raise ValueError(_("“%(value)s” is not a whole number of people.") % {"value": text(value)})
    return int(found)


# Everyday words for each kind of partner; the first that appears in the cell (or the name) wins.
KIND_WORDS = [
    (Partner.Kind.HEALTH, ["puskesmas", "kesehatan", "klinik", "rumah sakit", "rsud", "health"]),
    (Partner.Kind.POLICE, ["kepolisian", "polisi", "polsek", "polres", "polda", "police", "bhabinkamtibmas"]),
    (Partner.Kind.PESANTREN, ["pesantren", "pondok", "ponpes", "boarding"]),
    (
        Partner.Kind.UNIVERSITY,
        ["perguruan tinggi", "universitas", "university", "institut", "politeknik", "kampus", "stai", "iain", "uin"],
    ),
    (Partner.Kind.COMMITTEE, ["komite", "committee"]),
    (Partner.Kind.PARENTS, ["orang tua", "wali murid", "paguyuban", "parents", "masyarakat"]),
    (Partner.Kind.MOSQUE, ["masjid", "mushola", "musholla", "ormas", "muhammadiyah", "nahdlatul", "mosque"]),
    (Partner.Kind.NGO, ["lsm", "ngo", "organisasi", "komunitas", "yayasan", "lembaga swadaya"]),
    (
        Partner.Kind.GOVERNMENT,
        ["pemerintah", "dinas", "kemenag", "kementerian", "instansi", "kecamatan", "kelurahan", "desa", "government"],
    ),
    (
        Partner.Kind.BUSINESS,
        ["swasta", "usaha", "perusahaan", "bisnis", "industri", "cv ", "pt ", "toko", "bank", "business", "company"],
    ),
    (Partner.Kind.SCHOOL, ["sekolah", "madrasah", "smp", "sma", "smk", "mts", "man ", "mi ", "sd ", "school"]),
]


def partner_kind(value, name: str = "") -> str:
    """The kind a cell names, by its label, its code or an everyday word; failing that, the word in
    the partner's name ("Puskesmas Karanganyar"). ValueError when neither says."""
    found = text(value).casefold()
    by_label = {str(label).casefold(): key for key, label in Partner.Kind.choices}
    if found in by_label or found in Partner.Kind.values:
        return by_label.get(found, found)
    for candidate in (found, f" {text(name).casefold()} "):
        padded = f" {candidate} "
        for kind, words in KIND_WORDS:
            if any(word in padded for word in words):
                return kind
    if found:
        raise ValueError(
            _("“%(value)s” is not a kind of partner Mitra knows; choose one in the list.") % {"value": text(value)}
        )
    return Partner.Kind.OTHER


def area(value) -> str:
    found = text(value).casefold()
    if not found:
        return ""
    for key, label in Area.choices:
        if found in (key, str(label).casefold()):
            return key
    words = {
        Area.HEALTH: ["kesehatan", "gizi", "uks", "health"],
        Area.SAFETY: ["keamanan", "narkoba", "lalu lintas", "safety", "hukum"],
        Area.RELIGIOUS: ["agama", "religius", "karakter", "tahfidz", "keagamaan", "religious"],
        Area.ACADEMIC: ["akademik", "pembelajaran", "academic"],
        Area.STAFF: ["guru", "pelatihan", "kompetensi", "teacher", "training"],
        Area.FUNDING: ["dana", "pendanaan", "funding", "beasiswa"],
        Area.FACILITIES: ["sarana", "prasarana", "fasilitas", "facilities"],
        Area.INTAKE: ["penerimaan", "ppdb", "intake"],
        Area.LITERACY: ["literasi", "buku", "perpustakaan", "literacy"],
        Area.SKILLS: ["keterampilan", "skills", "kewirausahaan"],
    }
    for key, options in words.items():
        if any(word in found for word in options):
            return key
    raise ValueError(_("“%(value)s” is not an area Mitra knows.") % {"value": text(value)})
