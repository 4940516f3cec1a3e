"""Reads for the series of recurring gatherings: the list, and when each next meets."""

import datetime
from typing import Any

from django.db.models import QuerySet

from hallway.accounts.models import Organisation
from hallway.accounts.tenancy import scoped
from hallway.engine.cadence import occurrences_after
from hallway.gatherings.models import GatheringSeries
from hallway.gatherings.services.series import series_recurrence


def series_listed(*, organisation: Organisation) -> QuerySet[GatheringSeries]:
    """The organisation's series with their audience and hosts, by title."""
    return (
        scoped(GatheringSeries, organisation)
        .select_related("team", "location", "organisation")
        .prefetch_related("hosts")
    )


def series_next_start(
    *, series: GatheringSeries, now: datetime.datetime
) -> datetime.datetime | None:
    """When the series next meets (before holidays skip a date), or None."""
    found = occurrences_after(series_recurrence(series), now, 1)
    return found[0] if found else None


def series_overview(*, organisation: Organisation, now: datetime.datetime) -> list[dict[str, Any]]:
    """The organisation's series for the gatherings list, each with its audience and when
    it next meets (None while paused)."""
    return [
        {
            "series": series,
            "audience": series.team or series.location or series.department,
            "next": series_next_start(series=series, now=now) if series.active else None,
        }
        for series in series_listed(organisation=organisation)
    ]
