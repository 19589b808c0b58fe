"""The spending pages (issue 26): a programme's records with their receipts and the form to add one,
and planned against spent on the work plan, by programme and by source."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mitra.planning import spending
from mitra.planning.models import Spending
from tests.conftest import jpeg_upload

pytestmark = pytest.mark.django_db


def page(world):
    return reverse("planning:spending", args=[world.a.pk, world.plan.pk, world.programme.pk])


def add(world, amount=150000, **extra):
    return spending.spending_add(
        programme=world.programme,
        user=world.users["admin_staff"],
        data={"day": datetime.date(2025, 9, 15), "amount": amount, "source": "school", "description": "Snack", **extra},
    )


def test_staff_record_spending_with_a_receipt_and_see_it_listed(client, world):
    client.force_login(world.users["admin_staff"])
    response = client.post(
        reverse("planning:spending_add", args=[world.a.pk, world.plan.pk, world.programme.pk]),
        {
            "day": "2025-09-16",
            "amount": "1250000",
            "source": "committee",
            "description": "Sewa tenda",
            "receipt": jpeg_upload(name="kuitansi.jpg"),
        },
    )
    assert response.status_code == 302
    shown = client.get(page(world)).content.decode()
    assert "Sewa tenda" in shown and "Rp1.250.000" in shown and "kuitansi.jpg" in shown
    record = Spending.objects.for_school(world.a).get()
    receipt = client.get(reverse("planning:spending_receipt", args=[world.a.pk, world.plan.pk, record.pk]))
    assert receipt.status_code == 200 and b"".join(
        receipt.streaming_content if receipt.streaming else [receipt.content]
    )


def test_a_wrong_amount_is_named_and_what_was_typed_stays(client, world):
    client.force_login(world.users["admin_staff"])
    response = client.post(
        reverse("planning:spending_add", args=[world.a.pk, world.plan.pk, world.programme.pk]),
        {"day": "2025-09-16", "amount": "0", "source": "school", "description": "Sewa tenda"},
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Sewa tenda" in text and "has-error" in text
    assert not Spending.objects.for_school(world.a).exists()


def test_readers_see_the_money_but_no_form(client, world):
    add(world)
    client.force_login(world.users["committee_viewer"])
    text = client.get(page(world)).content.decode()
    assert "Rp150.000" in text and 'id="spending-form"' not in text


def test_the_work_plan_says_planned_against_spent_and_when_a_programme_is_over(client, world):
    add(world, amount=600000)  # the programme plans Rp500.000
    client.force_login(world.users["coordinator"])
    text = client.get(reverse("planning:programmes", args=[world.a.pk, world.plan.pk])).content.decode()
    assert "Rp600.000 terpakai dari Rp500.000" in text
    assert "melebihi anggaran" in text


def test_the_spending_page_reads_the_same_number_of_queries_for_1_or_12_records(client, world):
    client.force_login(world.users["coordinator"])
    add(world)
    client.get(page(world))  # what a first request of a session reads once
    with CaptureQueriesContext(connection) as one:
        client.get(page(world))
    for n in range(11):
        add(world, amount=1000 + n, receipt=None)
    with CaptureQueriesContext(connection) as twelve:
        response = client.get(page(world))
    assert response.content.decode().count("<tr>") >= 13
    assert len(twelve) == len(one)
