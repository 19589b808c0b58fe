from django import template

from mitra.reports import charts

register = template.Library()


@register.filter
def svg(chart):
    """A chart drawn as inline SVG: the same drawing on the page and in the PDF."""
    return charts.svg(chart)
