"""Video stand-ups: one recurring call instead of written answers.

The time is chosen once, by the engine (`engine.slots.ranked_starts`): the first start on a
date of the rule inside the working hours of the most members, so inside everyone's when
such a time exists. When none does, it is the best compromise, and `video_plan` says who
pays for it: who is outside their working hours, at what local time, by how much ("07:00
for Bruna in São Paulo, an hour early"). The organiser sees that on the stand-up's page.

Every member gets the series as one iMIP invitation (a REQUEST whose event carries the
RRULE, written in the organisation's zone) with the stand-up's Jitsi room. A new time or
rule sends it again with SEQUENCE + 1 (calendars update the series); people who join the
circle later get it on the next run (idempotency keys per sequence and person).
"""

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db.models import F

from hallway.engine.cadence import is_occurrence, local_instant
from hallway.engine.model import Participant
from hallway.engine.slots import minutes_outside, ranked_starts, within_working_hours
from hallway.messaging.channel_setup import channel_email
from hallway.messaging.ics import organizer, organizer_domain
from hallway.messaging.models import OutboxMessage
from hallway.messaging.services import Outgoing, Recipient, message_enqueue_each
from hallway.messaging.video import video_room_url
from hallway.people.hours import person_schedule
from hallway.people.models import Person
from hallway.rituals.models import StandUp
from hallway.rituals.selectors.circles import circle_members
from hallway.rituals.selectors.standups import standup_cadence
from hallway.rituals.services.standups import WEEKDAYS, standup_recurrence
from hallway.rituals.standup_messages import STANDUP_VIDEO

SEARCH_DAYS = 14
WEEKDAYS_DEFAULT = frozenset({1, 2, 3, 4, 5})


def person_participant(person: Person) -> Participant:
    return person_schedule(person, pid=str(person.pk))


def _first_occurrence_start(standup: StandUp, now: datetime.datetime) -> datetime.datetime:
    zone = standup.organisation.timezone
    day = max(standup.starts_on, now.astimezone(ZoneInfo(zone)).date())
    recurrence = standup_recurrence(standup)
    for offset in range(400):
        candidate = day + datetime.timedelta(days=offset)
        if is_occurrence(recurrence, candidate):
            start = local_instant(candidate, standup.ask_at, zone)
            if start > now:
                return start.astimezone(datetime.UTC)
    return local_instant(day, standup.ask_at, zone).astimezone(datetime.UTC)


def standup_video_start(
    standup: StandUp, members: list[Person], now: datetime.datetime
) -> datetime.datetime:
    """The first call: the best-ranked start on a date of the rule (see the module
    docstring); the stand-up's own ask time on its first date when nothing suits anyone."""
    zone = ZoneInfo(standup.organisation.timezone)
    after = max(now, datetime.datetime.combine(standup.starts_on, datetime.time(0), tzinfo=zone))
    participants = [person_participant(p) for p in members]
    recurrence = standup_recurrence(standup)
    ranked = ranked_starts(
        participants, now=after, days=SEARCH_DAYS, minutes=standup.video_minutes, count=40
    )
    for slot in ranked:
        if is_occurrence(recurrence, slot.start.astimezone(zone).date()):
            return slot.start
    return _first_occurrence_start(standup, now)


def standup_video_schedule(*, standup: StandUp, now: datetime.datetime) -> StandUp:
    """Choose the call's time (again) and raise the series' sequence, so the next run sends
    everyone the new invitation."""
    members = list(circle_members(owner=standup, organisation=standup.organisation))
    start = standup_video_start(standup, members, now)
    StandUp.objects.filter(pk=standup.pk).update(
        video_starts_at=start, video_sequence=F("video_sequence") + 1
    )
    standup.refresh_from_db(fields=["video_starts_at", "video_sequence"])
    return standup


@dataclass(frozen=True)
class OutsideHours:
    """A member for whom the call is outside their working hours, and by how much."""

    person: Person
    local_start: datetime.datetime  # their wall clock, without a zone
    minutes: int  # how far outside (before their start, or after their end)
    early: bool


@dataclass(frozen=True)
class VideoPlan:
    start: datetime.datetime | None
    outside: list[OutsideHours]

    @property
    def suits_everyone(self) -> bool:
        return self.start is not None and not self.outside


def video_plan(*, standup: StandUp, members: list[Person] | None = None) -> VideoPlan:
    """When the call is and who pays for it (members outside their working hours, the
    earliest local time first)."""
    if standup.video_starts_at is None:
        return VideoPlan(start=None, outside=[])
    if members is None:
        members = list(circle_members(owner=standup, organisation=standup.organisation))
    start = standup.video_starts_at
    outside = []
    for person in members:
        if within_working_hours(person_participant(person), start, standup.video_minutes):
            continue
        local = start.astimezone(ZoneInfo(person.timezone or "UTC")).replace(tzinfo=None)
        minutes, early = minutes_outside(person_participant(person), start, standup.video_minutes)
        outside.append(OutsideHours(person=person, local_start=local, minutes=minutes, early=early))
    outside.sort(key=lambda o: (-o.minutes, o.person.name))
    return VideoPlan(start=start, outside=outside)


def video_rule(standup: StandUp, members: list[Person]) -> str:
    """The series' RRULE for calendars: the stand-up's rule, except that "every working day"
    becomes the days the members work (calendars know nothing of anyone's days off)."""
    if standup_cadence(standup) != "daily":
        return standup.rule
    days: set[int] = set()
    for person in members:
        days.update(int(d) for d in person.working_days or ())
    days = days or set(WEEKDAYS_DEFAULT)
    return "FREQ=WEEKLY;BYDAY=" + ",".join(WEEKDAYS[d - 1] for d in sorted(days))


def standup_video_invite(
    *, standup: StandUp, now: datetime.datetime, members: list[Person] | None = None
) -> int:
    """Send the current series to every member who does not have it yet (by email: it is a
    calendar invitation); returns how many were queued."""

    if standup.video_starts_at is None:
        return 0
    organisation = standup.organisation
    if members is None:
        members = list(circle_members(owner=standup, organisation=organisation))
    members = [m for m in members if m.email]
    if not members:
        return 0
    base = f"rituals:standup-{standup.pk}:video-{standup.video_sequence}"
    sent = set(
        OutboxMessage.objects.filter(
            organisation=organisation, idempotency_key__startswith=f"{base}:"
        ).values_list("idempotency_key", flat=True)
    )
    todo = [m for m in members if f"{base}:person-{m.pk}" not in sent]
    if not todo:
        return 0
    plan = video_plan(standup=standup, members=members)
    start = standup.video_starts_at
    domain = organizer_domain()
    calendar = {
        "uid": f"rituals-standup-{standup.pk}@{domain}",
        "sequence": standup.video_sequence,
        "method": "REQUEST",
        "start": start.isoformat(),
        "end": (start + datetime.timedelta(minutes=standup.video_minutes)).isoformat(),
        "rrule": video_rule(standup, members),
        "timezone": organisation.timezone,
        "video_url": video_room_url(
            organisation=organisation, meeting_key=f"rituals-standup-{standup.pk}"
        ),
        "organizer": organizer(),
        "attendees": [{"name": m.name, "email": m.email} for m in members],
    }
    outside = [
        {"name": o.person.name, "local": o.local_start.strftime("%H:%M"), "minutes": o.minutes}
        for o in plan.outside
    ]
    email = channel_email(organisation)
    messages = [
        Outgoing(
            recipient=Recipient.for_person(person, email),
            channel=email,
            message_type=STANDUP_VIDEO,
            context={
                "recipient_name": person.name,
                "standup_name": standup.name,
                "cadence": standup_cadence(standup),
                "outside": outside,
                "calendar": calendar,
            },
            idempotency_key=f"{base}:person-{person.pk}",
        )
        for person in todo
    ]
    return message_enqueue_each(organisation=organisation, messages=messages)
