"""What later stages tell the team planning a year. Later stages register providers in their
AppConfig.ready(); planning imports no later stage.

- The inbox: what earlier years left open (unresolved obstacles, recommendations with open action
  items).
- The decisions: what the evaluation of a year decided for each partnership (continue, extend,
  revise, stop), which drafting the next year's plan shows beside the items concerned."""

from collections.abc import Callable
from dataclasses import dataclass

_providers: list[Callable] = []
_decision_providers: list[Callable] = []


def register(provider: Callable) -> None:
    """`provider(access=..., year=...)` returns mitra.schools.todo.Todo items."""
    if provider not in _providers:
        _providers.append(provider)


def items_for(*, access, year) -> list:
    return [item for provider in _providers for item in provider(access=access, year=year)]


@dataclass(frozen=True)
class Decision:
    partner_id: int
    decision: str  # "continue", "extend", "revise" or "stop"
    label: str
    reasons: str
    url: str = ""

    @property
    def is_stop(self) -> bool:
        return self.decision == "stop"


def register_decisions(provider: Callable) -> None:
    """`provider(school=..., year=...)` returns the Decisions of that school year, newest last."""
    if provider not in _decision_providers:
        _decision_providers.append(provider)


def decisions_of(*, school, year) -> dict[int, Decision]:
    """partner id -> the year's last decision about that partnership."""
    return {d.partner_id: d for provider in _decision_providers for d in provider(school=school, year=year)}
