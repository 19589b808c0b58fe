"""The partnerships' health as evaluation/partnership.py computes it (a few grouped queries, and
agreements/status.py's rules over one read of the agreements that span the day) says what the formula
in its docstring says, computed here in Python row by row: for random activities (done or not, long
ago or lately, with evidence or without), obstacles (open, being handled, resolved) and renewal chains
of agreements, on random days, in the same few queries however long the chain. The evaluation part
(the mean rating) is left to test_partnership.py's hand-computed example."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mitra.activities.models import Activity, Evidence
from mitra.agreements.models import Agreement
from mitra.agreements.status import SIGNED_STAGES, ends_unrenewed, is_in_force
from mitra.evaluation import partnership
from mitra.evaluation.models import Obstacle
from mitra.files.models import StoredFile
from mitra.partners.models import Partner
from tests.agreements.test_in_force_property import D0, _build, chains, place  # noqa: F401 (the fixture)
from tests.conftest import make_partner

ACTIVITIES = st.lists(
    st.tuples(
        st.integers(0, 2),  # which partner (of three)
        st.sampled_from(["done", "done", "planned", "cancelled"]),
        st.integers(-60, 1300),  # days after D0
        st.booleans(),  # with evidence
    ),
    max_size=12,
)
OBSTACLES = st.lists(
    st.tuples(st.integers(0, 2), st.sampled_from(["open", "handling", "resolved"]), st.integers(1, 3)), max_size=4
)


def _expected(partner, activities, obstacles, agreements, today) -> dict:
    since = today - datetime.timedelta(days=partnership.WINDOW_DAYS)
    first_month = partnership._months_ago(today, partnership.REGULARITY_MONTHS)
    done = [a for a in activities if partner in a.partners_ and a.status == "done" and a.start_date <= today]
    recent = [a for a in done if a.start_date >= since]
    raised = [o for o in obstacles if o.partner_id == partner.pk]
    theirs = [a for a in agreements if partner.pk in a.partner_ids]
    in_force = [a for a in theirs if is_in_force(a, today)]
    signed = [a for a in theirs if a.stage in SIGNED_STAGES and (a.signed_on is None or a.signed_on <= today)]
    if not (done or raised or signed):
        return dict.fromkeys(("regularity", "obstacles", "agreement", "documentation"))
    open_severity = sum(o.severity for o in raised if o.status in ("open", "handling"))
    months = {(a.start_date.year, a.start_date.month) for a in done if a.start_date >= first_month}
    return {
        "regularity": Decimal(len(months)) / partnership.REGULARITY_MONTHS,
        "obstacles": max(Decimal(0), 1 - partnership.SEVERITY_WEIGHT * open_severity) if recent or raised else None,
        "agreement": (
            Decimal(0)
            if not in_force
            else Decimal(1)
            if any(not ends_unrenewed(a, today) for a in in_force)
            else Decimal("0.5")
        ),
        "documentation": Decimal(sum(a.with_evidence for a in recent)) / len(recent) if recent else None,
    }


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    activities=ACTIVITIES,
    obstacles=OBSTACLES,
    chain=chains(),
    offsets=st.lists(st.integers(0, 1400), min_size=1, max_size=3),
)
def test_the_health_in_the_database_is_the_formula_row_by_row(place, activities, obstacles, chain, offsets):  # noqa: F811
    school, first = place
    with transaction.atomic():
        partners = [first, make_partner(school, "Polsek Uji"), make_partner(school, "Pesantren Uji")]
        made = []
        for n, (who, status, offset, evidence) in enumerate(activities):
            activity = Activity.all_schools.create(
                school=school, title=f"Kegiatan {n}", status=status, start_date=D0 + datetime.timedelta(days=offset)
            )
            activity.partners.add(partners[who])
            if evidence:
                stored = StoredFile.all_schools.create(
                    school=school,
                    path=f"uji/{n}.pdf",
                    original_name="bukti.pdf",
                    content_type="application/pdf",
                    size=1,
                    sha256="0" * 64,
                )
                Evidence.all_schools.create(school=school, activity=activity, file=stored, kind="document")
            activity.partners_, activity.with_evidence = {partners[who]}, evidence
            made.append(activity)
        raised = [
            Obstacle.all_schools.create(
                school=school,
                title=f"Kendala {n}",
                category="other",
                status=status,
                severity=severity,
                partner=partners[who],
            )
            for n, (who, status, severity) in enumerate(obstacles)
        ]
        _build(school, first, chain)
        agreements = list(Agreement.objects.for_school(school).select_related("renewed_by", "next_version"))
        for agreement in agreements:
            agreement.partner_ids = set(agreement.parties.exclude(partner=None).values_list("partner", flat=True))
        as_query = Partner.objects.for_school(school).values_list("pk", flat=True)
        for offset in offsets:
            today = D0 + datetime.timedelta(days=offset)
            with CaptureQueriesContext(connection) as queries:
                found = partnership.health_of(school=school, partner_ids=[p.pk for p in partners], today=today)
            # Four, and two more for partnerships with nothing recent: none per agreement or renewal
            # (agreements/status.py's RULES_READ names all that its rules read).
            assert len(queries) <= 6, [q["sql"] for q in queries]
            # The same asked as a subquery (a foundation's thousands), every partnership beyond the list.
            with pytest.MonkeyPatch.context() as patch:
                patch.setattr(partnership, "LISTED_AT_MOST", 0)
                by_query = partnership.health_across(schools=[school], partner_ids=as_query, today=today)
            for partner in partners:
                expected = _expected(partner, made, raised, agreements, today)
                parts = {name: found[partner.pk].parts[name] for name in expected}
                assert parts == expected, (partner.name, today)
                assert {name: by_query[partner.pk].parts[name] for name in expected} == expected
        transaction.set_rollback(True)
