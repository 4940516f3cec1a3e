"""`{{ day|long_date }}`, `|medium_date`, `|short_date`, `|date_time`, `|short_date_time`:
dates in the active language's own form (see `hallway.core.dates`), on pages and in
messages alike. `<time datetime>` attributes and form values stay ISO (`|date:"Y-m-d"`)."""

from django import template

from hallway.core import dates

register = template.Library()


@register.filter
def long_date(value: object) -> str:
    return dates.long_date(value)


@register.filter
def medium_date(value: object) -> str:
    return dates.medium_date(value)


@register.filter
def short_date(value: object) -> str:
    return dates.short_date(value)


@register.filter
def date_time(value: object) -> str:
    return dates.date_time(value)


@register.filter
def short_date_time(value: object) -> str:
    return dates.short_date_time(value)
