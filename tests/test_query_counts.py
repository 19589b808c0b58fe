"""List pages and API lists make the same number of queries with 1 row and with 50."""

import pytest
from django.urls import reverse

from mitra.partners.models import Contact, Partner, Potential
from mitra.schools.models import School
from tests.conftest import make_partner, queries_of_fresh_page


def _fill(world, n: int) -> None:
    Partner.all_schools.filter(school=world.a).delete()
    for i in range(n):
        partner = make_partner(world.a, f"Mitra {i:03}")
        Contact.all_schools.create(school=world.a, partner=partner, name=f"Kontak {i}", is_primary=True)
        Potential.all_schools.create(school=world.a, partner=partner, area="health")


PAGES = [
    ("partners:list", {}),
    ("reports:dashboard", {}),
    ("schools:members", {}),
    ("schools:years", {}),
    ("api:partner_list", {}),
    ("api:school_list", None),
    ("api:year_list", {}),
]


@pytest.mark.parametrize("name,kwargs", PAGES, ids=[p[0] for p in PAGES])
def test_the_query_count_does_not_grow_with_the_rows(principal_client, world, name, kwargs):
    url = reverse(name, kwargs=None if kwargs is None else {"school_id": world.a.pk, **kwargs})
    _fill(world, 1)
    principal_client.get(url)  # warm caches (content types, session)
    one = queries_of_fresh_page(principal_client, url)
    _fill(world, 50)
    fifty = queries_of_fresh_page(principal_client, url)
    assert one == fifty, f"{name}: {one} queries with 1 row, {fifty} with 50"


def test_the_foundation_overview_does_not_grow_with_schools(client, world):
    client.force_login(world.users["foundation_admin"])
    url = reverse("foundations:overview", kwargs={"foundation_id": world.f1.pk})
    client.get(url)
    few = queries_of_fresh_page(client, url)
    for i in range(20):
        School.objects.create(foundation=world.f1, name=f"Sekolah {i}", level="mi")
    assert queries_of_fresh_page(client, url) == few
