"""The same record saved by two people: the second is told who changed what, keeps their input,
and saves over it only by saving again."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from mitra.activities.models import Activity
from mitra.partners.models import Partner
from tests.conftest import add_agreements, add_implementation, add_letters, all_at_once, build_world


def opened(client, url) -> dict:
    """The form as the browser would send it back: every input with its value, as it was opened."""
    page = client.get(url).content.decode()
    version = re.search(r'name="loaded_version" value="([^"]*)"', page)
    assert version, "the form carries the version it was opened at"
    return {"loaded_version": version.group(1)}


def partner_form(world, **changes) -> dict:
    return {"name": world.partner.name, "kind": "health_centre", "status": "active", **changes}


def edit_url(world):
    return reverse("partners:edit", kwargs={"school_id": world.a.pk, "partner_id": world.partner.pk})


@pytest.mark.django_db
def test_the_second_to_save_a_partner_is_told_who_changed_what_and_keeps_their_input():
    world = build_world()
    world.users["coordinator"].first_name = "Siti"
    world.users["coordinator"].save()
    first, second = Client(), Client()
    first.force_login(world.users["principal"])
    second.force_login(world.users["coordinator"])
    loaded_by_first = opened(first, edit_url(world))
    loaded_by_second = opened(second, edit_url(world))

    saved = second.post(edit_url(world), {**loaded_by_second, **partner_form(world, phone="0285 423 100")})
    assert saved.status_code == 302

    told = first.post(edit_url(world), {**loaded_by_first, **partner_form(world, region="Kota Pekalongan")})
    page = told.content.decode()
    assert told.status_code == 200
    assert "Siti" in page and "Telepon" in page and "+62285423100" in page  # who, and what they changed
    assert 'value="Kota Pekalongan"' in page  # the first person's input is still there
    partner = Partner.all_schools.get(pk=world.partner.pk)
    assert partner.phone == "+62285423100" and partner.region != "Kota Pekalongan"  # nothing overwritten

    # Saving again, knowing, replaces it: the form now carries the version it was shown.
    again = re.search(r'name="loaded_version" value="([^"]*)"', page).group(1)
    assert again != loaded_by_first["loaded_version"]
    replaced = first.post(edit_url(world), {"loaded_version": again, **partner_form(world, region="Kota Pekalongan")})
    assert replaced.status_code == 302
    assert Partner.all_schools.get(pk=world.partner.pk).region == "Kota Pekalongan"


@pytest.mark.django_db
def test_a_form_without_the_version_saves_as_before():
    world = build_world()
    client = Client()
    client.force_login(world.users["principal"])
    assert client.post(edit_url(world), partner_form(world, region="Batang")).status_code == 302
    assert Partner.all_schools.get(pk=world.partner.pk).region == "Batang"


@pytest.mark.django_db
def test_an_activity_changed_meanwhile_is_not_overwritten():
    world = add_implementation(add_letters(add_agreements(build_world())))
    activity = world.activity_planned
    url = reverse("activities:edit", kwargs={"school_id": world.a.pk, "activity_id": activity.pk})
    first, second = Client(), Client()
    first.force_login(world.users["principal"])
    second.force_login(world.users["coordinator"])
    loaded = opened(first, url)
    form = {
        "title": activity.title,
        "status": activity.status,
        "start_date": activity.start_date.isoformat(),
        "partners": [p.pk for p in activity.partners.all()],
    }
    assert second.post(url, {**opened(second, url), **form, "place": "Masjid sekolah"}).status_code == 302
    told = first.post(url, {**loaded, **form, "place": "Aula"})
    assert told.status_code == 200, "the second save is refused"
    assert "Masjid sekolah" in told.content.decode()
    assert Activity.all_schools.get(pk=activity.pk).place == "Masjid sekolah"


@pytest.mark.django_db(transaction=True)
def test_two_saves_at_the_same_moment_one_is_kept_and_the_other_told():
    world = build_world()
    clients = []
    for user in ("principal", "coordinator"):
        client = Client()
        client.force_login(world.users[user])
        clients.append((client, opened(client, edit_url(world)), user))
    statuses, errors = all_at_once(
        [
            lambda c=c, loaded=loaded, user=user: (
                c.post(edit_url(world), {**loaded, **partner_form(world, region=f"Wilayah {user}")}).status_code
            )
            for c, loaded, user in clients
        ]
    )
    assert not errors, errors
    assert sorted(statuses) == [200, 302]  # one saved, one told
    region = Partner.all_schools.get(pk=world.partner.pk).region
    assert region in ("Wilayah principal", "Wilayah coordinator")
