"""`{% organisation_series as series %}`: the series of recurring gatherings shown on the
gatherings list (its view stays as it is; the list only adds this section)."""

from typing import Any

from django import template
from django.utils import timezone

from hallway.gatherings.selectors.series import series_listed, series_next_start

register = template.Library()


@register.simple_tag(takes_context=True)
def organisation_series(context: Any) -> list[dict[str, Any]]:
    """The current organisation's series, each with when it next meets."""
    request = context["request"]
    now = timezone.now()
    return [
        {
            "series": series,
            "audience": (series.team or series.location or series.department),
            "next": series_next_start(series=series, now=now) if series.active else None,
        }
        for series in series_listed(organisation=request.organisation)
    ]
