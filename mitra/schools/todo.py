"""A person's to-do list across the cycle. Planning's tasks come first; later stages (evaluations to
answer, obstacles and action items to handle) register a provider in their AppConfig.ready()."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass


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
    `count(access=..., user=..., year=...)`, if given, says how many it would return without loading
    them (the dashboard's card shows only the number; `year` is the school's current year)."""
    if provider not in _providers:
        _providers.append(provider)
    if count is not None:
        _counters[provider] = count


def count_for(*, access, user, year) -> int:
    """How many items `todos_for` would list."""
    return sum(
        _counters[provider](access=access, user=user, year=year)
        if provider in _counters
        else len(provider(access=access, user=user))
        for provider in _providers
    )


def todos_for(*, access, user) -> list[Todo]:
    items = [item for provider in _providers for item in provider(access=access, user=user)]
    return sorted(items, key=lambda t: (t.due is None, t.due or datetime.date.max))
