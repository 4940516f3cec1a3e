"""A person's working week, in their own zone and as someone in another zone sees it, and
as the engine sees it (`schedule_of`)."""

import datetime
import zoneinfo
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from hallway.engine.model import Participant

if TYPE_CHECKING:
    from hallway.people.models import Person

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


# Anyone whose hours nobody wrote down: nine to five on weekdays.
DEFAULT_START = datetime.time(9, 0)
DEFAULT_END = datetime.time(17, 0)
WORKDAYS = frozenset({1, 2, 3, 4, 5})


def working_days_of(value: object) -> frozenset[int]:
    """Stored ISO working days (a JSON list), weekdays when there are none."""
    days = frozenset(int(day) for day in value) if isinstance(value, list | tuple) else WORKDAYS
    return days or WORKDAYS


def schedule(
    pid: str,
    *,
    zone: str,
    start: datetime.time | None,
    end: datetime.time | None,
    days: object,
) -> Participant:
    """Someone's working week as the engine sees it; nine to five when the hours are not
    both known."""
    if start is None or end is None:
        start, end = DEFAULT_START, DEFAULT_END
    return Participant(
        id=pid, timezone=zone, work_start=start, work_end=end, working_days=working_days_of(days)
    )


def person_schedule(person: "Person", *, pid: str, fallback_zone: str = "UTC") -> Participant:
    """A person from the directory as the engine sees them for finding a time."""
    return schedule(
        pid,
        zone=person.timezone or fallback_zone,
        start=person.work_start,
        end=person.work_end,
        days=person.working_days,
    )


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
