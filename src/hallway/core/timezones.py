"""Times are stored in UTC and shown in the viewer's zone; days are counted in a zone."""

import datetime
import zoneinfo
from typing import Protocol


class HasTimezone(Protocol):
    timezone: str


def organisation_today(organisation: HasTimezone, now: datetime.datetime) -> datetime.date:
    """The calendar day `now` falls on in the organisation's (or anyone's) zone."""
    return now.astimezone(zoneinfo.ZoneInfo(organisation.timezone)).date()
