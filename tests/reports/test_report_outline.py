"""A report's parts are numbered by where they stand in that kind of report (content.PARTS): the
agreements are A.5 of the annual report and A.2 of a partnership report, and every stage counts
1, 2, 3… with no gap, whichever parts it holds."""

import pytest

from mitra.partners.models import Partner
from mitra.reports import content
from mitra.reports.scope import Kind, Scope
from mitra.schools.services import current_year


@pytest.mark.parametrize("kind", Kind.ALL)
def test_each_stage_numbers_its_parts_in_order_without_gaps(demo, kind):
    school, access = demo
    partner = Partner.objects.for_school(school).first() if kind == Kind.PARTNERSHIP else None
    report = content.build(Scope(access=access, kind=kind, year=current_year(school), language="en", partner=partner))
    stages = [s.number for s in report.sections if s.level == 1 and s.number]
    assert stages == list(content.PARTS[kind])
    for letter, names in content.PARTS[kind].items():
        parts = [s for s in report.sections if s.level == 2 and s.number.startswith(f"{letter}.")]
        assert [s.number for s in parts] == [f"{letter}.{n}" for n in range(1, len(names) + 1)]
    agreements = next(s for s in report.sections if s.title == "Cooperation agreements")
    assert agreements.number == f"A.{content.PARTS[kind]['A'].index('agreements') + 1}"
