"""Who the partnerships reached in a period, and who they never did (issue 26): the grades of the
school's level whose pupils took part in a done activity, and the school's staff who recorded one, sat in
the partnership team, or were named as taking part. The study found classes and teachers unevenly
involved; this is the list that shows it. The school keeps no list of its classes (rombel), so pupils
are seen by grade; the classes written beside named pupils ("7A") are listed as they were written."""

import re
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Sum

from mitra.activities.models import Participant, ParticipantCount, TeamTerm
from mitra.activities.selectors import activities_in, done_only
from mitra.activities.team import staff_of


def grades_of(school) -> tuple[int, ...]:
    """The grades of the school's level (none for a kindergarten, counted as one group)."""
    from mitra.activities.forms import GRADES

    return tuple(g for g in GRADES.get(school.level, ()) if g)


@dataclass
class Person:
    user: object
    recorded: int = 0  # done activities they recorded
    named: int = 0  # done activities they are named in
    in_team: bool = False

    @property
    def involved(self) -> bool:
        return bool(self.recorded or self.named or self.in_team)

    @property
    def name(self) -> str:
        return self.user.get_full_name() or self.user.get_username()


@dataclass
class Involvement:
    grades: list[dict] = field(default_factory=list)  # [{"grade", "activities", "pupils"}], every grade
    classes: list[str] = field(default_factory=list)  # as written beside named pupils
    people: list[Person] = field(default_factory=list)

    @property
    def grades_never(self) -> list[int]:
        return [row["grade"] for row in self.grades if not row["activities"]]

    @property
    def people_never(self) -> list[Person]:
        return [p for p in self.people if not p.involved]


def _key(name: str) -> str:
    return " ".join(name.casefold().split())


def involvement(*, school, start, end) -> Involvement:
    """Who took part in the done activities of the period, and who never did: five queries."""
    done = done_only(activities_in(school=school, start=start, end=end))
    by_grade = {
        row["grade"]: row
        for row in ParticipantCount.objects.for_school(school)
        .filter(activity__in=done, group=ParticipantCount.Group.STUDENTS, grade__gt=0)
        .values("grade")
        .annotate(activities=Count("activity", distinct=True), pupils=Sum("count"))
        .order_by()
    }
    found = Involvement(
        grades=[
            {
                "grade": g,
                "activities": by_grade.get(g, {}).get("activities", 0),
                "pupils": by_grade.get(g, {}).get("pupils", 0),
            }
            for g in grades_of(school)
        ]
    )
    named = (
        Participant.objects.for_school(school)
        .filter(activity__in=done)
        .values_list("group", "name", "detail", "activity")
    )
    adults, classes = [], set()
    for group, name, detail, _activity in named.distinct():
        if group == ParticipantCount.Group.STUDENTS and detail:
            classes.add(detail.strip())
        elif group in (ParticipantCount.Group.TEACHERS, ParticipantCount.Group.STAFF):
            adults.append(_key(name))  # "Bu Aminah, S.Pd." names Aminah; "Bu Daniati" does not name Ani
    found.classes = sorted(classes)
    recorded = Counter(dict(done.values("recorded_by").annotate(n=Count("id")).values_list("recorded_by", "n")))
    in_team = set(
        TeamTerm.objects.for_school(school)
        .filter(starts_on__lte=end, ends_on__gte=start)
        .values_list("user", flat=True)
    )
    for user in staff_of(school):
        full = _key(user.get_full_name())
        found.people.append(
            Person(
                user=user,
                recorded=recorded.get(user.pk, 0),
                named=sum(bool(re.search(rf"\b{re.escape(full)}\b", written)) for written in adults) if full else 0,
                in_team=user.pk in in_team,
            )
        )
    return found
