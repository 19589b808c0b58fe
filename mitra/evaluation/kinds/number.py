from decimal import Decimal

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mitra.evaluation.kinds.base import Kind, scale_summary


class Number(Kind):
    """A number (how many came, how many hours), with up to two decimals."""

    key = "number"
    label = gettext_lazy("Number")
    api_answer = "a number"
    reads = frozenset({"scale"})

    def field(self, item, common, messages):
        return forms.DecimalField(
            max_digits=12,
            decimal_places=2,
            min_value=Decimal("-999999999"),
            max_value=Decimal("999999999"),
            error_messages={"invalid": _("Write a number, e.g. 12 or 2.5."), "required": messages["required"]},
            widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "any"}),
            **common,
        )

    def store(self, value):
        return {"number": value}

    def summarise(self, item, found, total):
        return scale_summary(item["key"], found, total)

    def report(self, rows, context):
        return []  # the round's page shows the mean; the report leaves it out
