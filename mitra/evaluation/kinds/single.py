from django.utils.translation import gettext_lazy

from mitra.evaluation.kinds.base import Choice, radio


class Single(Choice):
    """One of the instrument's choices, stored as its words."""

    key = "single"
    label = gettext_lazy("One choice")
    api_answer = "a choice"
    reads = frozenset({"values", "answered"})

    def field(self, item, common, messages):
        return radio([(o, o) for o in item["options"]], common, messages)

    def store(self, value):
        return {"text": value.strip()}

    def counts(self, key, found):
        return found.values.get(key, {})
