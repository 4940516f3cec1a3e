"""Small builders for coffee tests: people, programs and rounds written straight to the
database (planning has its own tests; these let other tests start from a known round)."""

import datetime
from collections.abc import Sequence
from typing import Any

from hallway.accounts.models import Organisation
from hallway.coffee.models import (
    LeftOut,
    Pairing,
    PairingMember,
    Participation,
    Program,
    Round,
    RoundStatus,
)
from hallway.people.models import Location, Person, Team

# A Monday, 08:00 UTC: a round starts, its meetings are suggested later that week.
ROUND_START = datetime.datetime(2026, 3, 16, 8, 0, tzinfo=datetime.UTC)


def make_person(organisation: Organisation, name: str, **fields: Any) -> Person:
    slug = name.split()[0].lower()
    fields.setdefault("email", f"{slug}@{organisation.slug}.test")
    fields.setdefault("timezone", "Europe/Berlin")
    fields.setdefault("preferred_language", "en")
    fields.setdefault("languages", [fields["preferred_language"], "en"])
    team = fields.pop("team", None)
    if isinstance(team, str):
        team, _created = Team.objects.get_or_create(organisation=organisation, name=team)
    location = fields.pop("location", None)
    if isinstance(location, str):
        location, _created = Location.objects.get_or_create(
            organisation=organisation, name=location, defaults={"timezone": fields["timezone"]}
        )
    return Person.objects.create(
        organisation=organisation, name=name, team=team, location=location, **fields
    )


def make_program(organisation: Organisation, **fields: Any) -> Program:
    fields.setdefault("name", "Coffee across Acme")
    fields.setdefault("slug", "coffee")
    fields.setdefault("first_round_on", ROUND_START.date())
    return Program.objects.create(organisation=organisation, **fields)


def join(program: Program, *people: Person, **fields: Any) -> list[Participation]:
    return [
        Participation.objects.create(
            organisation=program.organisation, program=program, person=person, **fields
        )
        for person in people
    ]


def make_round(
    program: Program,
    groups: Sequence[Sequence[Person]],
    *,
    left_out: Sequence[tuple[Person, str]] = (),
    status: str = RoundStatus.PLANNED,
    starts_at: datetime.datetime = ROUND_START,
    days: int = 14,
    number: int | None = None,
    slot_offset: datetime.timedelta = datetime.timedelta(days=2, hours=5),
    minutes: int = 30,
) -> Round:
    """A round with one pairing per group (slot `slot_offset` after the start)."""
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
        slot = starts_at + slot_offset
        pairing = Pairing.objects.create(
            organisation=organisation,
            round=round,
            reasons=["never_met", "different_team"],
            due_on=round.ends_at.date(),
            slot_start=slot,
            slot_end=slot + datetime.timedelta(minutes=minutes),
        )
        for person in group:
            PairingMember.objects.create(organisation=organisation, pairing=pairing, person=person)
    for person, reason in left_out:
        LeftOut.objects.create(organisation=organisation, round=round, person=person, reason=reason)
    return round
