"""Shares as the reports and dashboards show them."""


def share(part: int, whole: int) -> int | None:
    """The whole-number percentage, or None when there is nothing to take a share of."""
    return round(100 * part / whole) if whole else None


def percent(part: int, whole: int) -> str:
    """The same share as text: "67%", or "–"."""
    found = share(part, whole)
    return "–" if found is None else f"{found}%"
