"""A partner's timeline: what every stage of the cycle recorded with this partner, newest first.

The partner directory comes first in the cycle and imports no stage; each stage registers a provider
here in its AppConfig.ready(), and the partner page asks them all."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Entry:
    date: datetime.date
    kind: str  # shown as a small label, e.g. "Forum sosialisasi"
    title: str
    url: str = ""
    note: str = ""


_providers: list[Callable] = []


def register(provider: Callable) -> None:
    """`provider(access=..., partner=...)` returns Entry objects; it should make one query."""
    if provider not in _providers:
        _providers.append(provider)


def entries_for(*, access, partner) -> list[Entry]:
    entries = [entry for provider in _providers for entry in provider(access=access, partner=partner)]
    return sorted(entries, key=lambda e: e.date, reverse=True)


@dataclass(frozen=True)
class Figures:
    """A few figures another stage keeps about the partner, shown as a card on the partner's page."""

    title: str
    lines: list  # [(label, value as read)]
    url: str = ""
    link: str = ""


_figures: list[Callable] = []


def register_figures(provider: Callable) -> None:
    """`provider(access=..., partner=...)` returns a Figures or None; it should make few queries."""
    if provider not in _figures:
        _figures.append(provider)


def figures_for(*, access, partner) -> list[Figures]:
    return [found for provider in _figures if (found := provider(access=access, partner=partner)) is not None]
