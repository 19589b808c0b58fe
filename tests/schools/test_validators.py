import pytest
from django.core.exceptions import ValidationError

from mitra.schools.validators import validate_academic_year_name, validate_npsn, validate_nsm


@pytest.mark.parametrize("value", ["20328415", "69756048", "P9999999"])
def test_it_accepts_npsn(value):
    validate_npsn(value)


@pytest.mark.parametrize("value", ["", "1234567", "123456789", "1234 567", "12-45678"])
def test_it_rejects_npsn(value):
    with pytest.raises(ValidationError):
        validate_npsn(value)


@pytest.mark.parametrize("value", ["121233260001", "131235080032", "101133260009"])
def test_it_accepts_nsm(value):
    validate_nsm(value)


@pytest.mark.parametrize("value", ["12123326000", "999233260001", "121333260001", "12123326000x"])
def test_it_rejects_nsm(value):
    with pytest.raises(ValidationError):
        validate_nsm(value)


def test_it_checks_the_school_year_is_two_consecutive_years():
    validate_academic_year_name("2024/2025")
    for bad in ("2024/2026", "2024-2025", "24/25"):
        with pytest.raises(ValidationError):
            validate_academic_year_name(bad)
