"""Rupiah in figures, written the one way everywhere: "Rp1.250.000" (no space, whole rupiah; in
English "Rp1,250,000"). Amounts are whole rupiah (the models keep no sen); anything else is rounded
half up, once, here. In words, as a document states an amount a second time, see
documents/money.py."""

from decimal import ROUND_HALF_UP, Decimal


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
