"""The two writings of "in force" agree: for random renewal chains (early, on time, late), terminations
and addenda, on random days, the Python predicate and the database's query condition pick the same
agreements, every status the same rows, and of one partner's renewal chain at most one agreement is
in force on any day.

The rows are made as the services leave them (agreements/services.py): only a signed agreement is
renewed or gets a new version, a renewal starts after the agreement it renews started, a termination
falls between the start and the end, and the renewal link runs between the newest signed versions."""

import datetime

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mitra.agreements.models import Agreement, Party
from mitra.agreements.selectors import in_force_by_school
from mitra.agreements.status import Status, ends_unrenewed, in_force_q, is_in_force, status_of, status_q
from mitra.schools.models import Foundation, School
from tests.conftest import make_partner

D0 = datetime.date(2025, 1, 1)
SIGNED = ("signed", "terminated")


@st.composite
def versions(draw, *, start, signed_only):
    """One agreement's versions, oldest first: (stage, end, terminated_on). Every version but the
    newest is signed (only a signed one gets a new version); each starts where the first does."""
    count = draw(st.integers(1, 2))
    found = []
    for n in range(count):
        newest = n == count - 1
        stages = SIGNED if (signed_only and n == 0) or not newest else ("draft", "review", *SIGNED)
        stage = draw(st.sampled_from(stages))
        end = start + datetime.timedelta(days=draw(st.integers(0, 800)))
        terminated_on = (
            start + datetime.timedelta(days=draw(st.integers(0, (end - start).days))) if stage == "terminated" else None
        )
        found.append((stage, end, terminated_on))
    return found


@st.composite
def chains(draw):
    """A renewal chain: 1–4 agreements, each with its versions and its start date."""
    start = D0 + datetime.timedelta(days=draw(st.integers(0, 60)))
    links = []
    length = draw(st.integers(1, 4))
    for k in range(length):
        if k:
            # Renewed early (before the end), on time or late (after a gap): only after the start.
            start = start + datetime.timedelta(days=draw(st.integers(1, 900)))
        links.append((start, draw(versions(start=start, signed_only=k < length - 1))))
    return links


def _build(school, partner, chain) -> list[list[Agreement]]:
    made = []
    for i, (start, found) in enumerate(chain):
        lineage, previous = [], None
        for n, (stage, end, terminated_on) in enumerate(found, start=1):
            previous = Agreement.all_schools.create(
                school=school,
                kind="mou",
                title=f"MoU {i}.{n}",
                start_date=start,
                end_date=end,
                stage=stage,
                terminated_on=terminated_on,
                version=n,
                previous_version=previous,
            )
            Party.all_schools.create(school=school, agreement=previous, is_first_party=True)
            Party.all_schools.create(school=school, agreement=previous, partner=partner, position=1)
            lineage.append(previous)
        made.append(lineage)
    for renewed, renewal in zip(made, made[1:], strict=False):
        holder = [a for a in renewed if a.stage in SIGNED][-1]
        signed_renewals = [a for a in renewal if a.stage in SIGNED]
        holder.renewed_by = signed_renewals[-1] if signed_renewals else renewal[0]
        holder.save(update_fields=["renewed_by"])
    return made


@pytest.fixture
def place(db):
    school = School.objects.create(foundation=Foundation.objects.create(name="Yayasan Uji"), name="MTs Uji")
    return school, make_partner(school, "Puskesmas Uji")


# Days near an agreement's own dates, where an off-by-one would show: (which agreement, which date, ±).
EDGES = st.lists(
    st.tuples(st.integers(0, 7), st.sampled_from(["start_date", "end_date", "terminated_on"]), st.integers(-1, 1)),
    max_size=5,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(chain=chains(), offsets=st.lists(st.integers(-30, 3200), min_size=1, max_size=5), edges=EDGES)
def test_it_tells_in_force_the_same_in_python_and_in_the_database(place, chain, offsets, edges):
    school, partner = place
    with transaction.atomic():
        _build(school, partner, chain)
        rows = Agreement.objects.for_school(school).select_related("renewed_by", "next_version")
        agreements = list(rows)
        days = [D0 + datetime.timedelta(days=offset) for offset in offsets]
        for i, name, shift in edges:
            date = getattr(agreements[i % len(agreements)], name)
            if date is not None:
                days.append(date + datetime.timedelta(days=shift))
        for day in days:
            in_python = {a.pk for a in agreements if is_in_force(a, day)}
            in_database = set(rows.filter(in_force_q(day)).values_list("pk", flat=True))
            assert in_python == in_database, day
            assert len(in_python) <= 1, (day, in_python)  # one chain, one partner: at most one in force
            for status in Status:
                by_query = set(rows.filter(status_q(status, day)).values_list("pk", flat=True))
                assert by_query == {a.pk for a in agreements if status_of(a, day) == status}, (day, status)
            assert in_python == {a.pk for a in agreements if status_of(a, day) in (Status.ACTIVE, Status.EXPIRING)}
            # The foundation dashboard's count, in one grouped query: in force, and of them expiring.
            row = in_force_by_school(schools=[school], today=day).get(school.pk, {"n": 0, "expiring": 0})
            expiring = {a.pk for a in agreements if ends_unrenewed(a, day)}
            assert (row["n"], row["expiring"]) == (len(in_python), len(expiring)), day
        transaction.set_rollback(True)
