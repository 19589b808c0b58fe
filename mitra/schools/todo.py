"""A person's to-do list across the cycle. Planning's tasks come first; later stages (evaluations to
answer, obstacles and action items to handle) register a provider in their AppConfig.ready()."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet


@dataclass(frozen=True)
class Todo:
    kind: str  # shown as a small label
    title: str
    url: str
    due: datetime.date | None = None
    note: str = ""


_providers: list[Callable] = []
_counters: dict[Callable, Callable] = {}


def register(provider: Callable, *, count: Callable | None = None) -> None:
    """`provider(access=..., user=...)` returns Todo items; it should make a fixed number of queries.
    `count(access=..., user=..., year=...)`, if given, tells how many it would return without making
    the items (the dashboard's card shows only the number; `year` is the school's current year): as
    querysets whose rows are its items one for one, {name: queryset}, and a number of items counted
    otherwise."""
    if provider not in _providers:
        _providers.append(provider)
    if count is not None:
        _counters[provider] = count


def pending(*, access, user, year) -> tuple[dict[str, QuerySet], int]:
    """What `todos_for` would list, as querysets to count and a number counted otherwise, so that a
    page that shows only how many counts them in a query of its own with its other counts."""
    querysets, n = {}, 0
    for i, provider in enumerate(_providers):
        if provider in _counters:
            found, more = _counters[provider](access=access, user=user, year=year)
            querysets.update({f"todo{i}_{name}": queryset for name, queryset in found.items()})
            n += more
        else:
            n += len(provider(access=access, user=user))
    return querysets, n


def todos_for(*, access, user) -> list[Todo]:
    items = [item for provider in _providers for item in provider(access=access, user=user)]
    return sorted(items, key=lambda t: (t.due is None, t.due or datetime.date.max))
