"""A person's working week, in their own zone and as someone in another zone sees it."""

import datetime
import zoneinfo
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

# ISO weekday numbers, as stored in Person.working_days.
WEEKDAYS = {
    1: _("Monday"),
    2: _("Tuesday"),
    3: _("Wednesday"),
    4: _("Thursday"),
    5: _("Friday"),
    6: _("Saturday"),
    7: _("Sunday"),
}


@dataclass(frozen=True)
class WorkingSpan:
    """One working day: local times in the person's zone and the same span in the viewer's."""

    weekday: int
    start: datetime.time
    end: datetime.time
    viewer_start_weekday: int
    viewer_start: datetime.time
    viewer_end_weekday: int
    viewer_end: datetime.time

    @property
    def weekday_name(self) -> str:
        return str(WEEKDAYS[self.weekday])

    @property
    def viewer_start_weekday_name(self) -> str:
        return str(WEEKDAYS[self.viewer_start_weekday])

    @property
    def viewer_end_weekday_name(self) -> str:
        return str(WEEKDAYS[self.viewer_end_weekday])

    @property
    def viewer_crosses_midnight(self) -> bool:
        return self.viewer_start_weekday != self.viewer_end_weekday


def working_week(
    *,
    timezone_name: str,
    work_start: datetime.time,
    work_end: datetime.time,
    working_days: list[int],
    viewer_timezone_name: str,
    today: datetime.date,
) -> list[WorkingSpan]:
    """Each working day of the week containing `today`, converted to the viewer's zone.

    The current week is used because the offset between two zones changes with daylight
    saving time: what matters is how the hours fall this week.
    """
    zone = zoneinfo.ZoneInfo(timezone_name)
    viewer_zone = zoneinfo.ZoneInfo(viewer_timezone_name)
    monday = today - datetime.timedelta(days=today.isoweekday() - 1)
    spans = []
    for weekday in sorted(working_days):
        day = monday + datetime.timedelta(days=weekday - 1)
        start = datetime.datetime.combine(day, work_start, tzinfo=zone).astimezone(viewer_zone)
        end = datetime.datetime.combine(day, work_end, tzinfo=zone).astimezone(viewer_zone)
        spans.append(
            WorkingSpan(
                weekday=weekday,
                start=work_start,
                end=work_end,
                viewer_start_weekday=start.isoweekday(),
                viewer_start=start.time(),
                viewer_end_weekday=end.isoweekday(),
                viewer_end=end.time(),
            )
        )
    return spans


def local_now(timezone_name: str, now: datetime.datetime) -> datetime.datetime:
    """`now` (aware) as a wall-clock time in `timezone_name`; UTC when the zone is unknown."""
    try:
        zone = zoneinfo.ZoneInfo(timezone_name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = zoneinfo.ZoneInfo("UTC")
    return now.astimezone(zone)
