"""Reading the values people type into spreadsheets in Indonesian schools: dates written in words
("12 Maret 2024", "17 Agustus 2024"), day-first ("01/09/2024"), ISO, or stored by Excel as a date
or a serial number (45300); a value of a list — a partner's kind, where the partner is, an area, a
status — by its code, its label in either language or an everyday word ("Puskesmas", "Polsek",
"LSM"), and never as a choice the cell does not name. Each reader returns the value or raises
ValueError with a message for the person.

Two things a cell may hold that are not its value: an error Excel shows instead of a result ("#N/A",
`excel_error`), and the apostrophe Mitra's own CSV export writes before a text that begins with
= + - @ (or a tab or carriage return) so that a spreadsheet does not run it as a formula
(reports/tables.FORMULA_START). `unguard` takes that apostrophe away, and only that one: "'+6281…" is read as
"+6281…", "'08…" or "'tis" stay as they are."""

import datetime
import difflib
import re
import unicodedata
from dataclasses import dataclass
from dataclasses import field as dc_field
from decimal import Decimal, InvalidOperation
from functools import cached_property

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils import translation
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mitra.activities.models import Activity
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


EXCEL_ERRORS = {
    "#N/A",
    "#NAME?",
    "#REF!",
    "#VALUE!",
    "#DIV/0!",
    "#NUM!",
    "#NULL!",
    "#SPILL!",
    "#CALC!",
    "#FIELD!",
    "#BLOCKED!",
    "#CONNECT!",
    "#BUSY!",
    "#UNKNOWN!",
    "#GETTING_DATA",
}
GUARDED = ("=", "+", "-", "@", "\t", "\r")  # reports/tables.FORMULA_START: what Mitra's CSV export puts a ' before


def excel_error(value) -> str | None:
    """The error a cell shows instead of a value ("#N/A"), or None."""
    if isinstance(value, str) and value.strip().upper() in EXCEL_ERRORS:
        return value.strip().upper()
    return None


def unguard(value):
    """A text without the apostrophe Mitra's CSV export writes before = + - @ (see the top of the file)."""
    if isinstance(value, str) and len(value) > 1 and value[0] == "'" and value[1] in GUARDED:
        return value[1:]
    return value


YES = {"1", "ya", "y", "yes", "true", "benar", "iya"}
NO = {"0", "tidak", "bukan", "t", "n", "no", "false", "salah"}


def yes_no(value) -> bool | None:
    """A yes/no cell: True, False, or None when empty; ValueError for anything else."""
    if isinstance(value, bool):
        return value
    if value is None or value == "":
        return None
    found = str(value).strip().casefold()
    if found in YES:
        return True
    if found in NO:
        return False
    if not text(value):
        return None
    raise ValueError(_("“%(value)s” is neither yes nor no (write Ya or Tidak).") % {"value": text(value)})


def text(value) -> str:
    """A cell as text, with a lone dash or "tidak ada" read as empty."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    found = " ".join(str(value).split())
    return "" if found.casefold() in EMPTY else found


def paragraphs(value) -> str:
    """A cell of several lines (an address, notes) as text: each line's spacing tidied, the lines kept."""
    if value is None:
        return ""
    found = "\n".join(" ".join(part.split()) for part in str(value).splitlines()).strip()
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


# --- Choices: a value of a list (a partner's kind, an area, a status) ----------------------------


def fold(value) -> str:
    """A value as the choice readers compare it: case, accents, punctuation and spacing do not count
    ("Pôndok  PESANTREN", "pondok-pesantren" and "pondok_pesantren" are one). Letters of any script
    are kept, so a value in another script is never folded away to nothing."""
    decomposed = unicodedata.normalize("NFKD", str(value).casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join("".join(c if c.isalnum() else " " for c in plain).split())


OTHER = "other"  # the code of a list's "Other" choice, where it has one


def _likeness(folded: str, name: str) -> tuple[float, float]:
    """(how like the name the value or one of its words is, how like the name the whole value is)."""
    whole = difflib.SequenceMatcher(None, folded, name).ratio()
    words = [
        difflib.SequenceMatcher(None, a, b).ratio()
        for a in folded.split()
        for b in name.split()
        if a == b or min(len(a), len(b)) >= 3
    ]
    return max([whole, *words]), whole


class UnknownChoice(ValueError):
    """A cell that names none of a list's choices, with the closest ones for the person."""

    def __init__(self, reader: "Choices", value: str):
        self.value = value
        self.suggestions = reader.closest(value)
        names = get_text_list([f"“{label}”" for label in reader.labels(self.suggestions)], _("or"))
        super().__init__(
            _("%(field)s: “%(value)s” is not known. Did you mean %(choices)s?")
            % {"field": reader.field, "value": value, "choices": names}
        )


@dataclass(frozen=True)
class Choices:
    """Reads a cell as one of a list's choices, and only when the cell names that choice: its code,
    its label in any of Mitra's languages (or one side of a label written "a / b"), or one of the
    everyday words listed for it here — compared after `fold`. Anything else is an UnknownChoice
    offering the closest choices; nothing is read as a choice it does not name."""

    field: object  # the column's name in messages, e.g. "Kind"
    options: type[models.TextChoices]
    synonyms: dict = dc_field(default_factory=dict)  # choice -> everyday words for it

    @cached_property
    def names(self) -> dict[str, str]:
        """Every folded name -> its choice. Two choices sharing a name is a mistake in this file."""
        found: dict[str, str] = {}

        def add(name, key):
            folded = fold(name)
            if folded and found.setdefault(folded, key) != key:
                raise ImproperlyConfigured(f"{self.options.__name__}: “{name}” names {found[folded]} and {key}")

        for key, label in self.options.choices:
            add(key, key)
            for language, _name in settings.LANGUAGES:
                with translation.override(language):
                    shown = str(label)
                add(shown, key)
                for part in shown.split("/"):
                    add(part, key)
            for word in self.synonyms.get(key, ()):
                add(word, key)
        return found

    def read(self, value) -> str | None:
        """The choice the cell names, None for an empty cell; UnknownChoice otherwise."""
        shown = text(value)
        if not shown:
            return None
        key = self.names.get(fold(shown))
        if key is None:
            raise UnknownChoice(self, shown)
        return key

    def closest(self, value: str, n: int = 3) -> list[str]:
        """Up to n choices most like the value: by difflib's ratio of the whole value or of one of its
        words ("Dinas Kesehatan": Government office, Health centre). When none is close, the nearest
        with the list's Other choice, so that the person may keep the row as Other."""
        folded = fold(value)
        likeness: dict[str, tuple[float, float]] = {}
        for name, key in self.names.items():
            likeness[key] = max(likeness.get(key, (0.0, 0.0)), _likeness(folded, name))
        ranked = sorted(likeness, key=lambda key: (-likeness[key][0], -likeness[key][1]))
        best = {key: found[0] for key, found in likeness.items()}
        if len(ranked) <= n:
            return ranked  # a short list (local, national, abroad) is offered whole
        close = [key for key in ranked if best[key] >= 0.75][:n]
        if close:
            return close
        if OTHER in best:
            return [key for key in ranked if best[key] >= 0.6 and key != OTHER][: n - 1] + [OTHER]
        return ranked[:n]

    def labels(self, keys) -> list[str]:
        shown = dict(self.options.choices)
        return [str(shown[key]) for key in keys]


# The everyday words schools write for each kind of partner. Only words that name that kind and no
# other: "Organisasi" (Islamic or not?) or "Dalam negeri" (local or national?) are asked about.
K = Partner.Kind
KIND_SYNONYMS = {
    K.GOVERNMENT: [
        "pemerintah",
        "pemerintah daerah",
        "pemerintah pusat",
        "pemerintah desa",
        "pemda",
        "dinas",
        "instansi",
        "kemenag",
        "kementerian",
        "kecamatan",
        "kelurahan",
        "desa",
        "government",
    ],
    K.HEALTH: ["kesehatan", "faskes", "klinik", "rumah sakit", "rsud", "health", "health center"],
    K.POLICE: ["polisi", "polri", "polsek", "polres", "polresta", "polda", "bhabinkamtibmas"],
    K.PESANTREN: ["pesantren", "pondok", "ponpes", "boarding school"],
    K.UNIVERSITY: ["universitas", "kampus", "institut", "politeknik", "sekolah tinggi", "stai", "iain", "uin"],
    K.SCHOOL: ["sekolah", "madrasah", "sekolah lain", "madrasah lain", "sd", "mi", "smp", "mts", "sma", "smk", "ma"],
    # "Lembaga swasta" is seed 001's own word; DUDI is "dunia usaha dan dunia industri".
    K.BUSINESS: [
        "swasta",
        "lembaga swasta",
        "dunia usaha",
        "usaha",
        "dudi",
        "perusahaan",
        "bisnis",
        "industri",
        "umkm",
        "cv",
        "toko",
        "bank",
        "business",
        "company",
        "private",
    ],
    # "Organisasi sosial" is seed 001's word for these.
    K.NGO: ["lsm", "lembaga swadaya masyarakat", "organisasi sosial", "komunitas", "yayasan"],
    K.MOSQUE: [
        "masjid",
        "mushola",
        "musholla",
        "mushala",
        "musala",
        "ormas",
        "ormas islam",
        "organisasi islam",
        "muhammadiyah",
        "nu",
        "nahdlatul ulama",
        "mosque",
    ],
    K.COMMITTEE: ["komite", "komite madrasah", "committee"],
    K.PARENTS: ["wali murid", "orang tua siswa", "orang tua murid", "paguyuban", "paguyuban orang tua"],
    K.OTHER: ["lain lain"],
}
PARTNER_KINDS = Choices(gettext_lazy("Kind"), Partner.Kind, KIND_SYNONYMS)

L = Partner.Location
PARTNER_LOCATIONS = Choices(
    gettext_lazy("Location"),
    Partner.Location,
    {
        L.LOCAL: ["lokal", "setempat"],
        L.NATIONAL: ["nasional"],
        L.ABROAD: ["luar negeri", "internasional", "international", "mancanegara", "asing", "foreign", "overseas"],
    },
)

AREAS = Choices(
    gettext_lazy("Area"),
    Area,
    {
        Area.HEALTH: ["gizi", "uks"],
        Area.SAFETY: ["narkoba", "lalu lintas", "hukum"],
        Area.RELIGIOUS: ["agama", "keagamaan", "religius", "karakter", "tahfidz"],
        Area.ACADEMIC: ["pembelajaran"],
        Area.STAFF: ["guru", "pelatihan guru", "kompetensi guru", "teacher training"],
        Area.FUNDING: ["dana", "beasiswa"],
        Area.FACILITIES: ["sarana", "prasarana", "sarpras", "fasilitas"],
        Area.INTAKE: ["penerimaan", "ppdb", "spmb", "penerimaan siswa baru"],
        Area.LITERACY: ["buku", "perpustakaan"],
        Area.SKILLS: ["kewirausahaan"],
        Area.OTHER: ["lain lain"],
    },
)

P = Partner.Status
PARTNER_STATUSES = Choices(
    gettext_lazy("Status"),
    Partner.Status,
    {
        P.PROSPECT: ["calon", "prospek", "prospect"],
        P.ACTIVE: ["aktif", "active"],
        P.INACTIVE: ["tidak aktif", "nonaktif", "non aktif", "inactive"],
    },
)

S = Activity.Status
ACTIVITY_STATUSES = Choices(
    gettext_lazy("Status"),
    Activity.Status,
    {
        S.DONE: ["selesai", "terlaksana", "sudah", "ya"],
        S.PLANNED: ["rencana", "direncanakan", "belum", "akan"],
        S.POSTPONED: ["ditunda", "tunda"],
        S.CANCELLED: ["batal", "dibatalkan"],
    },
)


# Words in a partner's name that say its kind ("Puskesmas Karanganyar"), for a row that gives no
# kind; the first that appears wins, and the preview says the kind was guessed from the name.
NAME_WORDS = [
    (Partner.Kind.HEALTH, ["puskesmas", "klinik", "rumah sakit", "rsud"]),
    (Partner.Kind.POLICE, ["kepolisian", "polisi", "polsek", "polres", "polda", "bhabinkamtibmas"]),
    (Partner.Kind.PESANTREN, ["pesantren", "pondok", "ponpes"]),
    (
        Partner.Kind.UNIVERSITY,
        ["perguruan tinggi", "universitas", "university", "institut", "politeknik", "kampus", "stai", "iain", "uin"],
    ),
    (Partner.Kind.COMMITTEE, ["komite", "committee"]),
    (Partner.Kind.PARENTS, ["orang tua", "wali murid", "paguyuban"]),
    (Partner.Kind.MOSQUE, ["masjid", "mushola", "musholla", "muhammadiyah", "nahdlatul"]),
    (Partner.Kind.NGO, ["lsm", "komunitas", "yayasan", "lembaga swadaya"]),
    (
        Partner.Kind.GOVERNMENT,
        ["pemerintah", "dinas", "kemenag", "kementerian", "kecamatan", "kelurahan", "desa", "government"],
    ),
    (Partner.Kind.BUSINESS, ["perusahaan", "industri", "cv", "pt", "toko", "bank", "company"]),
    (Partner.Kind.SCHOOL, ["sekolah", "madrasah", "smp", "sma", "smk", "mts", "man", "mi", "sd", "school"]),
]


def kind_from_name(name: str) -> str:
    """The kind a partner's name says by a whole word in it ("Polsek Wiradesa"), else Other."""
    padded = f" {fold(name)} "
    for kind, words in NAME_WORDS:
        if any(f" {word} " in padded for word in words):
            return kind
    return Partner.Kind.OTHER
