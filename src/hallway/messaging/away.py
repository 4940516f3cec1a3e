"""Nobody is pinged while they are away: a message to a person on holiday (their location's
or the organisation's), out of office or paused waits for their first day back; sending
windows then put it inside that day's working hours.

Only messages that sending windows apply to are held (not transactional ones, not when
windows are switched off). Days off are the windows' business, not a hold.
"""

import datetime
from collections import defaultdict
from zoneinfo import ZoneInfo

from hallway.absences.selectors import AbsenceCalendar
from hallway.messaging.models import OutboxMessage

# How far ahead to look for someone's first day back; a longer absence is looked at again
# when this many days have passed.
LOOKAHEAD_DAYS = 45


class AwayHolds:
    """For one batch of messages: when each person recipient is back, read with one
    calendar (two queries) per organisation."""

    def __init__(self, batch: list[OutboxMessage], *, now: datetime.datetime) -> None:
        self.now = now
        first = (now - datetime.timedelta(days=1)).date()  # zones behind UTC
        self.last = (now + datetime.timedelta(days=LOOKAHEAD_DAYS + 1)).date()
        people: dict[int, set[int]] = defaultdict(set)
        organisations = {}
        for message in batch:
            if message.person_id is not None and not message.transactional:
                people[message.organisation_id].add(message.person_id)
                organisations[message.organisation_id] = message.organisation
        self.calendars = {
            organisation_id: AbsenceCalendar(
                organisation=organisations[organisation_id],
                first=first,
                last=self.last,
                person_ids=person_ids,
            )
            for organisation_id, person_ids in people.items()
        }

    def back_at(self, message: OutboxMessage) -> datetime.datetime | None:
        """While the recipient is away today, the start (UTC) of their first working day
        back; else None."""
        calendar = self.calendars.get(message.organisation_id)
        person = message.person
        if calendar is None or person is None:
            return None
        zone = ZoneInfo(person.timezone or "UTC")
        day = self.now.astimezone(zone).date()
        if calendar.away_on(person, day, days_off=False) is None:
            return None
        # Back on their first working day that is no holiday and not out of office.
        while day < self.last and calendar.away_on(person, day) is not None:
            day += datetime.timedelta(days=1)
        return datetime.datetime.combine(day, datetime.time(0), tzinfo=zone).astimezone(
            datetime.UTC
        )
