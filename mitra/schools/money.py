"""Rupiah, written the one way everywhere: in figures ("Rp1.250.000", no space, whole rupiah; in English
"Rp1,250,000") and in words, as a document states an amount a second time ("satu juta dua ratus lima
puluh ribu rupiah"; "one million two hundred fifty thousand rupiah").

Amounts are whole rupiah (the models keep no sen); anything else is rounded half up, once, here.
Written by hand: num2words says the same, but brings docopt (unmaintained since 2014) for its command
line, and the rules for two languages fit on one page."""

from decimal import ROUND_HALF_UP, Decimal

_ONES_ID = ["", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan"]
_SCALES_ID = ["", "ribu", "juta", "miliar", "triliun"]
_ONES_EN = [
    "",
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
_TENS_EN = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_SCALES_EN = ["", "thousand", "million", "billion", "trillion"]
LIMIT = 10**15  # up to 999 triliun: far beyond any school's budget


def whole(amount) -> int:
    """Whole rupiah, rounded half up (Rp0,5 is Rp1)."""
    return int(Decimal(str(amount or 0)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def rupiah(amount, language: str = "id") -> str:
    """ "Rp1.250.000" (Indonesian) or "Rp1,250,000" (English); a negative amount "-Rp5.000"."""
    value = whole(amount)
    figures = f"{abs(value):,}"
    if not (language or "id").startswith("en"):
        figures = figures.replace(",", ".")
    return f"{'-' if value < 0 else ''}Rp{figures}"


def _groups(value: int) -> list[int]:
    """1250000 → [0, 250, 1]: groups of three digits, the lowest first."""
    found = []
    while value:
        value, group = divmod(value, 1000)
        found.append(group)
    return found


def _hundreds_id(n: int) -> list[str]:
    hundreds, rest = divmod(n, 100)
    tens, ones = divmod(rest, 10)
    words = []
    if hundreds:
        words.append("seratus" if hundreds == 1 else f"{_ONES_ID[hundreds]} ratus")
    if tens == 1:
        words.append("sepuluh" if ones == 0 else "sebelas" if ones == 1 else f"{_ONES_ID[ones]} belas")
    else:
        if tens:
            words.append(f"{_ONES_ID[tens]} puluh")
        if ones:
            words.append(_ONES_ID[ones])
    return words


def _hundreds_en(n: int) -> list[str]:
    hundreds, rest = divmod(n, 100)
    words = [f"{_ONES_EN[hundreds]} hundred"] if hundreds else []
    if rest >= 20:
        tens, ones = divmod(rest, 10)
        words.append(f"{_TENS_EN[tens]}-{_ONES_EN[ones]}" if ones else _TENS_EN[tens])
    elif rest:
        words.append(_ONES_EN[rest])
    return words


def in_words(amount, language: str = "id") -> str:
    """The number in words, without the currency: "satu juta dua ratus lima puluh ribu"."""
    value = whole(amount)
    english = (language or "id").startswith("en")
    if value == 0:
        return "zero" if english else "nol"
    if abs(value) >= LIMIT:
        raise ValueError(f"{value} is beyond what Mitra writes in words")
    words = []
    for scale, group in reversed(list(enumerate(_groups(abs(value))))):
        if not group:
            continue
        if english:
            words += _hundreds_en(group) + ([_SCALES_EN[scale]] if scale else [])
        elif scale == 1 and group == 1:
            words.append("seribu")  # not "satu ribu"; but "satu juta", "satu miliar"
        else:
            words += _hundreds_id(group) + ([_SCALES_ID[scale]] if scale else [])
    if value < 0:
        words.insert(0, "minus")
    return " ".join(words)


def rupiah_in_words(amount, language: str = "id") -> str:
    """ "satu juta dua ratus lima puluh ribu rupiah"; "one million two hundred fifty thousand rupiah"."""
    return f"{in_words(amount, language)} rupiah"
