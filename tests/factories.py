"""Builders of test data, written straight to the database.

Services have tests of their own; these let every other test start from known rows. Each
builder takes the organisation (or the object it belongs to) first, then only what a test
cares about; everything else gets a plain default. The shared fixtures (the personas
alice, bob and mallory, carol, a program, …) are made with these builders.
"""

import datetime
from collections.abc import Iterable, Sequence
from itertools import chain, count
from typing import Any

from django.utils import timezone

from hallway.accounts.models import Membership, Organisation, Role, User
from hallway.coffee.models import (
    LeftOut,
    Pairing,
    PairingMember,
    Participation,
    Program,
    Round,
    RoundStatus,
)
from hallway.messaging.models import OutboxMessage
from hallway.messaging.services import Recipient, message_enqueue
from hallway.people.models import Location, Person, Tag, Team
from hallway.relationships.models import Company, Contact, Touch, TouchKind

PASSWORD = "correct-horse-battery"
# A Monday, 08:00 UTC: a round starts, its meetings are suggested later that week.
ROUND_START = datetime.datetime(2026, 3, 16, 8, 0, tzinfo=datetime.UTC)
# What the planner says about a pair that never met, across teams, with time and a topic.
PAIRING_REASONS = ("never_met", "different_team", "overlap_minutes:120", "shared_interest:climbing")

_numbers = count(1)


# --- organisations, users, memberships ---------------------------------------------------


def make_organisation(name: str, *, slug: str = "", **fields: Any) -> Organisation:
    """An organisation whose slug is its name in lower case unless given."""
    return Organisation.objects.create(name=name, slug=slug or name.lower(), **fields)


def make_user(
    email: str,
    organisation: Organisation | None = None,
    role: str = Role.MEMBER,
    *,
    password: str | None = PASSWORD,
    **fields: Any,
) -> User:
    """A user who signs in with `password` (None: cannot sign in yet); a member of
    `organisation` with `role` if given."""
    fields.setdefault("first_name", email.split("@")[0].title())
    user = User.objects.create_user(email=email, password=password, **fields)
    if organisation is not None:
        make_membership(user, organisation, role)
    return user


def make_membership(user: User, organisation: Organisation, role: str = Role.MEMBER) -> Membership:
    return Membership.objects.create(user=user, organisation=organisation, role=role)


# --- the directory -------------------------------------------------------------------------


def make_team(organisation: Organisation, name: str, **fields: Any) -> Team:
    return Team.objects.create(organisation=organisation, name=name, **fields)


def make_location(organisation: Organisation, name: str, **fields: Any) -> Location:
    return Location.objects.create(organisation=organisation, name=name, **fields)


def free_email(organisation: Organisation, name: str) -> str:
    """anna@acme.test for "Anna Schmidt"; anna.schmidt@acme.test when a first name repeats."""
    words = name.lower().split()
    domain = f"@{organisation.slug}.test"
    candidates = [words[0], ".".join(words)] if words else []
    for local in candidates:
        if not Person.objects.filter(organisation=organisation, email=local + domain).exists():
            return local + domain
    return f"{'.'.join(words) or 'person'}.{next(_numbers)}{domain}"


def make_person(
    organisation: Organisation,
    name: str,
    *,
    team: Team | str | None = None,
    location: Location | str | None = None,
    interests: Iterable[str] = (),
    **fields: Any,
) -> Person:
    """A person with the model's defaults for what is not given (Europe/Berlin, 9 to 5 on
    weekdays, messages in English). `team` and `location` may be given by name (found, or
    created in the person's zone), interests by name."""
    if "email" not in fields:
        fields["email"] = free_email(organisation, name)
    if isinstance(team, str):
        team = Team.objects.get_or_create(organisation=organisation, name=team)[0]
    if isinstance(location, str):
        zone = fields.get("timezone", "Europe/Berlin")
        location = Location.objects.get_or_create(
            organisation=organisation, name=location, defaults={"timezone": zone}
        )[0]
    person = Person.objects.create(
        organisation=organisation, name=name, team=team, location=location, **fields
    )
    for tag_name in interests:
        person.interests.add(Tag.objects.get_or_create(organisation=organisation, name=tag_name)[0])
    return person


def make_people(organisation: Organisation, number: int, prefix: str = "p") -> list[Person]:
    """`number` people spread over three teams and two places, the people in one query."""
    teams = [
        Team.objects.get_or_create(organisation=organisation, name=name)[0]
        for name in ("Platform", "Sales", "Design")
    ]
    places = [
        Location.objects.get_or_create(
            organisation=organisation, name=name, defaults={"timezone": zone}
        )[0]
        for name, zone in (("Berlin", "Europe/Berlin"), ("Lisbon", "Europe/Lisbon"))
    ]
    return Person.objects.bulk_create(
        Person(
            organisation=organisation,
            name=f"{prefix.title()} Person {index:04d}",
            email=f"{prefix}{index}@{organisation.slug}.test",
            team=teams[index % len(teams)],
            location=places[index % len(places)],
        )
        for index in range(number)
    )


# --- coffee: programs, rounds and their pairings -----------------------------------------


def make_program(organisation: Organisation, **fields: Any) -> Program:
    """A program named "Coffee across Acme", slug "coffee" (then coffee-2, coffee-3, …)."""
    fields.setdefault("name", "Coffee across Acme")
    fields.setdefault("first_round_on", ROUND_START.date())
    if "slug" not in fields:
        taken = set(
            Program.objects.filter(organisation=organisation).values_list("slug", flat=True)
        )
        slugs = chain(["coffee"], (f"coffee-{n}" for n in count(2)))
        fields["slug"] = next(slug for slug in slugs if slug not in taken)
    return Program.objects.create(organisation=organisation, **fields)


def join(program: Program, *people: Person, **fields: Any) -> list[Participation]:
    return [
        Participation.objects.create(
            organisation=program.organisation, program=program, person=person, **fields
        )
        for person in people
    ]


def make_pairing(
    round: Round | None,
    members: Sequence[Person],
    *,
    outcomes: Sequence[str] = (),
    ratings: Sequence[int | None] = (),
    reasons: Sequence[str] = ("never_met",),
    due_on: datetime.date | None = None,
    **fields: Any,
) -> Pairing:
    """A pairing (a pair or trio) of `round`, or of no round (a meeting outside any program).

    `outcomes` and `ratings` are the members' answers, in the order of `members`.
    """
    organisation = round.organisation if round else members[0].organisation
    pairing = Pairing.objects.create(
        organisation=organisation,
        round=round,
        reasons=list(reasons),
        due_on=due_on or (round.ends_at.date() if round else ROUND_START.date()),
        **fields,
    )
    PairingMember.objects.bulk_create(
        PairingMember(
            organisation=organisation,
            pairing=pairing,
            person=person,
            outcome=outcomes[index] if index < len(outcomes) else "",
            rating=ratings[index] if index < len(ratings) else None,
        )
        for index, person in enumerate(members)
    )
    return pairing


def make_round(
    program: Program,
    groups: Sequence[Sequence[Person]] = (),
    *,
    left_out: Sequence[tuple[Person, str]] = (),
    status: str = RoundStatus.PLANNED,
    starts_at: datetime.datetime = ROUND_START,
    days: int = 14,
    number: int | None = None,
    slot_offset: datetime.timedelta | None = datetime.timedelta(days=2, hours=5),
    minutes: int = 30,
    reasons: Sequence[str] = ("never_met", "different_team"),
    **pairing_fields: Any,
) -> Round:
    """A planned round with one pairing per group, meeting `slot_offset` after the start
    (None: no suggested slot), and the people who sat it out with their reasons."""
    organisation = program.organisation
    number = number or program.rounds.count() + 1
    round = Round.objects.create(
        organisation=organisation,
        program=program,
        number=number,
        scheduled_for=starts_at.date(),
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(days=days),
        status=status,
        planned_at=starts_at,
        participant_count=sum(len(group) for group in groups) + len(left_out),
    )
    for group in groups:
        if slot_offset is not None:
            pairing_fields["slot_start"] = starts_at + slot_offset
            pairing_fields["slot_end"] = (
                starts_at + slot_offset + datetime.timedelta(minutes=minutes)
            )
        make_pairing(round, group, reasons=reasons, **pairing_fields)
    LeftOut.objects.bulk_create(
        LeftOut(organisation=organisation, round=round, person=person, reason=reason)
        for person, reason in left_out
    )
    return round


def make_round_of_pairs(
    program: Program,
    *,
    pairs: int,
    left_out: int = 1,
    number: int = 1,
    status: str = RoundStatus.PLANNED,
    on: datetime.date | None = None,
    people: list[Person] | None = None,
) -> Round:
    """A round of `pairs` pairs of new people (or of `people`), `left_out` more sitting out,
    `number` weeks from today unless `on` says otherwise: for pages and lists of rounds."""
    on = on or timezone.localdate() + datetime.timedelta(days=7 * number)
    people = people or make_people(program.organisation, pairs * 2 + left_out, prefix=f"r{number}x")
    return make_round(
        program,
        [people[index * 2 : index * 2 + 2] for index in range(pairs)],
        left_out=[(person, "odd_one_out") for person in people[pairs * 2 : pairs * 2 + left_out]],
        status=status,
        starts_at=timezone.make_aware(datetime.datetime.combine(on, datetime.time(9))),
        number=number,
        slot_offset=datetime.timedelta(days=1, hours=5),
        reasons=PAIRING_REASONS,
        due_on=on + datetime.timedelta(days=13),
        score=4.5,
    )


# --- messaging -----------------------------------------------------------------------------


def make_message(
    organisation: Organisation,
    key: str = "k1",
    *,
    person: Person | None = None,
    recipient: Recipient | None = None,
    **fields: Any,
) -> OutboxMessage:
    """A message in the outbox (through `message_enqueue`, as every sender writes one), to
    `person`, to `recipient`, or else to someone@example.com; `key` is its idempotency key."""
    if recipient is None:
        recipient = (
            Recipient.for_person(person)
            if person
            else Recipient(address="someone@example.com", name="Someone")
        )
    fields.setdefault("channel", "email")
    fields.setdefault("message_type", "test")
    fields.setdefault("context", {"recipient_name": recipient.name})
    return message_enqueue(
        organisation=organisation, recipient=recipient, idempotency_key=key, **fields
    )


# --- relationships -------------------------------------------------------------------------


def make_company(organisation: Organisation, name: str, **fields: Any) -> Company:
    """A client company (kind and everything else as given)."""
    return Company.objects.create(organisation=organisation, name=name, **fields)


def make_contact(
    organisation: Organisation,
    name: str,
    *,
    company: Company | None = None,
    owners: Iterable[User] = (),
    **fields: Any,
) -> Contact:
    """A client contact with an address made from the name (first.last@client.test)."""
    fields.setdefault("email", ".".join(name.lower().split()) + "@client.test")
    contact = Contact.objects.create(
        organisation=organisation, name=name, company=company, **fields
    )
    contact.owners.add(*owners)
    return contact


def make_touch(
    organisation: Organisation,
    *contacts: Contact,
    at: datetime.datetime,
    kind: str = TouchKind.CALL,
    company: Company | None = None,
    by: User | None = None,
) -> Touch:
    """A touch written straight to the database (no rhythm moves: use `touch_record` for that)."""
    touch = Touch.objects.create(
        organisation=organisation,
        kind=kind,
        at=at,
        by=by,
        company=company or (contacts[0].company if contacts else None),
    )
    touch.contacts.add(*contacts)
    return touch
