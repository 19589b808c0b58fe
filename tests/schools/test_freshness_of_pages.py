"""Kept parts that show data of more kinds than their first names: each is computed again after a
write of every kind it shows (found by review). Each test reads the page once to keep it, writes, and
reads it again; computed afresh (the cache emptied) it must say the same."""

import datetime
import html

from django.core.cache import caches
from django.urls import reverse

from mitra.activities.communications import communication_save
from mitra.agreements.status import SIGNED_STAGES
from mitra.history.models import Change
from mitra.history.services import record
from tests.conftest import add_letters, filled_mou


def _afresh(client, url) -> str:
    caches["fragments"].clear()
    return client.get(url).content.decode()


def test_the_calendar_shows_an_agreement_signed_after_it_was_kept(client, world):
    client.force_login(world.users["principal"])
    url = reverse("activities:calendar", args=[world.a.pk]) + "?month=2026-06"
    assert "Pembinaan" not in client.get(url).content.decode()
    agreement = filled_mou(world)
    agreement.stage = sorted(SIGNED_STAGES)[0]
    agreement.save(update_fields=["stage"])
    record(user=world.users["principal"], obj=agreement, action=Change.Action.UPDATE, extra={"stage": ["", "x"]})
    kept = client.get(url).content.decode()
    assert "Pembinaan" in _afresh(client, url)
    assert "Pembinaan" in kept


def test_the_journal_shows_a_letter_registered_after_it_was_kept(client, world):
    client.force_login(world.users["principal"])
    url = reverse("evaluation:journal", args=[world.a.pk, world.partner.pk])
    subject = "Jadwal pemeriksaan kesehatan"  # the letter received from the partner, in add_letters
    assert subject not in client.get(url).content.decode()
    add_letters(world)
    kept = client.get(url).content.decode()
    assert subject in _afresh(client, url)
    assert subject in kept


def test_the_partners_history_shows_a_call_logged_with_the_partner_after_it_was_kept(client, world):
    client.force_login(world.users["principal"])
    url = reverse("partners:detail", args=[world.a.pk, world.partner.pk])
    client.get(url)
    entry = communication_save(
        school=world.a,
        user=world.users["principal"],
        data={
            "partner": world.partner,
            "channel": "phone",
            "direction": "out",
            "occurred_on": datetime.date(2024, 7, 1),
            "summary": "Telepon khusus",
        },
    )
    shown = html.escape(str(entry)[:200])
    kept = client.get(url).content.decode()
    assert shown in _afresh(client, url)
    assert shown in kept


def test_the_school_archive_leaves_out_jobs_and_freshness_marks():
    from mitra.transfer.archive import school_models

    labels = {model._meta.label_lower for model in school_models()}
    assert "schools.job" not in labels and "schools.mark" not in labels
    assert "partners.partner" in labels
