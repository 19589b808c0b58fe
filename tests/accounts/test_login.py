import time

from django.contrib.sessions.models import Session
from django.core import mail
from django.urls import reverse

from tests.conftest import PASSWORD

LOGIN = reverse("accounts:login")


def test_it_logs_in_by_username_or_email(client, world):
    assert client.post(LOGIN, {"username": "principal", "password": PASSWORD}).status_code == 302
    client.logout()
    response = client.post(LOGIN, {"username": "PRINCIPAL@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == world.users["principal"].pk


def test_a_wrong_password_says_so_in_indonesian(client, world):
    response = client.post(LOGIN, {"username": "principal", "password": "wrong"})
    assert response.status_code == 200
    assert "tidak cocok" in response.content.decode()


def test_it_locks_an_account_after_repeated_failures_even_for_the_right_password(client, world, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(LOGIN, {"username": "principal", "password": "wrong"})
    locked = client.post(LOGIN, {"username": "principal@example.org", "password": PASSWORD})
    assert locked.status_code == 429
    assert "Terlalu banyak percobaan" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    # Another account is not affected.
    assert client.post(LOGIN, {"username": "coordinator", "password": PASSWORD}).status_code == 302


def test_a_new_session_id_at_login(client, world):
    client.get(LOGIN)
    client.cookies["sessionid"] = "attacker-chosen"
    client.post(LOGIN, {"username": "principal", "password": PASSWORD})
    assert client.cookies["sessionid"].value != "attacker-chosen"


def test_an_idle_session_ends(client, world, settings):
    client.force_login(world.users["principal"])
    dashboard = reverse("reports:dashboard", kwargs={"school_id": world.a.pk})
    assert client.get(dashboard).status_code == 200
    session = client.session
    session["last_seen"] = int(time.time()) - settings.SESSION_IDLE_SECONDS - 5
    session.save()
    response = client.get(dashboard)
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)
    assert client.get(dashboard).status_code == 302


def test_the_language_switch_is_remembered_on_the_account(client, world):
    client.force_login(world.users["principal"])
    page = reverse("reports:dashboard", kwargs={"school_id": world.a.pk})
    assert "Mitra aktif" in client.get(page).content.decode() or "mitra aktif" in client.get(page).content.decode()
    client.post(reverse("accounts:language"), {"language": "en", "next": page})
    world.users["principal"].refresh_from_db()
    assert world.users["principal"].language == "en"
    body = client.get(page).content.decode()
    assert "active partners" in body and '<html lang="en">' in body


def test_the_language_switch_never_redirects_elsewhere(client):
    response = client.post(reverse("accounts:language"), {"language": "en", "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_bahasa_indonesia_is_the_default_whatever_the_browser_says(client):
    response = client.get(LOGIN, headers={"Accept-Language": "en-US,en;q=0.9"})
    assert "Masuk ke Mitra" in response.content.decode()


def test_password_reset_sends_a_link(client, world):
    client.post(reverse("accounts:password_reset"), {"email": "principal@example.org"})
    assert len(mail.outbox) == 1
    assert "/accounts/password/reset/" in mail.outbox[0].body
    assert mail.outbox[0].subject == "Pilih kata sandi Mitra Anda"


def test_logout_ends_the_session(client, world):
    client.force_login(world.users["principal"])
    key = client.session.session_key
    client.post(reverse("accounts:logout"))
    assert not Session.objects.filter(session_key=key).exists()


def test_logins_and_failures_are_logged_without_the_password(client, world, caplog):
    with caplog.at_level("INFO", logger="mitra.security"):
        client.post(LOGIN, {"username": "principal", "password": "wrong-secret"})
        client.post(LOGIN, {"username": "principal", "password": PASSWORD})
    messages = [r.getMessage() for r in caplog.records if r.name == "mitra.security"]
    assert any("login failed name='principal'" in m for m in messages)
    assert any(f"login user={world.users['principal'].pk}" in m for m in messages)
    assert not any("wrong-secret" in m or PASSWORD in m for m in messages)
