from django import forms
from django.utils.translation import gettext_lazy

from mitra.evaluation.kinds.base import Text

MAX_LONG = 5000


class Long(Text):
    key = "long"
    label = gettext_lazy("Long text")
    api_answer = "a text"
    limit = MAX_LONG

    def widget(self):
        return forms.Textarea(attrs={"rows": 3})
