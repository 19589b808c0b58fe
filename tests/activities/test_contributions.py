"""What partners give: money, goods or services in kind with their estimated value, and people's time,
on an activity or under an agreement; checked whole or refused whole; summed per partner, per kind of
partner and per school year the same on every page; in the partner's timeline and journal."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mitra.activities import contributions
from mitra.activities.models import Contribution
from mitra.history.models import Change
from tests.conftest import make_partner

DAY = datetime.date(2025, 9, 20)


def _give(world, kind="cash", value=0, *, activity=None, agreement=None, partner=None, **extra):
    data = {"kind": kind, "day": DAY, "description": "Konsumsi", "value": value, **extra}
    if activity is None and agreement is None:
        activity = world.done_activity
    return contributions.contribution_add(
        school=world.a,
        user=world.users["coordinator"],
        partner=partner or world.partner,
        activity=activity,
        agreement=agreement,
        data=data,
    )


def test_each_kind_is_recorded_with_what_it_needs_and_in_the_activitys_history(run_world):
    world = run_world
    cash = _give(world, "cash", 1_500_000)
    goods = _give(world, "in_kind", 750_000, valued_how="Harga katering")
    time = _give(world, "time", people=3, hours=Decimal("2.5"), description="Tiga bidan")
    assert (cash.value, goods.valued_how, time.person_hours) == (Decimal(1_500_000), "Harga katering", Decimal("7.5"))
    changes = Change.objects.for_school(world.a).filter(target_id=world.done_activity.pk).order_by("id")
    told = [c.fields.get("contributions") for c in changes if "contributions" in c.fields]
    assert told[-1][0] == "" and told[-1][1].startswith("Puskesmas Kergon: 3 ") and "× 2.5 " in told[-1][1]
    assert len(told) == 3


@pytest.mark.parametrize(
    "kind, extra, field",
    [
        ("cash", {"value": 0}, "value"),
        ("in_kind", {"value": 0}, "value"),
        ("in_kind", {"value": 500_000}, "valued_how"),
        ("time", {"people": 0, "hours": 2}, "people"),
        ("time", {"people": 2, "hours": 0}, "hours"),
        ("time", {"people": 2, "hours": 5000}, "hours"),
        ("time", {"people": 2, "hours": 2, "value": 100_000}, "valued_how"),
        ("cash", {"value": 100, "description": "  "}, "description"),
        ("cash", {"value": 100, "day": datetime.date(2099, 1, 1)}, "day"),
        ("gift", {"value": 100}, "kind"),
    ],
)
def test_what_is_missing_or_wrong_is_named_and_nothing_is_saved(run_world, kind, extra, field):
    world = run_world
    before = Change.objects.for_school(world.a).count()
    with pytest.raises(ValidationError) as refused:
        _give(world, kind, **({"value": 0} | extra))
    assert field in refused.value.message_dict
    assert (
        not Contribution.objects.for_school(world.a).exists() and Change.objects.for_school(world.a).count() == before
    )


def test_only_a_partner_of_the_activity_or_a_party_to_the_agreement_gives(run_world):
    world = run_world
    stranger = make_partner(world.a, "Toko Buku Jaya")
    with pytest.raises(ValidationError):
        _give(world, "cash", 100_000, partner=stranger)
    with pytest.raises(ValidationError):
        _give(world, "cash", 100_000, agreement=world.signed_agreement, partner=stranger)
    with pytest.raises(ValidationError):
        _give(world, "cash", 100_000, partner=world.other_partner)  # the school's, not the activity's
    elsewhere = make_partner(world.b, "Puskesmas Lain")
    with pytest.raises(ValidationError, match="another school"):
        _give(world, "cash", 100_000, partner=elsewhere)  # another school's
    under = _give(world, "in_kind", 2_000_000, agreement=world.signed_agreement, valued_how="Sewa aula", activity=None)
    assert under.agreement == world.signed_agreement and under.activity is None


def test_the_totals_per_partner_per_kind_and_per_year(run_world):
    world = run_world
    other = make_partner(world.a, "Polsek Kota", kind="police")
    world.done_activity.partners.add(other)
    _give(world, "cash", 1_000_000)
    _give(world, "time", people=2, hours=3, value=300_000, valued_how="Honor penyuluh")
    _give(world, "in_kind", 500_000, partner=other, valued_how="Harga toko")
    found = contributions.contribution_list(school=world.a, start=world.year.start_date, end=world.year.end_date)
    totals = contributions.totals_of(found)
    assert (totals.cash, totals.in_kind, totals.time_value, totals.person_hours, totals.value) == (
        1_000_000,
        500_000,
        300_000,
        6,
        1_800_000,
    )
    per_partner = {p.name: t.value for p, t in contributions.by_partner(found, school=world.a)}
    assert per_partner == {"Puskesmas Kergon": 1_300_000, "Polsek Kota": 500_000}
    assert list(per_partner) == ["Puskesmas Kergon", "Polsek Kota"]  # the most first
    per_kind = dict(contributions.by_partner_kind(found))
    assert {k: t.value for k, t in per_kind.items()} == {"Puskesmas": 1_300_000, "Polisi": 500_000} or len(
        per_kind
    ) == 2
    assert [(y.pk, t.value) for y, t in contributions.by_year(school=world.a)] == [(world.year.pk, 1_800_000)]


def test_the_pages_show_and_record_contributions(client, run_world):
    world = run_world
    world.users["coordinator"].language = "id"
    world.users["coordinator"].save(update_fields=["language"])
    client.force_login(world.users["coordinator"])
    url = reverse("activities:activity_contribution_add", args=[world.a.pk, world.done_activity.pk])
    refused = client.post(
        url,
        {
            "partner": world.partner.pk,
            "kind": "in_kind",
            "day": "2025-09-20",
            "value": "250000",
            "description": "Snack",
        },
    )
    assert refused.status_code == 400
    page = refused.content.decode()
    assert "Snack" in page and 'value="250000"' in page  # what was typed is kept with the reason
    done = client.post(
        url,
        {
            "partner": world.partner.pk,
            "kind": "in_kind",
            "day": "2025-09-20",
            "value": "250000",
            "description": "Snack",
            "valued_how": "Harga warung",
        },
    )
    assert done.status_code == 302 and done["Location"].endswith("#contributions")
    detail = client.get(reverse("activities:detail", args=[world.a.pk, world.done_activity.pk])).content.decode()
    assert "Snack" in detail and "Rp250.000" in detail
    listed = client.get(reverse("activities:contributions", args=[world.a.pk]), {"year": ""}).content.decode()
    assert "Snack" in listed and "Rp250.000" in listed
    partner_page = client.get(reverse("partners:detail", args=[world.a.pk, world.partner.pk])).content.decode()
    assert "Rp250.000" in partner_page and "Kontribusi" in partner_page
    journal = client.get(reverse("evaluation:journal", args=[world.a.pk, world.partner.pk])).content.decode()
    assert "Rp250.000 · Snack" in journal


def test_removing_one_says_so_in_the_history(run_world):
    world = run_world
    given_ = _give(world, "cash", 50_000, description="Air minum")
    contributions.contribution_delete(contribution=given_, user=world.users["coordinator"])
    change = Change.objects.for_school(world.a).filter(target_id=world.done_activity.pk).latest("id")
    assert change.fields["contributions"][1] == "" and "Air minum" in change.fields["contributions"][0]
    assert not Contribution.objects.for_school(world.a).exists()


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    steps=st.lists(
        st.one_of(
            st.tuples(st.just("cash"), st.integers(1, 10_000_000), st.just(0), st.just(Decimal(0))),
            st.tuples(st.just("in_kind"), st.integers(1, 10_000_000), st.just(0), st.just(Decimal(0))),
            st.tuples(
                st.just("time"),
                st.integers(0, 1_000_000),
                st.integers(1, 50),
                st.decimals(min_value=Decimal("0.5"), max_value=Decimal(40), places=1),
            ),
            st.tuples(st.just("undo"), st.integers(0, 20), st.just(0), st.just(Decimal(0))),
        ),
        max_size=12,
    )
)
def test_through_giving_and_removing_the_totals_are_what_is_kept(run_world, steps):
    world = run_world
    Contribution.objects.for_school(world.a).delete()
    kept = []
    for kind, value, people, hours in steps:
        if kind == "undo":
            if kept:
                gone = kept.pop(value % len(kept))
                contributions.contribution_delete(contribution=gone, user=world.users["coordinator"])
            continue
        extra = {"valued_how": "Perkiraan"} if kind != "cash" else {}
        kept.append(_give(world, kind, value, people=people, hours=hours, **extra))
    totals = contributions.totals_of(contributions.contribution_list(school=world.a))
    assert totals.records == len(kept)
    assert totals.cash == sum(c.value for c in kept if c.kind == "cash")
    assert totals.value == sum(c.value for c in kept)
    assert totals.person_hours == sum(c.people * c.hours for c in kept)
    yearly = contributions.by_year(school=world.a)
    assert sum((t.value for _y, t in yearly), Decimal(0)) == totals.value


def test_a_signed_agreement_leads_to_the_form_with_itself_chosen_and_the_year_kept(client, run_world):
    world = run_world
    client.force_login(world.users["coordinator"])
    agreement_page = client.get(reverse("agreements:detail", args=[world.a.pk, world.signed_agreement.pk]))
    link = reverse("activities:contributions", args=[world.a.pk]) + f"?agreement={world.signed_agreement.pk}"
    assert link in agreement_page.content.decode().replace("&amp;", "&")
    page = client.get(link).content.decode()
    assert f'<option value="{world.signed_agreement.pk}" selected>' in page
    assert f'<option value="{world.year.pk}" selected>' in page  # still the current year's list
