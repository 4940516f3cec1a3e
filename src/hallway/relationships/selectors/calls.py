"""Reads for calls with contacts: who takes part in which zone, language and working hours,
the times both sides can talk, and the calls already scheduled.

The owner's side comes from their directory entry (linked to the user, else the same
email address) and falls back to the organisation's defaults (its zone and language,
09:00–17:00 on weekdays); the contact's side is theirs, else their company's, else the
organisation's defaults too. Slots avoid the owner's time away (holidays of the
organisation and of their location, out of office) and the public holidays of the
contact's calendar (`holiday_region`, "BR-SP", "DE-NW", "NL").
"""

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db.models import QuerySet
from django.utils import timezone

from hallway.absences.selectors import AbsenceCalendar
from hallway.absences.services import public_holiday_dates
from hallway.accounts.models import Organisation, User
from hallway.accounts.tenancy import scoped
from hallway.engine.model import Participant, Slot
from hallway.engine.slots import next_slots
from hallway.people.hours import person_schedule
from hallway.people.models import Person
from hallway.relationships.models import CallStatus, Contact, ScheduledCall
from hallway.relationships.selectors.schedules import contact_schedule

CALL_MINUTES = 20
# How far ahead a call is looked for, and how soon it may start (time to prepare).
SEARCH_DAYS = 21
NOTICE = datetime.timedelta(hours=1)
# Slots asked of the engine before holidays are left out (a fortnight of one per day).
CANDIDATES = 30
OWNER_ID = "owner"
CONTACT_ID = "contact"


@dataclass(frozen=True)
class Side:
    """One side of a call: where they are and when they work, and how to write to them."""

    name: str
    email: str
    language: str
    timezone: str
    participant: Participant
    person: Person | None = None


def owner_person(*, organisation: Organisation, user: User) -> Person | None:
    """The user's entry in the organisation's directory: linked to the account, else by
    email address."""
    people = scoped(Person, organisation)
    return (
        people.filter(user=user).order_by("id").first()
        or people.filter(email=(user.email or "").strip().lower()).order_by("id").first()
    )


def owner_side(*, organisation: Organisation, user: User) -> Side:
    person = owner_person(organisation=organisation, user=user)
    name = user.get_full_name() or (person.name if person else "") or user.email
    if person is not None:
        participant = person_schedule(person, pid=OWNER_ID, fallback_zone=organisation.timezone)
        return Side(
            name=person.name or name,
            email=user.email,
            language=person.preferred_language or user.language or organisation.language,
            timezone=participant.timezone,
            participant=participant,
            person=person,
        )
    zone = user.timezone or organisation.timezone
    return Side(
        name=name,
        email=user.email,
        language=user.language or organisation.language,
        timezone=zone,
        participant=Participant(id=OWNER_ID, timezone=zone),
    )


def contact_side(*, organisation: Organisation, contact: Contact) -> Side:
    participant = contact_schedule(contact, pid=CONTACT_ID, fallback_zone=organisation.timezone)
    return Side(
        name=contact.name,
        email=contact.email,
        language=contact.effective("language") or organisation.language,
        timezone=participant.timezone,
        participant=participant,
    )


def _contact_free(contact: Contact, side: Side, slot: Slot) -> bool:
    region = contact.effective("holiday_region") or ""
    if not region:
        return True
    day = slot.start.astimezone(ZoneInfo(side.timezone)).date()
    return day not in public_holiday_dates(region, day.year)


def _owner_free(
    absences: AbsenceCalendar, organisation: Organisation, side: Side, slot: Slot
) -> bool:
    if side.person is not None:
        return absences.free_at(side.person, slot.start)
    # Without a directory entry only the organisation's own holidays apply.
    day = slot.start.astimezone(ZoneInfo(organisation.timezone)).date()
    return day not in absences.everywhere


def call_slots(
    *,
    organisation: Organisation,
    contact: Contact,
    owner: User,
    now: datetime.datetime | None = None,
    minutes: int = CALL_MINUTES,
    count: int = 5,
) -> tuple[Slot, ...]:
    """The next `count` times for a call inside both sides' working hours, on days neither
    is away, soonest first, one a day. Empty when none is found in three weeks."""
    now = now or timezone.now()
    owner_at = owner_side(organisation=organisation, user=owner)
    contact_at = contact_side(organisation=organisation, contact=contact)
    found = next_slots(
        (owner_at.participant, contact_at.participant),
        now=now + NOTICE,
        days=SEARCH_DAYS,
        minutes=minutes,
        count=CANDIDATES,
    )
    if not found:
        return ()
    absences = AbsenceCalendar(
        organisation=organisation,
        first=(now - datetime.timedelta(days=1)).date(),
        last=(found[-1].end + datetime.timedelta(days=1)).date(),
        person_ids=[owner_at.person.pk] if owner_at.person else [],
    )
    usable: list[Slot] = []
    days: set[datetime.date] = set()
    for slot in found:
        # The engine fills up with more slots on the same days; one a day is choice enough.
        day = slot.start.astimezone(ZoneInfo(owner_at.timezone)).date()
        if day in days or not _owner_free(absences, organisation, owner_at, slot):
            continue
        if _contact_free(contact, contact_at, slot):
            usable.append(slot)
            days.add(day)
    return tuple(usable[:count])


def calls_upcoming(
    *, organisation: Organisation, contact: Contact, now: datetime.datetime | None = None
) -> QuerySet[ScheduledCall]:
    """The contact's scheduled calls that have not ended yet, soonest first."""
    return (
        scoped(ScheduledCall, organisation)
        .filter(contact=contact, status=CallStatus.SCHEDULED, end__gt=now or timezone.now())
        .select_related("owner")
        .order_by("start", "id")
    )
