"""`{{ share|percent }}` and `{{ value|number:1 }}`: numbers on pages as the charts write
them (one rounding rule, the active language's separators)."""

from django import template

from hallway.core import charts

register = template.Library()


@register.filter
def percent(value: float | None) -> str:
    return charts.percent(value)


@register.filter
def number(value: float | None, decimals: int = 0) -> str:
    return charts.number(value, decimals)
