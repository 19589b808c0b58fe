"""Parts of pages kept until data of a kind they show changes ({% kept %}, mitra/schools/templatetags/kept.py):
read from the kept copy while nothing they show changed, computed again after a recorded write of a
kind they show, and never shared across schools, roles or languages (tests/schools/test_freshness.py
goes kind by kind)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mitra.activities import services as activities
from mitra.schools.models import Mark

KEPT_PAGES = [
    ("reports:dashboard", {}),
    ("evaluation:round", {"round_id": "round"}),
    ("evaluation:journal", {"partner_id": "partner"}),
    ("activities:calendar", {}),
    ("activities:home", {}),
    ("partners:list", {}),
    ("agreements:home", {}),
]
SHOW_NO_ACTIVITY = {"evaluation:round", "partners:list", "agreements:home"}
KEPT_WHEN_AN_ACTIVITY_IS_RECORDED = {"partners:list", "agreements:home"}  # they show no kind it marks


def _url(world, name, extra):
    kwargs = {"school_id": world.a.pk, **{key: getattr(world, attr).pk for key, attr in extra.items()}}
    return reverse(name, kwargs=kwargs)


def _read(client, url) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    main = re.search(r"<main.*</main>", response.content.decode(), re.S).group(0)
    return len(queries), re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", main)  # masked anew each time


@pytest.mark.parametrize("name,extra", KEPT_PAGES, ids=[n for n, _e in KEPT_PAGES])
def test_a_kept_page_is_read_back_until_a_write_and_then_computed_again(client, evaluation_world, name, extra):
    world = evaluation_world
    url = _url(world, name, extra)
    client.force_login(world.users["coordinator"])
    computed, first = _read(client, url)
    read_back, again = _read(client, url)
    assert read_back < computed and again == first

    # A recorded activity of today, on the calendar and the journal too.
    activities.quick_record(
        school=world.a, user=world.users["coordinator"], partner=world.partner, sentence="Senam pagi bersama"
    )
    after, changed = _read(client, url)
    if name in KEPT_WHEN_AN_ACTIVITY_IS_RECORDED:
        assert after == read_back and changed == first
    else:
        assert after > read_back
    if name not in SHOW_NO_ACTIVITY:
        assert "Senam pagi bersama" in changed


def test_a_kept_list_is_kept_per_filter_and_page(client, evaluation_world):
    world = evaluation_world
    url = reverse("activities:home", args=[world.a.pk])
    client.force_login(world.users["coordinator"])
    _count, everything = _read(client, url)
    _read(client, url + "?q=zzz-nothing")
    computed, nothing = _read(client, url + "?q=zzz-nothing-else")
    read_back, nothing_again = _read(client, url + "?q=zzz-nothing-else")
    assert read_back < computed and nothing_again == nothing
    empty = reverse("activities:home", args=[world.a.pk]) + '">'  # the "show all activities" link
    assert empty in nothing and empty not in everything


def test_a_new_partner_shows_on_the_kept_partner_list(client, evaluation_world):
    from mitra.partners import services as partners
    from mitra.partners.models import Partner

    world = evaluation_world
    url = reverse("partners:list", args=[world.a.pk])
    client.force_login(world.users["coordinator"])
    _read(client, url)
    partners.partner_create(
        school=world.a,
        user=world.users["coordinator"],
        fields={"name": "Aaa Koperasi Baru", "kind": Partner.Kind.BUSINESS},
    )
    _count, page = _read(client, url)
    assert "Aaa Koperasi Baru" in page


def test_kept_copies_are_per_role_and_language(client, evaluation_world):
    world = evaluation_world
    url = reverse("activities:calendar", args=[world.a.pk])
    client.force_login(world.users["coordinator"])
    _read(client, url)
    client.force_login(world.users["team_member"])  # another role: its own copy, computed
    computed, _page = _read(client, url)
    read_back, _page = _read(client, url)
    assert read_back < computed
    person = world.users["team_member"]
    person.language = "en" if person.language != "en" else "id"
    person.save(update_fields=["language"])
    in_other_language, _page = _read(client, url)
    assert in_other_language > read_back


def test_a_kept_copy_never_crosses_schools(client, evaluation_world):
    world = evaluation_world
    Mark.all_schools.filter(school__in=[world.a, world.b]).delete()  # the same marks: none
    client.force_login(world.users["coordinator"])
    _count, page_a = _read(client, reverse("activities:calendar", args=[world.a.pk]))
    client.force_login(world.users["sibling"])
    _count, page_b = _read(client, reverse("activities:calendar", args=[world.b.pk]))
    assert page_a != page_b
    assert f"/s/{world.a.pk}/" not in page_b and f"/s/{world.b.pk}/" in page_b


def test_a_kept_form_carries_the_token_of_whoever_reads_it(evaluation_world):
    """The round page is kept with its POST forms: each reading puts in the reader's own CSRF token,
    so a copy made for one person does not hand another a token that fails (or theirs)."""
    from django.test import Client

    from mitra.evaluation.models import Round
    from mitra.schools.templatetags.kept import CSRF_STAND_IN

    world = evaluation_world
    url = reverse("evaluation:round", args=[world.a.pk, world.round.pk])
    tokens = []
    for person in ("coordinator", "principal", "coordinator"):
        client = Client(enforce_csrf_checks=True)
        client.force_login(world.users[person])
        body = client.get(url).content.decode()
        assert CSRF_STAND_IN not in body
        tokens.append(re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1))
    assert len(set(tokens)) == 3  # masked anew at every reading, kept copy or not

    close = reverse("evaluation:round_close", args=[world.a.pk, world.round.pk])
    assert client.post(close, {"csrfmiddlewaretoken": tokens[-1]}).status_code == 302
    assert Round.objects.for_school(world.a).get(pk=world.round.pk).closed_at is not None


def test_a_page_kept_in_parts_writes_the_parts_it_computed_in_one_statement(client, evaluation_world):
    """The dashboard computes twelve parts afresh and writes them together, once it has rendered."""
    world = evaluation_world
    client.force_login(world.users["coordinator"])
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("reports:dashboard", args=[world.a.pk])).status_code == 200
    writes = [q["sql"] for q in queries.captured_queries if "mitra_fragments" in q["sql"] and "INSERT" in q["sql"]]
    assert len(writes) == 1 and writes[0].count("template.cache.school:dashboard-") == 12


def test_a_page_that_fails_while_rendering_keeps_none_of_its_parts(evaluation_world):
    from django.core.cache import caches
    from django.template import Context, Template

    from mitra.schools.access import access_for
    from mitra.schools.templatetags.kept import parts_written_once

    page = Template(
        '{% load kept %}{% kept "a" kinds="partners" %}A{% endkept %}{% kept "b" kinds="plan" %}{{ boom.x }}{% endkept %}'
    )

    class Boom:
        @property
        def x(self):
            raise RuntimeError("the page fails after its first part")

    access = access_for(evaluation_world.users["coordinator"], evaluation_world.a.pk)
    caches["fragments"].clear()
    with pytest.raises(RuntimeError), parts_written_once():
        page.render(Context({"access": access, "boom": Boom()}))
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM mitra_fragments")
        assert cursor.fetchone()[0] == 0
    with parts_written_once():  # and a page that renders keeps both
        assert page.render(Context({"access": access, "boom": {"x": "B"}})) == "AB"
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM mitra_fragments")
        assert cursor.fetchone()[0] == 2


def test_a_new_release_draws_its_parts_afresh(client, evaluation_world, monkeypatch):
    """A part kept by one release is not shown by the next (a template or figure drawn otherwise):
    the release's fingerprint is in every key."""
    from mitra.schools import release

    world = evaluation_world
    url = _url(world, "reports:dashboard", {})
    client.force_login(world.users["coordinator"])
    computed, first = _read(client, url)
    read_back, _again = _read(client, url)
    assert read_back < computed
    monkeypatch.setattr(release, "fingerprint", lambda: "another-release")
    after, page = _read(client, url)
    assert after > read_back and page == first  # computed again, the same data drawn the same way


def test_the_fingerprint_changes_with_a_template_or_a_module(tmp_path):
    from mitra.schools.release import fingerprint_of

    (tmp_path / "a.html").write_text("<p>{{ x }}</p>")
    (tmp_path / "b.py").write_text("X = 1\n")
    (tmp_path / "notes.txt").write_text("not code")
    first = fingerprint_of(tmp_path)
    (tmp_path / "notes.txt").write_text("still not code")
    assert fingerprint_of(tmp_path) == first
    (tmp_path / "a.html").write_text("<p>{{ x|date }}</p>")
    second = fingerprint_of(tmp_path)
    assert second != first
    (tmp_path / "b.py").write_text("X = 2\n")
    assert fingerprint_of(tmp_path) != second
