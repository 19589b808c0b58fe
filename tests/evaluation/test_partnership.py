"""The partnership health score against hand-computed parts, the journal, and instruments shared
by the foundation."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from mitra.activities import services as activities
from mitra.evaluation import instruments, partnership
from mitra.evaluation.models import Instrument

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 3, 15)


def test_health_parts_match_the_hand_computed_ones(evaluation_world):
    world = evaluation_world
    # Regularity: done activities in Jan 2026 and Mar 2026 (plus Sept 2025, outside the 6 months): 2 / 6.
    for day in (datetime.date(2026, 1, 10), datetime.date(2026, 3, 2)):
        activities.activity_save(
            school=world.a,
            user=None,
            partners=[world.partner],
            data={"title": "K", "status": "done", "start_date": day},
        )
    health = partnership.health_of(school=world.a, partner_ids=[world.partner.pk, world.other_partner.pk], today=TODAY)
    mine = health[world.partner.pk]
    assert mine.parts["regularity"] == Decimal(2) / 6
    # Evaluation: the world's one parent rated every statement 3 -> (3 - 1) / 3.
    assert mine.parts["evaluation"] == Decimal(2) / 3
    # Obstacles: one open of medium severity (2) -> 1 - 0.15 * 2.
    assert mine.parts["obstacles"] == Decimal("0.70")
    # Agreement: the signed MoU runs to 30 June 2026, within 90 days of 15 March? No: 107 days -> in force.
    assert mine.parts["agreement"] == 1
    # Documentation: 3 done activities in the last 12 months, one with a photo -> 1/3.
    assert mine.parts["documentation"] == Decimal(1) / 3
    expected = round(100 * (Decimal(2) / 6 + Decimal(2) / 3 + Decimal("0.7") + 1 + Decimal(1) / 3) / 5)
    assert mine.score == expected == 61

    other = health[world.other_partner.pk]
    # No activity, no evaluation, no obstacle, no agreement ever: nothing to score, so no score (never 0).
    assert set(other.parts.values()) == {None} and other.score is None


def test_a_partnership_without_data_shows_no_score_rather_than_zero(client, evaluation_world):
    from mitra.activities.models import Activity
    from mitra.partners.models import Partner
    from mitra.reports import foundation
    from mitra.reports.scope import Kind, Scope
    from mitra.reports.sections.evaluation import health as health_section
    from mitra.schools.access import access_for
    from tests.conftest import make_partner

    world = evaluation_world
    new = make_partner(world.a, "Koramil Kedungwuni", status=Partner.Status.ACTIVE)  # nothing recorded yet
    lapsed = make_partner(world.a, "Polsek Lama", status=Partner.Status.ACTIVE)  # worked with, long ago
    activities.activity_save(
        school=world.a,
        user=None,
        partners=[lapsed],
        data={"title": "Patroli", "status": "done", "start_date": TODAY - datetime.timedelta(days=800)},
    )
    today = datetime.date.today()
    found = partnership.health_of(school=world.a, partner_ids=[world.partner.pk, new.pk, lapsed.pk], today=today)
    assert found[new.pk].score is None
    assert found[lapsed.pk].score == 0  # a partnership that went quiet: 0 is what it earns
    assert Activity.objects.for_school(world.a).filter(partners=lapsed).exists()

    # The school's dashboard says "no data yet", never 0/100.
    client.force_login(world.users["principal"])
    page = client.get(reverse("reports:dashboard", args=[world.a.pk])).content.decode()
    row = page[page.find(new.name) :][:300]
    assert "0</strong>/100" not in row and ("no data yet" in row or "belum ada data" in row), row
    # The partnerships page shows a dash for its score.
    page = client.get(reverse("evaluation:partnerships", args=[world.a.pk])).content.decode()
    row = page[page.find(new.name) :][:200]
    assert "<strong>—</strong>" in row, row
    # The report's table too, and the foundation's mean leaves it out rather than counting it as 0.
    access = access_for(world.users["principal"], world.a.pk)
    table = health_section(Scope(access=access, kind=Kind.ANNUAL, year=world.year, today=today)).blocks[0]
    assert next(r for r in table.rows if r[0] == new.name)[1:] == ["–"] * 6
    rows = {r["school"]: r for r in foundation.school_rows(foundation=world.f1, today=today)}
    active = Partner.objects.for_school(world.a).filter(status=Partner.Status.ACTIVE, archived_at__isnull=True)
    scores = [
        h.score
        for h in partnership.health_of(
            school=world.a, partner_ids=list(active.values_list("pk", flat=True)), today=today
        ).values()
    ]
    known = [s for s in scores if s is not None]
    assert None in scores and rows[world.a]["health"] == round(sum(known) / len(known))


def test_an_agreement_expiring_within_ninety_days_counts_half(evaluation_world):
    world = evaluation_world
    health = partnership.health_of(school=world.a, partner_ids=[world.partner.pk], today=datetime.date(2026, 5, 1))
    assert health[world.partner.pk].parts["agreement"] == Decimal("0.5")
    health = partnership.health_of(school=world.a, partner_ids=[world.partner.pk], today=datetime.date(2026, 7, 1))
    assert health[world.partner.pk].parts["agreement"] == 0


def test_the_formula_is_on_the_page(client, evaluation_world):
    world = evaluation_world
    client.force_login(world.users["principal"])
    page = client.get(reverse("evaluation:partnerships", args=[world.a.pk])).content.decode()
    assert "1 − 0.15 × the severities of unresolved obstacles" in page or "0,15" in page
    assert world.partner.name in page
    assert world.other_partner.name not in page  # a prospect has no partnership to score yet
    assert (
        world.other_partner.name
        in client.get(reverse("evaluation:partnerships", args=[world.a.pk]), {"all": "1"}).content.decode()
    )


def test_the_journal_holds_every_stage_in_order_and_filters(client, evaluation_world):
    world = evaluation_world
    client.force_login(world.users["principal"])
    url = reverse("evaluation:journal", args=[world.a.pk, world.partner.pk])
    entries = client.get(url).context["entries"]
    titles = [e.title for e in entries]
    for expected in (
        "Sosialisasi program",
        "Pemeriksaan kesehatan",
        world.agreement.title,
        world.done_activity.title,
        world.round.title,
        world.obstacle.title,
    ):
        assert expected in titles, expected
    assert [e.date for e in entries] == sorted(e.date for e in entries)
    kinds = {str(e.kind) for e in entries}
    one = next(iter(kinds))
    filtered = client.get(url, {"kind": one}).context["entries"]
    assert filtered and {str(e.kind) for e in filtered} == {one}
    dated = client.get(url, {"first": "2025-09-01", "last": "2025-09-30"}).context["entries"]
    assert dated and all(datetime.date(2025, 9, 1) <= e.date <= datetime.date(2025, 9, 30) for e in dated)


def test_a_school_copies_a_foundation_instrument_with_its_keys(client, evaluation_world):
    world = evaluation_world
    client.force_login(world.users["sibling"])  # principal of B, in the same foundation
    page = client.get(reverse("evaluation:instruments", args=[world.b.pk])).content.decode()
    assert world.foundation_instrument.title in page
    response = client.post(reverse("evaluation:instrument_copy", args=[world.b.pk, world.foundation_instrument.pk]))
    assert response.status_code == 302
    copy = Instrument.objects.for_school(world.b).get(source=world.foundation_instrument)
    assert sorted(copy.items.values_list("key", flat=True)) == sorted(
        world.instrument.items.values_list("key", flat=True)
    )
    # A school of another foundation cannot take it.
    client.force_login(world.users["outsider"])
    assert (
        client.post(
            reverse("evaluation:instrument_copy", args=[world.c.pk, world.foundation_instrument.pk])
        ).status_code
        == 404
    )
    with pytest.raises(Exception, match="not shared"):
        instruments.foundation_copy(school=world.c, user=None, source=world.foundation_instrument)
