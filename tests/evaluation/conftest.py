import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def in_english(world):
    """Services speak the language of the request; these tests read their messages in English, and
    their people read pages in English."""
    for person in world.users.values():
        person.language = "en"
        person.save(update_fields=["language"])
    with translation.override("en"):
        yield


@pytest.fixture
def client():
    """People answering by link have no account: the language switch's cookie says what they read."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client
