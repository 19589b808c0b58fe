"""The planning inbox: what earlier years left open (unresolved obstacles, recommendations with open
action items) for the team planning the year. Later stages register a provider in their
AppConfig.ready(); planning imports no later stage."""

from collections.abc import Callable

_providers: list[Callable] = []


def register(provider: Callable) -> None:
    """`provider(access=..., year=...)` returns mitra.schools.todo.Todo items."""
    if provider not in _providers:
        _providers.append(provider)


def items_for(*, access, year) -> list:
    return [item for provider in _providers for item in provider(access=access, year=year)]
