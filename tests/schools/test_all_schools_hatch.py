"""`all_schools` is the door past the school scope. Every write goes through `Model.objects.for_school(s)`
(create, get_or_create, update_or_create, bulk_create) or through `Model.objects.bulk_create(rows)`
(each row naming its school), and `Model.objects.none()` needs no school. What is left of the hatch is
reading that really crosses schools or that the scope cannot express. This list is every module that
still opens it, and why; a new use fails here until it is added with its reason."""

import re
from pathlib import Path

import pytest

from mitra.schools.scoping import SchoolScopeMissing

ROOT = Path(__file__).resolve().parents[2] / "mitra"
USE = re.compile(r"\.all_schools\b")

SUBQUERY = "a correlated subquery (OuterRef) under rows already read through the school's scope"
LOCK = "re-reads a row already in hand by its key, to lock it (select_for_update)"
ALLOWED = {
    "activities/selectors.py": SUBQUERY,
    "activities/services.py": LOCK,
    "activities/team.py": LOCK,
    "activities/communications.py": "counts messages of days whose keys came from the school's own rows",
    "activities/reminders.py": "periodic work: tomorrow's activities of every school",
    "agreements/selectors.py": SUBQUERY,
    "activities/views/calendar.py": "a calendar feed is found by its secret token, which names the school",
    "evaluation/instruments.py": LOCK + "; bulk_update of rows already read through the scope",
    "evaluation/services.py": LOCK,
    "evaluation/responses.py": LOCK + "; an answer link is found by its secret token, which names the school",
    "evaluation/reminders.py": "periodic work: due rounds of every school",
    "history/conflicts.py": "the changes of one row, found by the row's own type and key",
    "notifications/services.py": "periodic work: who of every school has notices waiting for a digest",
    "operations/files_check.py": "checks every stored file on disk, of every school",
    "files/resumable.py": "periodic work: the uploads of every school left for a day",
    "planning/revisions.py": "the children of a plan item already read through the scope, by its key",
    "schools/jobs.py": "a job by its key (its access is checked next) and the cleaning of old jobs of every school",
    "transfer/archive.py": "bulk_update of a school's own changes, read through the scope",
    "schools/freshness.py": SUBQUERY + "; the newest mark of all schools, and the daily pruning of every school's",
}


def _uses() -> set[str]:
    found = set()
    for path in ROOT.rglob("*.py"):
        if "migrations" in path.parts or path.name == "scoping.py":
            continue
        if USE.search(path.read_text(encoding="utf-8")):
            found.add(path.relative_to(ROOT).as_posix())
    return found


def test_only_the_listed_modules_open_the_hatch_and_each_still_does():
    found = _uses()
    assert found - set(ALLOWED) == set(), "a new use of all_schools: go through .for_school(), or list it here"
    assert set(ALLOWED) - found == set(), "no longer used there: take it off the list"


def test_writes_go_through_the_scoped_door(world):
    from mitra.partners.models import Partner

    made = Partner.objects.for_school(world.a).create(name="Puskesmas Baru", kind="health_centre")
    assert made.school_id == world.a.pk
    with pytest.raises(SchoolScopeMissing):
        Partner.objects.for_school(world.a).create(school=world.b, name="Salah sekolah", kind="health_centre")
    with pytest.raises(SchoolScopeMissing):
        Partner.objects.for_school(world.a).bulk_create([Partner(school=world.b, name="Salah", kind="health_centre")])
    with pytest.raises(SchoolScopeMissing):
        Partner.objects.bulk_create([Partner(name="Tanpa sekolah", kind="health_centre")])
    with pytest.raises(SchoolScopeMissing):
        Partner.objects.for_schools([world.a, world.b]).create(name="Dua sekolah", kind="health_centre")
    assert list(Partner.objects.none()) == []
    assert not Partner.all_schools.filter(name__in=["Salah sekolah", "Salah", "Tanpa sekolah", "Dua sekolah"]).exists()


def test_a_persons_notices_are_read_through_their_own_door_across_their_schools(world):
    from mitra.notifications.models import Notification

    person, other = world.users["principal"], world.users["sibling"]
    Notification.objects.for_school(world.a).create(user=person, text="Di sekolah A")
    Notification.objects.for_school(world.b).create(user=person, text="Di sekolah B")
    Notification.objects.for_school(world.b).create(user=other, text="Milik orang lain")
    assert sorted(n.text for n in Notification.objects.for_person(person)) == ["Di sekolah A", "Di sekolah B"]
    assert [n.text for n in Notification.objects.for_person(other.pk)] == ["Milik orang lain"]
    with pytest.raises(SchoolScopeMissing):
        Notification.objects.for_person(None)
    with pytest.raises(SchoolScopeMissing):
        Notification.objects.for_person(person).create(user=person, text="Tanpa sekolah")
    with pytest.raises(SchoolScopeMissing):
        Notification.objects.all()


def test_djangos_machinery_reaches_every_school_owned_model_through_the_plain_manager():
    """A model that declares a door of its own (Notification.objects) must not make it the default
    manager, which Django's related managers, admin and uniqueness checks use."""
    from django.apps import apps

    from mitra.schools.scoping import SchoolOwned, SchoolScopedManager

    owned = [model for model in apps.get_models() if issubclass(model, SchoolOwned)]
    assert len(owned) > 30
    assert [m.__name__ for m in owned if isinstance(m._default_manager, SchoolScopedManager)] == []
