"""A partner's representative reads the agreements their institution signed with the school — the
page, both documents and the signed scan — and nothing else of the agreement stage: not drafts, not
other partners' agreements (404, as another school's object), never an edit (403)."""

import datetime

import pytest
from django.urls import reverse

from tests.agreements.test_in_force import signed

D = datetime.date


@pytest.fixture
def rep(client, agreement_world):
    client.force_login(agreement_world.users["partner_rep"])
    return client


@pytest.fixture
def others(agreement_world):
    """A signed agreement of the school with another partner."""
    world = agreement_world
    return signed(world, start=D(2025, 1, 1), end=D(2026, 12, 31), on=D(2024, 12, 20), partner=world.other_partner)


def url(world, name, agreement, **extra):
    return reverse(f"agreements:{name}", kwargs={"school_id": world.a.pk, "agreement_id": agreement.pk, **extra})


def test_the_representative_reads_and_downloads_their_own_signed_agreement_and_never_edits_it(rep, agreement_world):
    world = agreement_world
    own = world.signed_agreement
    page = rep.get(url(world, "detail", own))
    assert page.status_code == 200
    body = page.content.decode()
    assert own.title in body
    assert reverse("agreements:edit", args=[world.a.pk, own.pk]) not in body
    assert reverse("agreements:comment", args=[world.a.pk, own.pk]) not in body  # the school's own review
    for fmt, magic in (("pdf", b"%PDF"), ("docx", b"PK")):
        document = rep.get(url(world, "download", own, fmt=fmt))
        assert document.status_code == 200 and document.content.startswith(magic)
    assert rep.get(url(world, "scan", own)).status_code == 200
    # Reading is all: every change is refused, and the school's template library is its own.
    assert rep.get(url(world, "edit", own)).status_code == 403
    ending = {"terminated_on": "2025-01-01", "termination_reason": "x"}
    assert rep.post(url(world, "terminate", own), ending).status_code == 403
    assert rep.post(url(world, "new_version", own)).status_code == 403
    assert rep.get(reverse("agreements:templates", args=[world.a.pk])).status_code == 403
    own.refresh_from_db()
    assert own.stage == "signed"


def test_drafts_and_other_partners_agreements_are_not_there_for_the_representative(rep, agreement_world, others):
    world = agreement_world
    draft = world.agreement  # with the representative's own partner, not signed yet
    for agreement in (draft, others):
        assert rep.get(url(world, "detail", agreement)).status_code == 404
        assert rep.get(url(world, "download", agreement, fmt="pdf")).status_code == 404
    api = reverse("api:agreement_detail", kwargs={"school_id": world.a.pk, "agreement_id": others.pk})
    assert rep.get(api).status_code == 404


def test_the_representative_lists_only_their_own_signed_agreements(rep, agreement_world, others):
    world = agreement_world
    listing = rep.get(reverse("agreements:home", args=[world.a.pk]))
    assert [a.pk for a in listing.context["page"].object_list] == [world.signed_agreement.pk]
    api = rep.get(reverse("api:agreement_list", kwargs={"school_id": world.a.pk}))
    assert [a["id"] for a in api.json()["results"]] == [world.signed_agreement.pk]
    # The school's own working stays with the school, as on the page: no plan links, no parent.
    assert not {"goals", "needs", "programmes", "parent"} & set(api.json()["results"][0])
    # Their partner's page links the agreement they can open, and no draft.
    page = rep.get(reverse("partners:detail", args=[world.a.pk, world.partner.pk])).content.decode()
    assert url(world, "detail", world.signed_agreement) in page
    assert world.agreement.title not in page
