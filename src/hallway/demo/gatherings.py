"""The demo's gatherings: a cocktail party three weeks ago with its breakout rooms and its
afterwards (ratings, wishes to meet again, the rooms remembered), one in ten days after a
cancelled conference with answers coming in and a waitlist, and the Platform team's monthly
happy hour, a series with its next occurrence.

All go through the services at the time they happened (`now`), so they hold what the
product would; their invitations count as sent long ago, so the demo mails nobody.
"""

import datetime
import zoneinfo
from dataclasses import dataclass

from hallway.accounts.models import Organisation, User
from hallway.accounts.tenancy import scoped
from hallway.engine.cadence import occurrences_after
from hallway.gatherings.models import (
    Gathering,
    GatheringKind,
    GatheringSeries,
    Guest,
    GuestRole,
    GuestStatus,
    SeriesCadence,
)
from hallway.gatherings.services.afterwards import (
    gathering_rate,
    gathering_rooms_remember,
    meet_again_record,
)
from hallway.gatherings.services.breakouts import breakouts_plan
from hallway.gatherings.services.gatherings import gathering_create
from hallway.gatherings.services.guests import Invitee, guest_answer, guests_invite
from hallway.gatherings.services.series import (
    series_create,
    series_due_dates,
    series_occurrence_create,
    series_recurrence,
)
from hallway.gatherings.texts import default_invitation_text
from hallway.messaging.models import OutboxMessage
from hallway.people.models import Person, Team
from hallway.relationships.models import Contact, ContactKind

HOST_EMAIL = "organiser@demo.hallway.test"
HAPPY_HOUR_HOST = "member@demo.hallway.test"
PAST_TITLE = "Drinks on remote hiring, after the HR Tech Summit that wasn't"
COMING_TITLE = "After the cancelled Zukunft Personal: onboarding people you never meet"
# The series' title, which its occurrences carry too.
HAPPY_HOUR_TITLE = "Platform team monthly happy hour"
# How the past party's guests rated it, in guest order (not everyone rates).
RATINGS = [5, 4, 5, 4, 3, 5]
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
    # Every other guest ticked "show my name, company and topics" on the yes page.
    Guest.objects.filter(pk__in=[guest.pk for guest in guests[::2]]).update(
        share_profile=True, topics="remote hiring, onboarding"
    )
    breakouts_plan(gathering=gathering, rounds=3, size=3)
    _afterwards(gathering, starts + datetime.timedelta(hours=3))


def _afterwards(gathering: Gathering, ended: datetime.datetime) -> None:
    """What the guests said after the party, the next morning: ratings, two connections
    made (both asked to meet again) and one wish that was not returned (yet)."""
    gathering_rooms_remember(gathering=gathering, now=ended)
    morning = ended + datetime.timedelta(hours=15)
    came = list(
        gathering.guests.filter(status=GuestStatus.YES, role=GuestRole.GUEST).order_by("id")
    )
    for guest, score in zip(came, RATINGS, strict=False):
        gathering_rate(guest=guest, score=score, now=morning)
    # Pairs who shared a room, each guest in one wish at most so the story stays readable.
    wished: set[int] = set()
    pairs: list[tuple[Guest, Guest]] = []
    for room in gathering.rooms.prefetch_related("members").order_by("round_number", "number"):
        members = [m for m in room.members.order_by("id") if m.role == GuestRole.GUEST]
        free = [m for m in members if m.pk not in wished]
        if len(free) >= 2:
            pairs.append((free[0], free[1]))
            wished |= {free[0].pk, free[1].pk}
        if len(pairs) == 3:
            break
    for number, (guest, other) in enumerate(pairs):
        meet_again_record(guest=guest, other=other, now=morning)
        if number < 2:
            meet_again_record(guest=other, other=guest, now=morning)


def _happy_hour(organisation: Organisation, host: User, today: datetime.date) -> None:
    """The Platform team's series, and its next occurrence as the daily job makes it (the
    whole team invited); made now even when that first Friday is more than the job's ten
    days ahead, so the list shows it."""
    now = _at(organisation, today, 8)
    series = series_create(
        organisation=organisation,
        title=HAPPY_HOUR_TITLE,
        hosts=[host],
        cadence=SeriesCadence.MONTHLY_FIRST_FRIDAY,
        first_on=today,
        team=scoped(Team, organisation).get(name="Platform"),
        hour=16,
        minutes=60,
        capacity=20,
        kind=GatheringKind.HAPPY_HOUR,
        invitation_text=default_invitation_text(GatheringKind.HAPPY_HOUR, "en"),
        language="en",
        by=host,
    )
    # The next first Friday that is not a holiday for the team (New Year's Day is one), as
    # the job would see it just before: `series_due_dates` leaves holidays out.
    for moment in occurrences_after(series_recurrence(series), now, 3):
        due = series_due_dates(series, now=moment - datetime.timedelta(minutes=1))
        if moment.date() in due:
            series_occurrence_create(series=series, day=moment.date(), now=now)
            return


def demo_gatherings_seed(*, organisation: Organisation, today: datetime.date) -> GatheringsSummary:
    """The three gatherings, once (a second run finds them, or the series, by title and
    leaves them)."""
    existing = set(scoped(Gathering, organisation).values_list("title", flat=True))
    host = User.objects.get(email=HOST_EMAIL)
    if PAST_TITLE not in existing:
        _past_party(organisation, host, today)
    if COMING_TITLE not in existing:
        _coming_party(organisation, host, today)
    if not scoped(GatheringSeries, organisation).filter(title=HAPPY_HOUR_TITLE).exists():
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
