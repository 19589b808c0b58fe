"""What a school counts with its activities (issue 26): measures per area, recorded whole or refused
whole, summed in the report read back from the document; a referral makes a follow-up for the person
who recorded it, open on their to-do list until closed with its outcome, through any sequence of
changes."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mitra.activities import measures
from mitra.activities.models import Activity, FollowUp, MeasureValue
from mitra.history.models import Change
from mitra.reports import generate
from mitra.reports.scope import Kind, Scope
from mitra.schools.access import access_for
from mitra.schools.todo import todos_for
from tests.documents.reading import docx_text, squeeze


def _measures(world):
    Activity.objects.for_school(world.a).filter(pk=world.done_activity.pk).update(area="health")
    world.done_activity.refresh_from_db()
    make = lambda **data: measures.measure_save(school=world.a, user=world.users["coordinator"], data=data)  # noqa: E731
    return (
        make(name="Siswa diskrining", unit="siswa", area="health"),
        make(name="Siswa dirujuk", unit="siswa", area="health", follow_up=True),
        make(name="Hafalan bertambah", unit="juz", area="religious_character"),
    )


def test_an_activity_asks_for_its_areas_numbers_and_the_report_sums_them(run_world):
    world = run_world
    screened, referred, memorised = _measures(world)
    assert set(measures.measures_for(world.done_activity)) == {screened, referred}
    with pytest.raises(ValidationError):  # another area's number, refused whole
        measures.values_save(
            activity=world.done_activity,
            user=world.users["team_member"],
            values={screened.pk: 40, memorised.pk: 2},
        )
    assert not MeasureValue.objects.for_school(world.a).exists()
    measures.values_save(
        activity=world.done_activity, user=world.users["team_member"], values={screened.pk: 48, referred.pk: 5}
    )
    change = Change.objects.for_school(world.a).filter(target_id=world.done_activity.pk).latest("id")
    assert change.fields["measures"] == ["", "Siswa dirujuk: 5, Siswa diskrining: 48"]  # by name
    access = access_for(world.users["principal"], world.a.pk)
    text = squeeze(
        docx_text(generate.make(Scope(access=access, kind=Kind.ANNUAL, year=world.year, language="id"), "docx").data)
    )
    assert "Siswa diskrining siswa 48 1" in text and "Siswa dirujuk siswa 5 1" in text
    assert "5 orang dirujuk" in text


def test_a_referral_is_a_follow_up_on_the_recorders_list_until_closed_with_its_outcome(client, run_world):
    world = run_world
    _screened, referred, _memorised = _measures(world)
    member = world.users["team_member"]
    measures.values_save(activity=world.done_activity, user=member, values={referred.pk: 5})
    follow_up = FollowUp.objects.for_school(world.a).get()
    assert (follow_up.count, follow_up.assignee, follow_up.is_open) == (5, member, True)
    access = access_for(member, world.a.pk)
    assert any("Siswa dirujuk: 5" in item.title for item in todos_for(access=access, user=member))
    with pytest.raises(ValidationError):
        measures.follow_up_close(follow_up=follow_up, user=member, outcome="  ")
    client.force_login(member)
    closed = client.post(
        reverse("activities:follow_up_close", args=[world.a.pk, follow_up.pk]),
        {"outcome": "Kelima siswa sudah diperiksa"},
    )
    assert closed.status_code == 302
    follow_up.refresh_from_db()
    assert not follow_up.is_open and follow_up.outcome == "Kelima siswa sudah diperiksa"
    assert not any("Siswa dirujuk" in item.title for item in todos_for(access=access, user=member))
    page = client.get(reverse("activities:detail", args=[world.a.pk, world.done_activity.pk])).content.decode()
    assert "Kelima siswa sudah diperiksa" in page


def test_the_numbers_form_keeps_what_was_typed_when_refused(client, run_world):
    world = run_world
    screened, _referred, _memorised = _measures(world)
    client.force_login(world.users["team_member"])
    url = reverse("activities:measures_save", args=[world.a.pk, world.done_activity.pk])
    refused = client.post(url, {f"measure_{screened.pk}": "-3"})
    assert refused.status_code == 400 and 'value="-3"' in refused.content.decode()
    assert not MeasureValue.objects.for_school(world.a).exists()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(st.one_of(st.integers(0, 30), st.just("close")), max_size=10))
def test_through_any_changes_a_referral_has_one_follow_up_with_its_number(run_world, steps):
    world = run_world
    FollowUp.objects.for_school(world.a).delete()
    MeasureValue.objects.for_school(world.a).delete()
    from mitra.activities.models import Measure

    Measure.objects.for_school(world.a).delete()
    _screened, referred, _memorised = _measures(world)
    member = world.users["team_member"]
    value, closed = 0, False
    for step in steps:
        if step == "close":
            found = FollowUp.objects.for_school(world.a).filter(closed_at__isnull=True).first()
            if found is not None:
                measures.follow_up_close(follow_up=found, user=member, outcome="Selesai")
                closed = True
            continue
        measures.values_save(activity=world.done_activity, user=member, values={referred.pk: step or None})
        closed = closed and step == value  # a new number opens it again; the same one leaves it closed
        value = step
    follow_ups = list(FollowUp.objects.for_school(world.a).filter(activity=world.done_activity))
    # One follow-up for a referral, with its number, closed only if closed since the number last changed.
    assert [(f.count, f.is_open) for f in follow_ups] == ([(value, not closed)] if value else [])
    totals = measures.totals_of(school=world.a, activities=Activity.objects.for_school(world.a))
    assert [(r["measure"], r["total"]) for r in totals] == ([(referred, value)] if value else [])


def test_the_api_reads_an_activitys_numbers(run_world):
    from tests.api.test_implementation_api import client_for

    world = run_world
    screened, referred, _memorised = _measures(world)
    measures.values_save(
        activity=world.done_activity, user=world.users["team_member"], values={screened.pk: 48, referred.pk: 5}
    )
    body = (
        client_for(world.users["principal"])
        .get(reverse("api:record_detail", kwargs={"school_id": world.a.pk, "activity_id": world.done_activity.pk}))
        .json()
    )
    assert sorted((m["name"], m["unit"], m["value"]) for m in body["measures"]) == [
        ("Siswa dirujuk", "siswa", 5),
        ("Siswa diskrining", "siswa", 48),
    ]


def test_a_refused_closing_keeps_what_was_typed_beside_the_reason(client, run_world):
    world = run_world
    _screened, referred, _memorised = _measures(world)
    measures.values_save(activity=world.done_activity, user=world.users["team_member"], values={referred.pk: 5})
    follow_up = FollowUp.objects.for_school(world.a).get()
    client.force_login(world.users["team_member"])
    typed = "x" * 2001  # longer than an outcome keeps
    refused = client.post(reverse("activities:follow_up_close", args=[world.a.pk, follow_up.pk]), {"outcome": typed})
    assert refused.status_code == 400 and typed in refused.content.decode()
    follow_up.refresh_from_db()
    assert follow_up.is_open
