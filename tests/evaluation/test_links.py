"""Answering by link: no account, the link is the key; reuse, expiry, closed rounds, another
school's round and tampered tokens are refused, and nothing is saved for them."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from mitra.evaluation import instruments, responses
from mitra.evaluation.models import Instrument, Link, Response
from mitra.evaluation.responses import field_name
from tests.conftest import parent_answers

pytestmark = pytest.mark.django_db


def _url(link):
    return reverse("answer_by_link", args=[link.token])


def _post(client, link, **extra):
    data = {**parent_answers(link.round.version), "submission": extra.pop("submission", "s1"), **extra}
    return client.post(_url(link), data)


def _count(world):
    return Response.objects.for_school(world.a).count()


def test_a_parent_answers_by_link_without_an_account(client, evaluation_world):
    world = evaluation_world
    page = client.get(_url(world.link))
    assert page.status_code == 200
    assert world.round.title in page.content.decode()
    before = _count(world)
    response = _post(client, world.link, name="Ibu Sari")
    assert response.status_code == 200 and "Thank you" in response.content.decode()
    assert _count(world) == before + 1
    saved = Response.objects.for_school(world.a).latest("id")
    assert (saved.group, saved.name, saved.link, saved.round) == ("parents", "Ibu Sari", world.link, world.round)


def test_the_same_form_sent_twice_is_kept_once(client, evaluation_world):
    world = evaluation_world
    before = _count(world)
    assert _post(client, world.link, submission="same").status_code == 200
    assert _post(client, world.link, submission="same").status_code == 200
    assert _count(world) == before + 1


def test_a_personal_link_answers_once(client, evaluation_world):
    world = evaluation_world
    link = world.personal_link
    assert _post(client, link, submission="first").status_code == 200
    before = _count(world)
    again = _post(client, link, submission="second")
    assert again.status_code == 410
    assert "already been used" in again.content.decode()
    assert client.get(_url(link)).status_code == 410
    assert _count(world) == before


def test_an_expired_link_is_refused(client, evaluation_world):
    world = evaluation_world
    Link.objects.for_school(world.a).filter(pk=world.link.pk).update(expires_at=timezone.now() - datetime.timedelta(1))
    before = _count(world)
    response = _post(client, world.link)
    assert response.status_code == 410 and "expired" in response.content.decode()
    assert _count(world) == before


def test_a_closed_or_revoked_link_is_refused(client, evaluation_world):
    world = evaluation_world
    responses.round_close(round_=world.round, user=None)
    assert client.get(_url(world.link)).status_code == 410
    responses.round_reopen(round_=world.round, user=None, closes_on=datetime.date.today() + datetime.timedelta(3))
    assert client.get(_url(world.link)).status_code == 200
    responses.link_revoke(link=world.link, user=None)
    before = _count(world)
    assert _post(client, world.link).status_code == 410
    assert _count(world) == before


def test_a_round_not_open_yet_is_refused(client, evaluation_world):
    world = evaluation_world
    world.round.opens_on = datetime.date.today() + datetime.timedelta(days=2)
    world.round.save()
    assert client.get(_url(world.link)).status_code == 403


@pytest.mark.parametrize(
    "token",
    ["", "x", "a" * 64, "a" * 200, "..%2F..%2Fetc%2Fpasswd", "%00", "'%20OR%201=1%20--"],
)
def test_unknown_and_malformed_tokens_are_refused(client, evaluation_world, token):
    world = evaluation_world
    before = _count(world)
    url = f"/e/{token}/"
    response = client.post(url, parent_answers(world.round.version))
    assert response.status_code == 404
    assert _count(world) == before


def test_a_tampered_token_is_refused(client, evaluation_world):
    world = evaluation_world
    token = world.link.token
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")
    before = _count(world)
    assert (
        client.post(reverse("answer_by_link", args=[tampered]), parent_answers(world.round.version)).status_code == 404
    )
    assert _count(world) == before


def test_another_schools_link_answers_only_its_own_round(client, evaluation_world):
    """A link of school C's round, sent with answers for school A's round, keeps nothing at A."""
    world = evaluation_world
    instruments.ensure_defaults(world.c)
    c_instrument = Instrument.objects.for_school(world.c).get(purpose="activity")
    today = datetime.date.today()
    c_round = responses.round_open(
        school=world.c,
        user=None,
        instrument=c_instrument,
        data={"title": "C", "opens_on": today, "closes_on": today, "audiences": ["parents"]},
    )
    c_link = Link.objects.for_school(world.c).get(round=c_round)
    a_before = _count(world)
    # A's questions, and A's round id smuggled in: the form of C's link knows neither.
    data = {**parent_answers(world.round.version), "round": world.round.pk, "school": world.a.pk, "submission": "z"}
    response = client.post(_url(c_link), data)
    assert response.status_code == 400  # C's required questions were not answered
    assert _count(world) == a_before
    assert Response.objects.for_school(world.c).count() == 0
    # And C's own answers land in C's round, never in A's.
    assert _post(client, c_link, submission="c1").status_code == 200
    assert Response.objects.for_school(world.c).get().round == c_round
    assert _count(world) == a_before


def test_the_api_refuses_another_schools_round(client, evaluation_world):
    world = evaluation_world
    client.force_login(world.users["outsider"])
    url = reverse("api:response_list", kwargs={"school_id": world.a.pk, "round_id": world.round.pk})
    assert client.get(url).status_code == 404


def test_an_anonymous_round_asks_no_name_and_keeps_none(client, evaluation_world):
    world = evaluation_world
    world.round.anonymous = True
    world.round.save()
    page = client.get(_url(world.link)).content.decode()
    assert 'name="name"' not in page
    _post(client, world.link, name="Ibu Sari", submission="anon")
    assert Response.objects.for_school(world.a).latest("id").name == ""


def test_the_page_keeps_answers_on_the_phone_until_they_are_sent(client, evaluation_world):
    world = evaluation_world
    page = client.get(_url(world.link)).content.decode()
    assert "mitra/answers.js" in page and "data-keep" in page
    thanks = _post(client, world.link, submission="t").content.decode()
    assert "data-sent" in thanks
    # The page is small: no htmx, no application script beyond the answer keeper.
    assert "htmx" not in page
    assert field_name(world.item.key) in page


def test_the_answer_page_is_light_for_a_weak_connection(client, evaluation_world):
    """HTML, stylesheet and the answer keeper together, compressed: under 30 KB (htmx is not loaded)."""
    from tests.test_page_weight import first_load_bytes

    world = evaluation_world
    total, assets = first_load_bytes(client.get(_url(world.link)).content.decode(), client)
    assert not any("htmx" in a for a in assets)
    assert total <= 30 * 1024, f"{total / 1024:.1f} KB"


# --- Issue 21: a shared link is not a ballot box for one person ----------------------------------


@pytest.fixture
def small_answer_limits(settings):
    settings.LINK_ANSWERS_PER_DEVICE = 3
    settings.LINK_ANSWERS_PER_ADDRESS = 8


def test_one_device_cannot_fill_a_shared_link_and_is_told_why_in_indonesian(evaluation_world, settings):
    settings.LINK_ANSWERS_PER_DEVICE = 5
    from django.test import Client

    world = evaluation_world
    client = Client()  # no language chosen: Bahasa Indonesia
    before = _count(world)
    statuses = [_post(client, world.link, submission=f"flood{i}").status_code for i in range(60)]
    limit = settings.LINK_ANSWERS_PER_DEVICE
    assert statuses[:limit] == [200] * limit
    assert set(statuses[limit:]) == {429}
    assert _count(world) == before + limit
    stopped = _post(client, world.link, submission="one-more")
    assert "Perangkat ini sudah mengirim" in stopped.content.decode()
    # A resend of an answer already kept is still thanked, not refused.
    assert _post(client, world.link, submission="flood0").status_code == 200


def test_other_devices_behind_the_same_address_still_answer(evaluation_world, small_answer_limits):
    from django.test import Client

    world = evaluation_world
    lab = "192.0.2.50"
    first = Client(REMOTE_ADDR=lab)
    for i in range(4):
        _post(first, world.link, submission=f"a{i}")
    assert _post(first, world.link, submission="a9").status_code == 429
    before = _count(world)
    assert _post(Client(REMOTE_ADDR=lab), world.link, submission="b0").status_code == 200
    assert _count(world) == before + 1


def test_a_script_that_drops_its_cookie_is_stopped_by_the_address(evaluation_world, small_answer_limits):
    from django.test import Client

    world = evaluation_world
    before = _count(world)
    statuses = [_post(Client(REMOTE_ADDR="203.0.113.9"), world.link, submission=f"s{i}").status_code for i in range(20)]
    assert statuses.count(200) == 8 and set(statuses[8:]) == {429}
    assert _count(world) == before + 8
    assert _post(Client(REMOTE_ADDR="198.51.100.1"), world.link, submission="home").status_code == 200


def test_the_school_caps_a_shared_link_from_its_page(evaluation_world):
    from django.test import Client

    world = evaluation_world
    manager = Client()
    manager.force_login(world.users["coordinator"])
    round_page = reverse("evaluation:round", kwargs={"school_id": world.a.pk, "round_id": world.round.pk})
    limit_url = reverse(
        "evaluation:link_limit", kwargs={"school_id": world.a.pk, "round_id": world.round.pk, "link_id": world.link.pk}
    )
    assert limit_url in manager.get(round_page).content.decode()
    already = world.link.responses.count()
    assert manager.post(limit_url, {"max_answers": already + 2}).status_code == 302
    world.link.refresh_from_db()
    assert world.link.max_answers == already + 2
    assert _post(Client(), world.link, submission="c1").status_code == 200
    assert _post(Client(), world.link, submission="c2").status_code == 200
    full = _post(Client(), world.link, submission="c3")
    assert full.status_code == 410 and "sudah menerima semua jawaban" in full.content.decode()
    assert world.link.responses.count() == already + 2
    # Lifting the cap opens it again; a cap below the answers already kept is refused, nothing changed.
    assert manager.post(limit_url, {"max_answers": ""}).status_code == 302
    assert _post(Client(), world.link, submission="c3").status_code == 200
    manager.post(limit_url, {"max_answers": 1})
    world.link.refresh_from_db()
    assert world.link.max_answers is None
    # A team member who may only read the round cannot change it.
    reader = Client()
    reader.force_login(world.users["team_member"])
    assert reader.post(limit_url, {"max_answers": 1}).status_code == 403


def test_a_burst_of_answers_is_flagged_on_the_results_page(evaluation_world, settings):
    from django.test import Client

    world = evaluation_world
    settings.LINK_ANSWERS_PER_ADDRESS = 1000
    settings.LINK_BURST_ANSWERS, settings.LINK_BURST_SECONDS = 8, 60
    manager = Client()
    manager.force_login(world.users["coordinator"])
    round_page = reverse("evaluation:round", kwargs={"school_id": world.a.pk, "round_id": world.round.pk})
    assert "Many answers in a short time" not in manager.get(round_page).content.decode()
    for i in range(settings.LINK_BURST_ANSWERS):
        assert _post(Client(), world.link, submission=f"burst{i}").status_code == 200
    page = manager.get(round_page).content.decode()
    assert "Many answers in a short time" in page and "Parents" in page
