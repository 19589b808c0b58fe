import datetime

import pytest
from django.core.exceptions import ValidationError

from mitra.letters.numbering import GENERIC_PATTERN, KEMENAG_PATTERN, check_pattern, format_number, take_next
from mitra.schools.models import Foundation, School
from tests.conftest import all_at_once

D = datetime.date


def test_the_generic_school_pattern():
    number = format_number(GENERIC_PATTERN, seq=45, type_code="SPm", school_code="SMP.NU", day=D(2024, 7, 3))
    assert number == "045/SPm/SMP.NU/VII/2024"


def test_the_kemenag_madrasah_pattern():
    number = format_number(KEMENAG_PATTERN, seq=123, type_code="PP.00.6", school_code="Mts.11.26", day=D(2026, 6, 2))
    assert number == "B-123/Mts.11.26/PP.00.6/06/2026"


def test_a_hijri_year_can_be_part_of_the_number():
    assert format_number("{seq}/{hijri_year}", seq=7, type_code="", school_code="", day=D(2023, 4, 21)) == "7/1444"


@pytest.mark.parametrize(
    "pattern", ["{seq}/{sekolah}/{year}", "{type}/{year}", "{seq:abc}/{year}", "{seq/{year}", "{year:04}/{seq}"]
)
def test_a_bad_pattern_is_refused_before_any_number_is_given(pattern):
    with pytest.raises(ValidationError):
        check_pattern(pattern)


def test_the_sequence_restarts_each_year(world):
    assert [take_next(school=world.a, year=2025) for _ in range(3)] == [1, 2, 3]
    assert take_next(school=world.a, year=2026) == 1
    assert take_next(school=world.b, year=2025) == 1  # each school counts on its own


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_requests_get_twenty_distinct_consecutive_numbers():
    school = School.objects.create(foundation=Foundation.objects.create(name="Y"), name="S", level="smp")
    numbers, errors = all_at_once([lambda: take_next(school=school, year=2026)] * 20)
    assert not errors, errors
    assert sorted(numbers) == list(range(1, 21))
