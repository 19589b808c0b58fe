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


def register(provider: Callable) -> None:
    """`provider(access=..., user=...)` returns Todo items; it should make a fixed number of queries."""
    if provider not in _providers:
        _providers.append(provider)


def todos_for(*, access, user) -> list[Todo]:
    items = [item for provider in _providers for item in provider(access=access, user=user)]
    return sorted(items, key=lambda t: (t.due is None, t.due or datetime.date.max))
