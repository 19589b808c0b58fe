"""The rotation planner: which teachers sit in the partnership team in which term (MODEL.md §2.2,
"teachers rotate through the team so that everyone owns it").

The rules, each checked by property tests:
- every term gets as many teachers as it has seats, or everyone available if fewer are;
- nobody is placed in a term they said they cannot serve, and every pin is kept;
- nobody serves twice before everyone available has served once: a term takes, among the people
  available, those with the fewest terms so far; ties go to whoever has waited longest, then to
  the order of the list (so the same input always gives the same plan);
- so, with no pins and no unavailability, loads differ by at most one term at the end.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Problem:
    period: int
    person: int
    message: str


def check_inputs(
    *, people: list[int], periods: int, seats: int, unavailable: dict[int, set[int]], pins: dict[int, set[int]]
) -> None:
    """Refuse what cannot be planned: a pin on someone unavailable, more pins than seats, strangers."""
    if seats < 1:
        raise ValidationError({"seats": _("A term needs at least one seat.")})
    if periods < 1:
        raise ValidationError(_("There is no term to plan."))
    if len(set(people)) != len(people) or not people:
        raise ValidationError({"candidates": _("Choose the teachers who rotate, each once.")})
    for period, pinned in pins.items():
        if not 0 <= period < periods:
            raise ValidationError(_("A pin names a term outside the plan."))
        if not set(pinned) <= set(people):
            raise ValidationError(_("A pinned person is not among the teachers who rotate."))
        if len(pinned) > seats:
            raise ValidationError(_("Term %(n)s has more pinned people than seats.") % {"n": period + 1})
        if set(pinned) & set(unavailable.get(period, ())):
            raise ValidationError(_("Term %(n)s pins someone who cannot serve in it.") % {"n": period + 1})


def propose(
    *,
    people: list[int],
    periods: int,
    seats: int,
    unavailable: dict[int, set[int]] | None = None,
    pins: dict[int, set[int]] | None = None,
    served: dict[int, int] | None = None,
) -> list[list[int]]:
    """One list of people per term. `served` counts terms people already had before this plan, so a
    second plan continues the first one's fairness."""
    unavailable = {p: set(v) for p, v in (unavailable or {}).items()}
    pins = {p: set(v) for p, v in (pins or {}).items()}
    check_inputs(people=people, periods=periods, seats=seats, unavailable=unavailable, pins=pins)
    load = {person: (served or {}).get(person, 0) for person in people}
    last = dict.fromkeys(people, -1)  # the last term served in this plan; -1: not yet
    order = {person: index for index, person in enumerate(people)}
    plan = []
    for period in range(periods):
        chosen = [person for person in people if person in pins.get(period, set())]
        free = [person for person in people if person not in chosen and person not in unavailable.get(period, set())]
        free.sort(key=lambda person: (load[person], last[person], order[person]))
        chosen += free[: max(0, seats - len(chosen))]
        for person in chosen:
            load[person] += 1
            last[person] = period
        plan.append(sorted(chosen, key=order.get))
    return plan


def problems_in(
    plan: list[list[int]], *, people: list[int], seats: int, unavailable: dict[int, set[int]]
) -> list[Problem]:
    """What an edited plan breaks, for the page to show before it is confirmed."""
    found = []
    for period, chosen in enumerate(plan):
        for person in chosen:
            if person not in people:
                found.append(Problem(period, person, _("is not among the teachers who rotate")))
            elif person in unavailable.get(period, set()):
                found.append(Problem(period, person, _("said they cannot serve in this term")))
        if len(chosen) > seats:
            found.append(Problem(period, 0, _("more people than seats")))
        if len(set(chosen)) != len(chosen):
            found.append(Problem(period, 0, _("someone is listed twice")))
    return found


def loads(plan: list[list[int]], people: list[int]) -> dict[int, int]:
    counted = dict.fromkeys(people, 0)
    for chosen in plan:
        for person in chosen:
            counted[person] = counted.get(person, 0) + 1
    return counted
