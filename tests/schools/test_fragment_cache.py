"""The fragments cache writes a kept part in one statement, several in one, and culls apart."""

import datetime

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mitra.partners.models import Partner
from mitra.schools.fragment_cache import FragmentCache

pytestmark = pytest.mark.django_db


def statements(captured) -> list[str]:
    """What was asked of the database, without the savepoint a write inside a transaction takes."""
    return [q["sql"] for q in captured.captured_queries if "SAVEPOINT" not in q["sql"].upper()]


@pytest.fixture
def cache():
    cache = caches["fragments"]
    assert isinstance(cache, FragmentCache)
    cache.clear()
    return cache


def test_a_write_is_one_statement_and_reads_back_what_was_written(cache):
    with CaptureQueriesContext(connection) as writes:
        cache.set("part", "<p>Kegiatan</p>")
    assert len(statements(writes)) == 1
    assert cache.get("part") == "<p>Kegiatan</p>"
    with CaptureQueriesContext(connection) as writes:
        cache.set("part", "<p>Kegiatan baru</p>")  # the same key: replaced, not doubled
    assert len(statements(writes)) == 1
    assert cache.get("part") == "<p>Kegiatan baru</p>"


def test_several_parts_are_written_in_one_statement(cache):
    with CaptureQueriesContext(connection) as writes:
        cache.set_many({"a": 1, "b": [2, 3], "c": {"ringkas": "ya"}})
    assert len(statements(writes)) == 1
    assert cache.get_many(["a", "b", "c", "d"]) == {"a": 1, "b": [2, 3], "c": {"ringkas": "ya"}}
    assert cache.set_many({}) == []


def test_an_expired_copy_is_not_read_and_the_cull_removes_it_and_keeps_the_cap(cache, monkeypatch):
    cache.set("old", "kemarin", timeout=-1)
    cache.set("fresh", "hari ini")
    assert cache.get("old") is None
    # On this test's cache only: `caches` hands every later test of the thread the same object.
    monkeypatch.setattr(cache, "_max_entries", 10)
    monkeypatch.setattr(cache, "_cull_frequency", 2)
    cache.set_many({f"k{i}": i for i in range(20)})
    left = cache.cull()
    assert left <= 11 and cache.get("old") is None
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM mitra_fragments")
        assert cursor.fetchone()[0] == left


def test_the_cull_removes_the_oldest_copies_and_never_one_just_written(cache, monkeypatch):
    """Beyond the cap the oldest copies go (Django's own cull takes the first by key: a part written
    a moment ago whose key sorts early went with it, and a page lost parts it had just kept)."""
    monkeypatch.setattr(cache, "_max_entries", 4)
    monkeypatch.setattr(cache, "_cull_frequency", 2)
    for age, name in enumerate(["z-oldest", "y-older", "x-old", "w-newer", "v-newest"]):
        cache.set(name, age, timeout=3600 + 60 * age)  # written in turn: each expires later
    cache.set("a-just-written", "baru")  # sorts first by key, and is the newest
    assert cache.cull() == 3
    assert cache.get_many(["z-oldest", "y-older", "x-old"]) == {}
    assert cache.get_many(["w-newer", "v-newest", "a-just-written"]) == {
        "w-newer": 3,
        "v-newest": 4,
        "a-just-written": "baru",
    }
    monkeypatch.setattr(cache, "_cull_frequency", 0)  # Django's "empty it when full"
    monkeypatch.setattr(cache, "_max_entries", 1)
    assert cache.cull() == 0
    assert cache.get("a-just-written") is None


def test_a_copy_written_for_a_day_lasts_the_cache_timeout(cache):
    cache.set("part", "x")
    with connection.cursor() as cursor:
        cursor.execute("SELECT expires FROM mitra_fragments WHERE cache_key LIKE %s", ["%part"])
        (expires,) = cursor.fetchone()
    if isinstance(expires, str):  # SQLite gives the text back
        expires = datetime.datetime.fromisoformat(expires)
    if expires.tzinfo is None:
        expires = expires.replace(tzinfo=datetime.UTC)
    left = expires - datetime.datetime.now(datetime.UTC)
    assert datetime.timedelta(hours=47) < left <= datetime.timedelta(hours=48)


def test_a_write_that_fails_inside_a_transaction_costs_the_copy_not_the_page(cache, world):
    """A page whose parts are written in one commit (PostgreSQL): a failed write must leave the
    transaction usable for the rest of the page."""
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE mitra_fragments RENAME TO mitra_fragments_away")
    try:
        assert cache.set_many({"part": "x"}) == ["part"]  # not kept, and said so
        assert Partner.objects.for_school(world.a).count() >= 1  # the page goes on
    finally:
        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE mitra_fragments_away RENAME TO mitra_fragments")
    cache.set("part", "y")
    assert cache.get("part") == "y"


def test_a_cull_that_fails_costs_the_tidying_not_the_write(cache, monkeypatch, caplog):
    from django.db import DatabaseError

    from mitra.schools import fragment_cache

    def fails():
        raise DatabaseError("the table is locked")

    monkeypatch.setattr(fragment_cache, "_culls_now", lambda: True)  # this write culls
    monkeypatch.setattr(cache, "cull", fails)
    assert cache.set_many({"part": "x"}) == []
    assert cache.get("part") == "x" and "could not be culled" in caplog.text
