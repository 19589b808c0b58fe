import pytest
from django.utils import translation

from tests.conftest import draft_letter  # noqa: F401 (used by the tests here)


@pytest.fixture(autouse=True)
def in_english():
    """Services speak the language of the request; these tests read their messages in English."""
    with translation.override("en"):
        yield
