from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from mitra.accounts.models import ApiToken
from mitra.history.models import Change
from mitra.partners.models import Partner


@pytest.fixture
def api(world):
    """A client that authenticates like a program: a Bearer token, no session."""
    _token, raw = ApiToken.issue(user=world.users["coordinator"], name="test")
    return Client(headers={"Authorization": f"Bearer {raw}"})


def partners_url(world, school=None):
    return reverse("api:partner_list", kwargs={"school_id": (school or world.a).pk})


def test_the_command_prints_a_working_token(world):
    out = StringIO()
    call_command("api_token", "principal", stdout=out)
    client = Client(headers={"Authorization": f"Bearer {out.getvalue().strip()}"})
    assert client.get(reverse("api:school_list")).status_code == 200
    assert ApiToken.objects.filter(user=world.users["principal"]).count() == 2  # the world's and this one


def test_without_or_with_a_bad_token_it_is_401(world):
    assert Client().get(partners_url(world)).status_code == 401
    bad = Client(headers={"Authorization": "Bearer mitra_nope"})
    response = bad.get(partners_url(world))
    assert response.status_code == 401 and "detail" in response.json()


def test_a_revoked_token_stops_working(world, api):
    token = ApiToken.objects.get(user=world.users["coordinator"])
    token.revoke()
    assert api.get(partners_url(world)).status_code == 401


def test_a_deactivated_users_token_stops_working(world, api):
    world.users["coordinator"].is_active = False
    world.users["coordinator"].save()
    assert api.get(partners_url(world)).status_code == 401


def test_the_school_list_is_exactly_the_callers_schools(world):
    for actor, expected in [
        ("principal", {world.a.pk}),
        ("foundation_viewer", {world.a.pk, world.b.pk}),
        ("outsider", {world.c.pk}),
    ]:
        client = Client()
        client.force_login(world.users[actor])
        got = {row["id"] for row in client.get(reverse("api:school_list")).json()["results"]}
        assert got == expected, actor


def test_it_lists_filters_and_paginates_partners(world, api):
    from tests.conftest import make_partner

    for i in range(60):
        make_partner(world.a, f"Mitra {i:02}", kind="ngo")
    page = api.get(partners_url(world), {"kind": "ngo", "page_size": 50}).json()
    assert page["count"] == 60 and len(page["results"]) == 50 and page["next"]
    assert api.get(partners_url(world), {"q": "puskesmas"}).json()["results"][0]["potential"] == [
        {"area": "health", "description": "Penyuluhan"}
    ]


def test_it_creates_a_partner_through_the_same_rules(world, api):
    response = api.post(
        partners_url(world),
        {
            "name": "Pondok Pesantren Baru",
            "kind": "pesantren",
            "phone": "0812 3456 7890",
            "potential": [{"area": "religious_character"}],
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    partner = Partner.objects.for_school(world.a).get(pk=response.json()["id"])
    assert partner.phone == "+6281234567890"
    assert (
        Change.objects.for_school(world.a)
        .filter(target_id=partner.pk, action="create", actor=world.users["coordinator"])
        .exists()
    )


def test_bad_input_is_a_400_with_field_messages_and_saves_nothing(world, api):
    before = Partner.objects.for_school(world.a).count()
    response = api.post(
        partners_url(world),
        {"name": "PUSKESMAS kergon", "kind": "nope", "phone": "123"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert {"kind", "phone"} <= set(response.json())
    duplicate = api.post(
        partners_url(world), {"name": "PUSKESMAS kergon", "kind": "health_centre"}, content_type="application/json"
    )
    assert duplicate.status_code == 400 and "name" in duplicate.json()
    assert Partner.objects.for_school(world.a).count() == before


def test_another_schools_partner_is_404_and_untouched(world, api):
    url = reverse("api:partner_detail", kwargs={"school_id": world.c.pk, "partner_id": world.c_partner.pk})
    assert api.patch(url, {"name": "x"}, content_type="application/json").status_code == 404
    # The right school in the URL does not help with another school's partner id.
    url = reverse("api:partner_detail", kwargs={"school_id": world.a.pk, "partner_id": world.c_partner.pk})
    assert api.patch(url, {"name": "x"}, content_type="application/json").status_code == 404
    world.c_partner.refresh_from_db()
    assert world.c_partner.name == "Puskesmas C"


def test_a_hidden_school_field_in_the_body_is_ignored(world, api):
    response = api.post(
        partners_url(world),
        {"name": "Mitra Sisipan", "kind": "ngo", "school": world.c.pk},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert Partner.all_schools.get(pk=response.json()["id"]).school == world.a


def test_the_openapi_schema_describes_the_endpoints(client):
    schema = client.get(reverse("api:schema")).json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/schools/{school_id}/partners/" in schema["paths"]
    assert schema["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    assert "Authorization" in client.get(reverse("api:docs")).content.decode()


def test_where_the_partner_is_is_read_written_and_filtered_through_the_api(world, api):
    created = api.post(
        partners_url(world),
        {"name": "Universiti Sains Malaysia", "kind": "university", "location": "abroad"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["location"] == "abroad"
    partner = Partner.objects.for_school(world.a).get(pk=body["id"])
    assert partner.location == "abroad"
    assert [p["id"] for p in api.get(partners_url(world), {"location": "abroad"}).json()["results"]] == [partner.pk]
    assert api.get(partners_url(world), {"q": "kergon"}).json()["results"][0]["location"] == "local"  # the default

    url = reverse("api:partner_detail", kwargs={"school_id": world.a.pk, "partner_id": partner.pk})
    assert api.patch(url, {"location": "national"}, content_type="application/json").json()["location"] == "national"
    refused = api.patch(url, {"location": "mars"}, content_type="application/json")
    assert refused.status_code == 400 and "location" in refused.json()
    partner.refresh_from_db()
    assert partner.location == "national"


def test_a_page_is_a_whole_number_from_1_or_last(world, api):
    assert api.get(partners_url(world), {"page": "last"}).status_code == 200
    for wrong in ("", "0", "-1", "x", "١"):
        response = api.get(partners_url(world), {"page": wrong})
        assert response.status_code == 400 and "page" in response.json(), wrong
    assert api.get(partners_url(world), {"page_size": "true"}).status_code == 400


def test_a_query_parameter_the_schema_does_not_know_is_refused(world, api):
    """A typo used to return the whole unfiltered list (schemathesis's coverage phase, issue 21)."""
    response = api.get(partners_url(world), {"stauts": "active"})
    assert response.status_code == 400 and "stauts" in response.json()
    assert api.get(partners_url(world), {"status": "active", "q": "x", "page": 1}).status_code == 200
    assert api.get(reverse("api:school_list"), {"x": "1"}).status_code == 400


def test_a_yes_no_filter_takes_yes_or_no(world, api):
    assert api.get(partners_url(world), {"archived": "null"}).status_code == 400
    assert api.get(partners_url(world), {"archived": "true"}).status_code == 200
