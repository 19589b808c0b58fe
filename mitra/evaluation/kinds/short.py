from django import forms
from django.utils.translation import gettext_lazy

from mitra.evaluation.kinds.base import Text

MAX_SHORT = 300


class Short(Text):
    key = "short"
    label = gettext_lazy("Short text")
    api_answer = "a text"
    limit = MAX_SHORT

    def widget(self):
        return forms.TextInput()
