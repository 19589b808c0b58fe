"""An amount in words, as a document states it after the figures: "Rp1.250.000 (satu juta dua ratus
lima puluh ribu rupiah)". The words are the documents' own terbilang (documents/dates.py), the same
that writes a date in words. Rounded half up to whole rupiah, as the figures are (schools/money.py,
beside this app in the layers, so the one line is written in both)."""

from decimal import ROUND_HALF_UP, Decimal

from mitra.documents.dates import number_in_words


def rupiah_in_words(amount, language: str = "id") -> str:
    """ "satu juta dua ratus lima puluh ribu rupiah"; "one million two hundred and fifty thousand
    rupiah". Amounts in documents are whole rupiah from zero up."""
    whole = int(Decimal(str(amount or 0)).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return f"{number_in_words(whole, language)} rupiah"
