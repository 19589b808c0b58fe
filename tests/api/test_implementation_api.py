"""The implementation resources: activities with counts and evidence uploads through the same
pipeline as the pages, team terms, and the communication log."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from mitra.accounts.models import ApiToken
from mitra.activities.models import Activity, Evidence
from mitra.files.models import StoredFile
from tests.conftest import jpeg_upload


def client_for(user):
    _token, raw = ApiToken.issue(user=user, name="test")
    return Client(headers={"Authorization": f"Bearer {raw}"})


def url(name, world, **extra):
    return reverse(name, kwargs={"school_id": world.a.pk, **extra})


@pytest.fixture
def api(run_world):
    return client_for(run_world.users["team_member"])


def test_an_activity_with_counts_then_a_photo(run_world, api):
    world = run_world
    created = api.post(
        url("api:record_list", world),
        {
            "title": "Kajian remaja masjid",
            "status": "done",
            "start_date": "2025-10-03",
            "partners": [world.partner.pk],
            "counts": [{"group": "students", "grade": 8, "sex": "f", "count": 21}, {"group": "teachers", "count": 2}],
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["undocumented"] is True and {c["count"] for c in body["counts"]} == {21, 2}
    evidence_url = url("api:evidence_list", world, activity_id=body["id"])
    upload = api.post(evidence_url, {"files": [jpeg_upload("a.jpg"), jpeg_upload("b.jpg")], "kind": "photo"})
    assert upload.status_code == 201 and [e["name"] for e in upload.json()] == ["a.jpg", "b.jpg"]
    assert api.get(upload.json()[0]["url"]).status_code == 200
    again = api.get(url("api:record_detail", world, activity_id=body["id"])).json()
    assert again["undocumented"] is False and len(again["evidence"]) == 2


def test_a_hostile_upload_is_refused_in_json_and_nothing_stored(run_world, api):
    world = run_world
    before = StoredFile.all_schools.count()
    refused = api.post(
        url("api:evidence_list", world, activity_id=world.done_activity.pk),
        {"files": [jpeg_upload(), SimpleUploadedFile("x.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>")]},
    )
    assert refused.status_code == 400 and "x.svg" in str(refused.json())
    assert StoredFile.all_schools.count() == before


def test_bad_activity_input_is_refused_with_the_field_named(run_world, api):
    world = run_world
    before = Activity.objects.for_school(world.a).count()
    refused = api.post(
        url("api:record_list", world),
        {"title": "X", "status": "done", "start_date": "2025-10-03", "end_date": "2025-10-01"},
        content_type="application/json",
    )
    assert refused.status_code == 400 and "end_date" in refused.json()
    foreign = api.post(
        url("api:record_list", world),
        {"title": "X", "start_date": "2025-10-03", "partners": [world.c_partner.pk]},
        content_type="application/json",
    )
    assert foreign.status_code == 400 and "partners" in foreign.json()
    assert Activity.objects.for_school(world.a).count() == before


def test_a_partner_representative_reads_only_their_partners_activities(run_world):
    world = run_world
    from mitra.activities import services

    services.quick_record(school=world.a, user=world.users["team_member"], partner=world.other_partner, sentence="B")
    listing = client_for(world.users["partner_rep"]).get(url("api:record_list", world)).json()
    assert {a["id"] for a in listing["results"]} == {world.done_activity.pk, world.activity_planned.pk}
    assert Evidence.objects.for_school(world.a).count() == 1


def test_team_terms_and_communications(run_world):
    world = run_world
    coordinator = client_for(world.users["coordinator"])
    overlap = coordinator.post(
        url("api:term_list", world),
        {"user": world.term.user.pk, "role": "member", "starts_on": "2025-08-01", "ends_on": "2025-09-01"},
        content_type="application/json",
    )
    assert overlap.status_code == 400 and "starts_on" in overlap.json()
    log = coordinator.get(url("api:communication_list", world) + f"?partner={world.partner.pk}&channel=whatsapp")
    days = log.json()["results"]
    assert {d["occurred_on"] for d in days} == {"2024-03-12", "2024-03-14"}
    assert days[-1]["messages"][1]["sender"] == "Bu Siti Puskesmas"
    chat_day = days[0]["id"]
    refused = coordinator.patch(
        url("api:communication_detail", world, communication_id=chat_day),
        {"summary": "x"},
        content_type="application/json",
    )
    assert refused.status_code == 400


def test_what_the_schema_calls_text_or_a_list_is_refused_otherwise(run_world, api):
    """DRF read `0` as the text "0" and `{}` as no links; the schema promises a string and an array
    (issue 21, found by schemathesis's negative-data check)."""
    world = run_world
    body = {"title": "Kajian", "status": "done", "start_date": "2025-10-03", "partners": [world.partner.pk]}
    as_object = api.post(url("api:record_list", world), {**body, "agreements": {}}, content_type="application/json")
    assert as_object.status_code == 400 and "agreements" in as_object.json()
    as_number = api.post(url("api:record_list", world), {**body, "notes": 0}, content_type="application/json")
    assert as_number.status_code == 400 and "notes" in as_number.json()
    assert not Activity.objects.for_school(world.a).filter(title="Kajian").exists()


def test_what_partners_gave_and_what_was_spent_read_as_the_database_holds_them(run_world):
    import datetime
    from decimal import Decimal

    from mitra.activities import contributions
    from mitra.activities.models import Contribution
    from mitra.planning import spending
    from mitra.planning.models import Spending

    world = run_world
    world.done_activity.partners.add(world.other_partner)
    for partner, value in ((world.partner, 400_000), (world.other_partner, 150_000)):
        contributions.contribution_add(
            school=world.a,
            user=world.users["coordinator"],
            partner=partner,
            activity=world.done_activity,
            data={
                "kind": "in_kind",
                "day": datetime.date(2025, 9, 10),
                "description": "Obat",
                "value": value,
                "valued_how": "Harga apotek",
            },
        )
    spending.spending_add(
        programme=world.programme,
        user=world.users["admin_staff"],
        data={"day": datetime.date(2025, 9, 15), "amount": 1_250_000, "source": "committee", "description": "Tenda"},
    )
    read = client_for(world.users["principal"]).get(url("api:contribution_list", world)).json()["results"]
    assert sorted((r["partner"], Decimal(r["value"])) for r in read) == sorted(
        Contribution.objects.for_school(world.a).values_list("partner", "value")
    )
    rep = client_for(world.users["partner_rep"]).get(url("api:contribution_list", world)).json()["results"]
    assert [r["partner"] for r in rep] == [world.partner.pk]  # a representative reads their partner's only
    spent = client_for(world.users["principal"]).get(url("api:spending_list", world, plan_id=world.plan.pk))
    assert spent.status_code == 200, spent.content
    rows = spent.json()["results"]
    assert [(r["description"], Decimal(r["amount"]), r["source"]) for r in rows] == list(
        Spending.objects.for_school(world.a).values_list("description", "amount", "source")
    )
