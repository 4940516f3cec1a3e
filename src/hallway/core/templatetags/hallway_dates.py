"""`{{ day|long_date }}`, `|medium_date`, `|short_date`, `|date_time`, `|short_date_time`,
`|time_of_day`, `|weekday_time`, `|month_year`:
dates in the active language's own form (see `hallway.core.dates`), on pages and in
messages alike. `<time datetime>` attributes and form values stay ISO (`|date:"Y-m-d"`)."""

from django import template

from hallway.core import dates

register = template.Library()

# Each takes an optional language, `{{ day|long_date:"de" }}`; without it, the active one.
for _name in (
    "long_date",
    "medium_date",
    "month_year",
    "short_date",
    "date_time",
    "short_date_time",
    "time_of_day",
    "weekday_time",
):
    register.filter(_name, getattr(dates, _name))
