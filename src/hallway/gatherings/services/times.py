"""When to hold a gathering: times ranked by how many of its guests they suit.

Guests of a gathering often live far apart (Berlin, São Paulo, Bangalore), so a time inside
everyone's working hours may not exist; the suggestions then say who would be outside
theirs, and the host decides.

Each guest's zone and hours: a colleague's (`person`) own directory entry; a contact's
through `contact.effective(...)` (theirs, else their company's); anyone else the zone the
invitation used. Missing hours are 09:00–17:00 and missing days Monday to Friday; a missing
zone is the invitation's, else the organisation's.
"""

import dataclasses
import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from hallway.engine.model import Participant
from hallway.engine.slots import ranked_starts, within_working_hours
from hallway.gatherings.models import Gathering, GatheringKind, Guest, GuestStatus
from hallway.people.hours import person_schedule, schedule
from hallway.relationships.interface import contact_schedule

SEARCH_DAYS = 14
# Who takes part in choosing the time: everyone still in the running for a seat.
NOT_COMING = (GuestStatus.NO, GuestStatus.WAITLISTED)
# Drinks come after work: for a cocktail party or a happy hour the early evening counts too
# (three hours past the end of someone's working day, until 22:00 at the latest). What
# never counts is the small hours: nobody gets a 5 a.m. party.
SOCIAL_KINDS = (GatheringKind.COCKTAIL, GatheringKind.HAPPY_HOUR)
EVENING = datetime.timedelta(hours=3)
LATEST_EVENING = datetime.time(22, 0)


@dataclass(frozen=True)
class TimeSuggestion:
    """A start time, how many guests have it inside their working hours, who has not (by
    email address) and the start in every guest's own time."""

    start: datetime.datetime  # aware, UTC
    inside_hours: int
    outside_hours: list[str]
    local: list[tuple[str, datetime.datetime]]
    end: datetime.datetime  # aware, UTC

    @property
    def wall_clocks(self) -> list[tuple[str, datetime.datetime]]:
        """`local` as each guest's wall clock without a zone (pages show it as is, not in
        the viewer's zone)."""
        return [(email, moment.replace(tzinfo=None)) for email, moment in self.local]


def guest_schedule(guest: Guest, *, fallback_zone: str) -> Participant:
    """A guest as the engine sees them for finding a time (id "guest-<pk>")."""
    pid = f"guest-{guest.pk}"
    zone = guest.timezone or fallback_zone
    if guest.person is not None:
        return person_schedule(guest.person, pid=pid, fallback_zone=zone)
    if guest.contact is not None:
        return contact_schedule(guest.contact, pid=pid, fallback_zone=zone)
    return schedule(pid, zone=zone, start=None, end=None, days=None)


@dataclass(frozen=True)
class OutsideHours:
    """A guest for whom the gathering falls outside their working hours, and when it is
    for them."""

    guest: Guest
    local_start: datetime.datetime  # their wall clock, without a zone (pages show it as is)


def reasonable_hours(participant: Participant, gathering: Gathering) -> Participant:
    """The hours a guest may be asked to come: their working hours, and for drinks the
    early evening after them (see `SOCIAL_KINDS`). Suggestions keep to working hours; this
    only decides whom a chosen time hurts."""
    start, end = participant.work_start, participant.work_end
    if gathering.kind not in SOCIAL_KINDS or end <= start or end >= LATEST_EVENING:
        return participant
    day = datetime.date(2000, 1, 1)
    later = datetime.datetime.combine(day, end) + EVENING
    latest = datetime.datetime.combine(day, LATEST_EVENING)
    return dataclasses.replace(participant, work_end=min(later, latest).time())


def gathering_outside_hours(*, gathering: Gathering) -> list[OutsideHours]:
    """Who the gathering's time hurts: the guests who may still come (hosts included) for
    whom it is not inside their reasonable hours (`reasonable_hours`), earliest local time
    first."""
    guests = _may_come(gathering)
    fallback_zone = gathering.organisation.timezone
    hurt = []
    for guest in guests:
        participant = reasonable_hours(
            guest_schedule(guest, fallback_zone=fallback_zone), gathering
        )
        if not within_working_hours(participant, gathering.starts_at, gathering.minutes):
            local = gathering.starts_at.astimezone(ZoneInfo(participant.timezone))
            hurt.append(OutsideHours(guest=guest, local_start=local.replace(tzinfo=None)))
    hurt.sort(key=lambda item: (item.local_start.time(), item.guest.name))
    return hurt


def _may_come(gathering: Gathering) -> list[Guest]:
    return list(
        gathering.guests.exclude(status__in=NOT_COMING)
        .select_related("person", "contact", "contact__company")
        .order_by("id")
    )


def gathering_suggest_times(
    *, gathering: Gathering, now: datetime.datetime, count: int = 5
) -> list[TimeSuggestion]:
    """Up to `count` start times in the next two weeks for a gathering of its length, the
    ones inside the working hours of the most guests first (then the soonest), at most one a
    day while days are left, never overlapping (see `engine.slots.ranked_starts`).

    The guests counted are all who may still come: hosts included, those who said "no" and
    the waitlist left out. Empty when there is nobody, or no time suits anyone.

    Time away is not considered yet: absences (holidays, out of office) of colleagues and
    the public holidays of contacts' calendars are ignored, so a suggestion may fall on a
    day someone is away.
    """
    guests = _may_come(gathering)
    if not guests:
        return []
    fallback_zone = gathering.organisation.timezone
    participants = [guest_schedule(g, fallback_zone=fallback_zone) for g in guests]
    email = {p.id: g.email for p, g in zip(participants, guests, strict=True)}
    zones = [ZoneInfo(p.timezone) for p in participants]
    ranked = ranked_starts(
        participants, now=now, days=SEARCH_DAYS, minutes=gathering.minutes, count=count
    )
    return [
        TimeSuggestion(
            start=slot.start,
            inside_hours=len(slot.inside),
            outside_hours=[email[pid] for pid in slot.outside],
            local=[
                (g.email, slot.start.astimezone(zone))
                for g, zone in zip(guests, zones, strict=True)
            ],
            end=slot.end,
        )
        for slot in ranked
    ]
