"""Rate limits on the doors without an account: failed logins, unknown API tokens and unknown public
links are counted per client address and minute, in the database, so every server counts the same."""

import pytest
from django.test import Client
from django.urls import reverse

from mitra.accounts.models import Throttle
from mitra.accounts.throttle import WINDOW_SECONDS
from tests.conftest import PASSWORD

LOGIN = reverse("accounts:login")


@pytest.fixture(autouse=True)
def small_limits(settings):
    settings.LOGIN_FAILURES_PER_MINUTE = 3
    settings.TOKEN_FAILURES_PER_MINUTE = 3
    settings.LINK_FAILURES_PER_MINUTE = 3


def _from(address: str, **headers) -> Client:
    return Client(REMOTE_ADDR=address, headers=headers)


def test_failed_logins_from_one_address_are_stopped_and_others_are_not(world):
    guesser = _from("203.0.113.7")
    for name in ("a", "b", "c"):  # three accounts, so the per-account lockout is not what stops it
        assert guesser.post(LOGIN, {"username": name, "password": "wrong"}).status_code == 200
    stopped = guesser.post(LOGIN, {"username": "principal", "password": PASSWORD})
    assert stopped.status_code == 429 and stopped["Retry-After"] == str(WINDOW_SECONDS)
    assert "Terlalu banyak percobaan dari alamat Anda" in stopped.content.decode()
    assert "_auth_user_id" not in guesser.session
    assert _from("198.51.100.2").post(LOGIN, {"username": "principal", "password": PASSWORD}).status_code == 302

    # The next minute starts afresh.
    Throttle.objects.update(window_start=Throttle.objects.get().window_start - WINDOW_SECONDS)
    assert guesser.post(LOGIN, {"username": "principal", "password": PASSWORD}).status_code == 302


def test_a_staff_room_behind_one_address_logs_in_as_often_as_it_likes(world):
    staff_room = "192.0.2.10"
    for _ in range(5):
        teacher = _from(staff_room)
        assert teacher.post(LOGIN, {"username": "coordinator", "password": PASSWORD}).status_code == 302
    assert not Throttle.objects.exists()


def test_behind_the_proxy_the_address_it_appended_is_counted(world, settings):
    settings.BEHIND_PROXY = True
    for forged in ("1.1.1.1", "2.2.2.2", "3.3.3.3"):  # the client's own header part changes each time
        client = _from("127.0.0.1", x_forwarded_for=f"{forged}, 203.0.113.9")
        client.post(LOGIN, {"username": "x", "password": "wrong"})
    assert Throttle.objects.get().key == "login:203.0.113.9"
    other = _from("127.0.0.1", x_forwarded_for="203.0.113.10")
    assert other.post(LOGIN, {"username": "principal", "password": PASSWORD}).status_code == 302


def test_guessing_public_links_is_stopped_but_a_real_link_keeps_working_elsewhere(world):
    guesser = _from("203.0.113.7")
    for guess in ("aaaa", "bbbb", "cccc"):
        assert guesser.get(reverse("answer_by_link", args=[guess])).status_code == 404
    assert guesser.get(reverse("calendar_feed", args=["dddd"])).status_code == 429
    assert guesser.get(reverse("answer_by_link", args=["eeee"])).status_code == 429


def test_guessing_api_tokens_is_stopped_with_a_429(world):
    guesser = _from("203.0.113.7", authorization="Bearer mitra_wrong")
    url = reverse("api:partner_list", kwargs={"school_id": world.a.pk})
    for _ in range(3):
        assert guesser.get(url).status_code == 401
    stopped = guesser.get(url)
    assert stopped.status_code == 429 and stopped["Retry-After"] == str(WINDOW_SECONDS)
