"""Where the apps above the core plug into it. `schools` is the core and imports no feature app (the
layers contract in pyproject.toml); what it needs from one is declared here, and that app connects to
it in its AppConfig.ready(), as the stages do with partners/timeline.py:

- `place_changed`, a signal: a person's own place in a school changed; notifications tells them.
- `representable_partners` and `partner_counts`, questions about partners; the partners app answers."""

from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured
from django.dispatch import Signal

# Sent when a person is invited to a school, or their role, partner or access there changes, with
# `school`, `person`, `words` (language -> the text in that language) and `url` (may be empty).
place_changed = Signal()


class Question:
    """Something the core asks an app above it; the one app that knows gives its answer in ready()."""

    def __init__(self, text: str):
        self.text = text
        self._answer: Callable | None = None

    def answer_with(self, function: Callable) -> None:
        self._answer = function

    def __call__(self, *args, **kwargs):
        if self._answer is None:
            raise ImproperlyConfigured(f"No installed app answers: {self.text}")
        return self._answer(*args, **kwargs)


# (school) -> the queryset of partners offered when a person is made a partner representative.
representable_partners = Question("which partners may a representative of this school stand for?")

# (schools) -> {school id: number of its partners in use}, in one query, for a foundation's list of schools.
partner_counts = Question("how many partners does each of these schools work with?")
