from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mitra.documents.blocks import Table
from mitra.evaluation.kinds.base import DontKnow, Kind, dont_know_choice, radio, scale_summary, share


class YesNo(DontKnow, Kind):
    """Yes (stored as 1), no (0) or "don't know"."""

    key = "yes_no"
    label = gettext_lazy("Yes / no")
    api_answer = '"1", "0" or "dk" for yes/no'
    reads = frozenset({"scale", "distribution"})

    def field(self, item, common, messages):
        return radio([("1", _("Yes")), ("0", _("No")), dont_know_choice()], common, messages)

    def summarise(self, item, found, total):
        row = scale_summary(item["key"], found, total)
        counts = found.distribution.get(item["key"], {})
        row["yes"], row["no"] = counts.get(1, 0), counts.get(0, 0)
        row["yes_share"] = share(row["yes"], row["answered"])
        return row

    def report(self, rows, context):
        if not context.total:
            return []
        return [
            Table(
                [_("Question"), _("Yes"), _("No"), _("Don't know")],
                [[row["item"]["text"], str(row["yes"]), str(row["no"]), str(row["dont_know"])] for row in rows],
                numeric={1, 2, 3},
            )
        ]
