import pytest
from django.core.exceptions import ValidationError

from mitra.schools.phones import normalize_phone


@pytest.mark.parametrize(
    "raw,stored",
    [
        ("0812-3456-7890", "+6281234567890"),
        ("0812 3456 7890", "+6281234567890"),
        ("+62 812 3456 7890", "+6281234567890"),
        ("62 812-3456-7890", "+6281234567890"),
        ("(0285) 421234", "+62285421234"),
        ("", ""),
    ],
)
def test_it_stores_indonesian_numbers_as_plus_62(raw, stored):
    assert normalize_phone(raw) == stored


@pytest.mark.parametrize(
    "raw", ["12345", "0812", "+1 415 555 0100", "08123456789012345", "0812abc4567", "0+62812345678", "00812345678"]
)
def test_it_rejects_what_is_not_an_indonesian_number(raw):
    with pytest.raises(ValidationError):
        normalize_phone(raw)


@pytest.mark.parametrize(
    "stored,shown",
    [("+6281234567890", "+62 812-3456-7890"), ("+62285421234", "+62 285 421234"), ("", "")],
)
def test_numbers_are_grouped_for_reading(stored, shown):
    from mitra.schools.phones import display_phone

    assert display_phone(stored) == shown
