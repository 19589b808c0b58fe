"""What a report covers: one school, a period (a school year or one of its semesters), and
optionally one partnership. Every section reads the school's rows through the scope, so a
semester report and a partnership report are the annual report narrowed, never a different sum."""

import datetime
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from mitra.activities.selectors import activities_in, done_only
from mitra.documents.dates import long_date
from mitra.planning.selectors import plan_in_force


class Kind:
    ANNUAL = "annual"
    SEMESTER = "semester"
    PARTNERSHIP = "partnership"
    ACCOUNTABILITY = "accountability"
    ALL = (ANNUAL, SEMESTER, PARTNERSHIP, ACCOUNTABILITY)


@dataclass
class Scope:
    access: object
    kind: str
    year: object  # AcademicYear
    language: str = "id"
    semester: int | None = None
    partner: object | None = None
    today: datetime.date = field(default_factory=timezone.localdate)

    @property
    def school(self):
        return self.access.school

    @property
    def start(self) -> datetime.date:
        return self.year.second_semester_start if self.semester == 2 else self.year.start_date

    @property
    def end(self) -> datetime.date:
        return self.year.first_semester_end if self.semester == 1 else self.year.end_date

    @property
    def as_of(self) -> datetime.date:
        """Statuses are told as they stood at the end of the period, or today if it has not ended."""
        return min(self.end, self.today)

    @property
    def period_label(self) -> str:
        year = _("School year %(year)s") % {"year": self.year.name}
        if self.semester:
            names = {1: _("Semester 1 (odd)"), 2: _("Semester 2 (even)")}
            year = f"{names[self.semester]} · {year}"
        return year

    @property
    def dates_label(self) -> str:
        return f"{long_date(self.start, self.language)} – {long_date(self.end, self.language)}"

    def within(self, name: str) -> Q:
        return Q(**{f"{name}__gte": self.start, f"{name}__lte": self.end})

    @cached_property
    def plan(self):
        """The year's plan in force (its approved revision; before any approval, its draft)."""
        return plan_in_force(school=self.school, year=self.year)

    def with_partner(self, queryset, path: str = "partner"):
        """Narrowed to the partnership, for a partnership report; `path` leads to the partner."""
        if self.partner is None:
            return queryset
        return queryset.filter(**{path: self.partner})

    def activities(self):
        return activities_in(school=self.school, start=self.start, end=self.end, partner=self.partner)

    def done_activities(self):
        return done_only(self.activities())
