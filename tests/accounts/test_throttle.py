"""Rate limits on the doors without an account: failed logins, unknown API tokens and unknown public
links are counted per client address and minute, in the database, so every server counts the same."""

import time

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


@pytest.fixture(autouse=True)
def one_minute(monkeypatch):
    """Every request of a test falls in one window: windows follow the clock's minutes, and a loaded
    machine's few logins (each hashing a password) once straddled one, so the fourth was let through."""
    from mitra.accounts import throttle

    start = time.time() // WINDOW_SECONDS * WINDOW_SECONDS + 1
    monkeypatch.setattr(throttle, "clock", lambda: start)


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


# --- Issue 21: the throttles stop the attacker, not the staff room --------------------------------


def _bad_tokens(client: Client, url: str, n: int) -> None:
    for _ in range(n):
        client.get(url, headers={"authorization": "Bearer mitra_wrong"})


def test_it_lets_a_valid_api_token_through_from_an_address_that_guessed_too_much(world):
    from mitra.accounts.models import ApiToken

    staff_room = _from("192.0.2.10")
    url = reverse("api:partner_list", kwargs={"school_id": world.a.pk})
    _bad_tokens(staff_room, url, 5)
    assert staff_room.get(url, headers={"authorization": "Bearer mitra_wrong"}).status_code == 429
    _token, raw = ApiToken.issue(user=world.users["principal"], name="spreadsheet")
    assert _from("192.0.2.10").get(url, headers={"authorization": f"Bearer {raw}"}).status_code == 200


def test_it_lets_real_links_through_from_an_address_that_guessed_too_much(evaluation_world):
    from mitra.activities import calendar

    world = evaluation_world
    staff_room = _from("192.0.2.10")
    for guess in ("aaaaaaaaaaaaaaaaaaaa", "bbbb", "cccc", "dddd"):
        staff_room.get(reverse("answer_by_link", args=[guess]))
    assert staff_room.get(reverse("answer_by_link", args=["eeee"])).status_code == 429
    assert staff_room.get(reverse("answer_by_link", args=[world.link.token])).status_code == 200
    feed = calendar.feed_for(school=world.a, user=world.users["coordinator"])
    assert staff_room.get(reverse("calendar_feed", args=[feed.token])).status_code == 200


def test_a_locked_account_is_locked_only_where_the_guessing_came_from(world, settings):
    guesser, staff_room = _from("203.0.113.7"), "192.0.2.10"
    settings.LOGIN_FAILURES_PER_MINUTE = 100  # the per-address minute limit is tested apart
    for _ in range(settings.AXES_FAILURE_LIMIT):
        guesser.post(LOGIN, {"username": "principal", "password": "wrong"})
    assert guesser.post(LOGIN, {"username": "principal", "password": PASSWORD}).status_code == 429
    # The principal, in the staff room, is not locked out by a stranger's guesses.
    assert _from(staff_room).post(LOGIN, {"username": "principal", "password": PASSWORD}).status_code == 302
    # Ten typos of one teacher in the staff room do not lock the others out.
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _from(staff_room).post(LOGIN, {"username": "team_member", "password": "wrong"})
    assert _from(staff_room).post(LOGIN, {"username": "team_member", "password": PASSWORD}).status_code == 429
    assert _from(staff_room).post(LOGIN, {"username": "coordinator", "password": PASSWORD}).status_code == 302


def test_a_teacher_who_logged_in_here_before_passes_while_the_address_is_stopped(world):
    teacher = _from("192.0.2.10")
    assert teacher.post(LOGIN, {"username": "coordinator", "password": PASSWORD}).status_code == 302
    teacher.post(reverse("accounts:logout"))
    guesser = _from("192.0.2.10")
    for name in ("a", "b", "c"):
        guesser.post(LOGIN, {"username": name, "password": "wrong"})
    assert guesser.post(LOGIN, {"username": "principal", "password": PASSWORD}).status_code == 429
    assert teacher.post(LOGIN, {"username": "coordinator", "password": PASSWORD}).status_code == 302


def _reset_link(message) -> str:
    import re

    return re.search(r"https?://[^/\s]+(/accounts/password/reset/\S+/)", message.body).group(1)


def test_a_completed_password_reset_lifts_the_lockout(world, settings):
    from django.core import mail

    client = _from("192.0.2.10")
    settings.LOGIN_FAILURES_PER_MINUTE = 100
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(LOGIN, {"username": "principal", "password": "wrong"})
    assert client.post(LOGIN, {"username": "principal", "password": PASSWORD}).status_code == 429
    client.post(reverse("accounts:password_reset"), {"email": "principal@example.org"})
    form_url = client.get(_reset_link(mail.outbox[-1]), follow=True).redirect_chain[-1][0]
    new = "a-new-pass-phrase-2026"
    done = client.post(form_url, {"new_password1": new, "new_password2": new})
    assert done.status_code == 302
    assert client.post(LOGIN, {"username": "principal", "password": new}).status_code == 302


def test_reset_requests_are_limited_per_account_and_per_address_without_telling_which(world, settings):
    from django.core import mail

    settings.RESET_REQUESTS_PER_ACCOUNT = 3
    settings.RESET_REQUESTS_PER_ADDRESS = 5
    url, done = reverse("accounts:password_reset"), reverse("accounts:password_reset_done")
    answers = set()
    for i in range(25):
        response = _from(f"198.51.100.{i}").post(url, {"email": "principal@example.org"})
        answers.add((response.status_code, response["Location"]))
    assert len(mail.outbox) == 9  # three times the per-address limit of one account, from all addresses together
    mail.outbox.clear()
    # One address asking for many accounts (or for none) is stopped too, with the same answer.
    office = _from("192.0.2.10")
    for name in ("coordinator", "team_member", "nobody", "treasurer", "committee", "outsider", "viewer"):
        response = office.post(url, {"email": f"{name}@example.org"})
        answers.add((response.status_code, response["Location"]))
    assert answers == {(302, done)}
    assert len(mail.outbox) <= 5
    assert office.get(done).status_code == 200


def test_a_stranger_asking_for_someones_reset_does_not_stop_their_own_request(world, settings):
    """Found in review: three requests an hour from anywhere used to silence a person's reset e-mails."""
    from django.core import mail

    settings.RESET_REQUESTS_PER_ACCOUNT = 3
    url = reverse("accounts:password_reset")
    stranger = _from("203.0.113.66")
    for _ in range(5):
        stranger.post(url, {"email": "principal@example.org"})
    assert len(mail.outbox) == 3
    _from("192.0.2.10").post(url, {"email": "principal@example.org"})
    assert len(mail.outbox) == 4 and mail.outbox[-1].to == ["principal@example.org"]


def test_guessing_reset_links_is_stopped_but_a_real_one_works_from_the_same_address(world):
    from django.core import mail

    office = _from("192.0.2.10")
    for guess in ("MQ/aaaa-bbbb", "Mg/cccc-dddd", "Mw/eeee-ffff"):
        uid, token = guess.split("/")
        assert "validlink" in office.get(reverse("accounts:password_reset_confirm", args=[uid, token])).context
    stopped = office.get(reverse("accounts:password_reset_confirm", args=["NA", "gggg-hhhh"]))
    assert stopped.status_code == 429
    office.post(reverse("accounts:password_reset"), {"email": "principal@example.org"})
    assert office.get(_reset_link(mail.outbox[-1]), follow=True).context["validlink"] is True
