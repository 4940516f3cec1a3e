"""Sending windows: when a message may reach its recipient, in the recipient's own zone.

A person gets messages inside their working hours (on their working days); anyone gets
none during the organisation's quiet hours. Both are read in the recipient's local time,
so a Berlin and a São Paulo colleague each get theirs at a sensible hour, across DST.
"""

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

# How far ahead to look for an open window before giving up and sending anyway: a person
# whose working hours all fall inside quiet hours must still get their messages.
LOOKAHEAD_DAYS = 8


@dataclass(frozen=True)
class Window:
    timezone: str
    work_start: datetime.time | None = None
    work_end: datetime.time | None = None
    working_days: frozenset[int] = frozenset(range(1, 8))
    quiet_start: datetime.time | None = None
    quiet_end: datetime.time | None = None

    def _working(self, local: datetime.datetime) -> bool:
        if self.work_start is None or self.work_end is None:
            return local.isoweekday() in self.working_days
        at = local.time()
        if self.work_start < self.work_end:
            return local.isoweekday() in self.working_days and self.work_start <= at < self.work_end
        # Hours past midnight (22:00-06:00) belong to the day they started on.
        yesterday = (local - datetime.timedelta(days=1)).isoweekday()
        return (local.isoweekday() in self.working_days and at >= self.work_start) or (
            yesterday in self.working_days and at < self.work_end
        )

    def _quiet(self, local: datetime.datetime) -> bool:
        if self.quiet_start is None or self.quiet_end is None or self.quiet_start == self.quiet_end:
            return False
        at = local.time()
        if self.quiet_start < self.quiet_end:
            return self.quiet_start <= at < self.quiet_end
        return at >= self.quiet_start or at < self.quiet_end

    def allows(self, moment: datetime.datetime) -> bool:
        local = moment.astimezone(ZoneInfo(self.timezone))
        return self._working(local) and not self._quiet(local)

    def next_open(self, moment: datetime.datetime) -> datetime.datetime:
        """`moment` if the window is open then, else the next instant it opens."""
        if self.allows(moment):
            return moment
        zone = ZoneInfo(self.timezone)
        today = moment.astimezone(zone).date()
        openings = [time for time in (self.work_start, self.quiet_end) if time is not None]
        openings.append(datetime.time(0, 0))
        candidates = sorted(
            datetime.datetime.combine(today + datetime.timedelta(days=offset), at, tzinfo=zone)
            for offset in range(LOOKAHEAD_DAYS)
            for at in openings
        )
        for candidate in candidates:
            if candidate > moment and self.allows(candidate):
                return candidate.astimezone(datetime.UTC)
        return moment
