"""The demo's gatherings: a cocktail party three weeks ago with its breakout rooms, one in
ten days after a cancelled conference with answers coming in and a waitlist, and the
Platform team's monthly happy hour.

All go through the services at the time they happened (`now`), so they hold what the
product would; their invitations count as sent long ago, so the demo mails nobody.
"""

import datetime
import zoneinfo
from dataclasses import dataclass

from hallway.accounts.models import Organisation, User
from hallway.accounts.tenancy import scoped
from hallway.gatherings.models import Gathering, GatheringKind, Guest, GuestRole, GuestStatus
from hallway.gatherings.services.breakouts import breakouts_plan
from hallway.gatherings.services.gatherings import gathering_create
from hallway.gatherings.services.guests import Invitee, guest_answer, guests_invite
from hallway.gatherings.texts import default_invitation_text
from hallway.messaging.models import OutboxMessage
from hallway.people.models import Person, PersonStatus
from hallway.relationships.models import Contact, ContactKind

HOST_EMAIL = "organiser@demo.hallway.test"
HAPPY_HOUR_HOST = "member@demo.hallway.test"
PAST_TITLE = "Drinks on remote hiring, after the HR Tech Summit that wasn't"
COMING_TITLE = "After the cancelled Zukunft Personal: onboarding people you never meet"
HAPPY_HOUR_TITLE = "Platform team monthly happy hour"
# The coming party's answers, in invitation order: ten seats, then the waitlist.
ANSWERS = ["yes", "yes", "maybe", "no", "yes", "", "yes", "", "maybe", "yes"]


@dataclass(frozen=True)
class GatheringsSummary:
    gatherings: int
    guests: int


def _at(organisation: Organisation, day: datetime.date, hour: int) -> datetime.datetime:
    zone = zoneinfo.ZoneInfo(organisation.timezone)
    return datetime.datetime.combine(day, datetime.time(hour, 0), tzinfo=zone)


def _contacts(organisation: Organisation, count: int, offset: int) -> list[Contact]:
    people = scoped(Contact, organisation).filter(
        kind__in=(ContactKind.CLIENT, ContactKind.PROSPECT), email__contains="@"
    )
    return list(people.order_by("id")[offset : offset + count])


def _coming_party(organisation: Organisation, host: User, today: datetime.date) -> None:
    now = _at(organisation, today, 8)
    gathering = gathering_create(
        organisation=organisation,
        title=COMING_TITLE,
        hosts=[host],
        starts_at=_at(organisation, today + datetime.timedelta(days=10), 17),
        minutes=90,
        capacity=10,
        kind=GatheringKind.COCKTAIL,
        topic="Onboarding people you never meet in person",
        invitation_text=default_invitation_text(GatheringKind.COCKTAIL, "en"),
        by=host,
        now=now - datetime.timedelta(days=4),
    )
    invitees = [
        Invitee(contact=contact, topics=("onboarding", "remote hiring"))
        for contact in _contacts(organisation, 12, 0)
    ]
    guests_invite(gathering=gathering, invitees=invitees, by=host, now=now)
    senior = scoped(Person, organisation).filter(email="owner@demo.hallway.test").first()
    if senior is not None:
        guests_invite(
            gathering=gathering,
            invitees=[Invitee(person=senior)],
            by=host,
            role=GuestRole.SENIOR,
            joins_after=30,
            leaves_after=60,
            now=now,
        )
    seated = gathering.guests.filter(role=GuestRole.GUEST).order_by("id")
    for guest, answer in zip(list(seated), ANSWERS, strict=False):
        if answer:
            guest_answer(guest=guest, answer=answer, now=now)


def _past_party(organisation: Organisation, host: User, today: datetime.date) -> None:
    """Created, answered and held three weeks ago: its rooms were planned the day before."""
    starts = _at(organisation, today - datetime.timedelta(days=21), 18)
    then = starts - datetime.timedelta(days=12)
    gathering = gathering_create(
        organisation=organisation,
        title=PAST_TITLE,
        hosts=[host],
        starts_at=starts,
        minutes=75,
        capacity=8,
        kind=GatheringKind.COCKTAIL,
        topic="Hiring when nobody meets in person",
        invitation_text=default_invitation_text(GatheringKind.COCKTAIL, "en"),
        by=host,
        now=then,
    )
    invitees = [Invitee(contact=contact) for contact in _contacts(organisation, 8, 12)]
    guests_invite(gathering=gathering, invitees=invitees, by=host, now=then)
    guests = list(gathering.guests.filter(role=GuestRole.GUEST).order_by("id"))
    for number, guest in enumerate(guests):
        answer = GuestStatus.NO if number == len(guests) - 1 else GuestStatus.YES
        guest_answer(guest=guest, answer=answer, now=then + datetime.timedelta(days=2))
    breakouts_plan(gathering=gathering, rounds=3, size=3)


def _happy_hour(organisation: Organisation, host: User, today: datetime.date) -> None:
    now = _at(organisation, today, 8)
    first_friday = today + datetime.timedelta(days=(4 - today.weekday()) % 7 or 7)
    gathering = gathering_create(
        organisation=organisation,
        title=HAPPY_HOUR_TITLE,
        hosts=[host],
        starts_at=_at(organisation, first_friday, 16),
        minutes=60,
        capacity=20,
        kind=GatheringKind.HAPPY_HOUR,
        invitation_text=default_invitation_text(GatheringKind.HAPPY_HOUR, "en"),
        by=host,
        now=now,
    )
    team = (
        scoped(Person, organisation)
        .filter(team__name="Platform", status=PersonStatus.ACTIVE)
        .exclude(email=host.email)
    )
    guests_invite(
        gathering=gathering,
        invitees=[Invitee(person=person) for person in team.order_by("name")[:12]],
        by=host,
        now=now,
    )


def demo_gatherings_seed(*, organisation: Organisation, today: datetime.date) -> GatheringsSummary:
    """The three gatherings, once (a second run finds them by title and leaves them)."""
    existing = set(scoped(Gathering, organisation).values_list("title", flat=True))
    host = User.objects.get(email=HOST_EMAIL)
    if PAST_TITLE not in existing:
        _past_party(organisation, host, today)
    if COMING_TITLE not in existing:
        _coming_party(organisation, host, today)
    if HAPPY_HOUR_TITLE not in existing:
        _happy_hour(organisation, User.objects.get(email=HAPPY_HOUR_HOST), today)
    # The invitations went out when the gatherings were made: the demo sends nothing itself.
    OutboxMessage.objects.filter(
        organisation=organisation, idempotency_key__startswith="gatherings:"
    ).delete()
    gatherings = scoped(Gathering, organisation)
    return GatheringsSummary(
        gatherings=gatherings.count(),
        guests=scoped(Guest, organisation).exclude(role=GuestRole.HOST).count(),
    )
