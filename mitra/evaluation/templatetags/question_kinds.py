from django import template

from mitra.evaluation import kinds

register = template.Library()


@register.filter
def summary_template(row: dict) -> str:
    """`{% include row|summary_template %}`: the template its kind shows a question's results with."""
    return kinds.get(row["kind"]).template
