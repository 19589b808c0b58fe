from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mitra.evaluation.kinds.base import Choice


class Multiple(Choice):
    """Any of the instrument's choices, stored as the list of their words."""

    key = "multiple"
    label = gettext_lazy("Several choices")
    api_answer = "a list of choices"
    reads = frozenset({"several", "answered"})

    def field(self, item, common, messages):
        return forms.MultipleChoiceField(
            choices=[(o, o) for o in item["options"]],
            widget=forms.CheckboxSelectMultiple,
            error_messages={**messages, "invalid_choice": _("Choose among the answers shown.")},
            **common,
        )

    def store(self, value):
        return {"choices": list(value)}

    def counts(self, key, found):
        return found.several.get(key, {})
