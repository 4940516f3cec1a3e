"""Rounds built from plain rows, for the organiser page and API tests."""

import datetime

from django.utils import timezone

from hallway.coffee.models import LeftOut, Pairing, PairingMember, Program, Round, RoundStatus
from hallway.people.models import Location, Person, Team

REASONS = ["never_met", "different_team", "overlap_minutes:120", "shared_interest:climbing"]


def make_people(organisation, count: int, prefix: str = "p") -> list[Person]:
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
        for index in range(count)
    )


def make_round(
    program: Program,
    *,
    pairs: int,
    number: int = 1,
    status: str = RoundStatus.PLANNED,
    left_out: int = 1,
    on: datetime.date | None = None,
    people: list[Person] | None = None,
) -> Round:
    organisation = program.organisation
    on = on or timezone.localdate() + datetime.timedelta(days=7 * number)
    start = timezone.make_aware(datetime.datetime.combine(on, datetime.time(9)))
    round_ = Round.objects.create(
        organisation=organisation,
        program=program,
        number=number,
        scheduled_for=on,
        starts_at=start,
        ends_at=start + datetime.timedelta(days=14),
        status=status,
        participant_count=pairs * 2 + left_out,
    )
    people = people or make_people(organisation, pairs * 2 + left_out, prefix=f"r{number}x")
    pairings = Pairing.objects.bulk_create(
        Pairing(
            organisation=organisation,
            round=round_,
            reasons=REASONS,
            due_on=on + datetime.timedelta(days=13),
            slot_start=start + datetime.timedelta(days=1, hours=5),
            slot_end=start + datetime.timedelta(days=1, hours=5, minutes=30),
            score=4.5,
        )
        for _ in range(pairs)
    )
    PairingMember.objects.bulk_create(
        PairingMember(organisation=organisation, pairing=pairing, person=person)
        for index, pairing in enumerate(pairings)
        for person in people[index * 2 : index * 2 + 2]
    )
    LeftOut.objects.bulk_create(
        LeftOut(organisation=organisation, round=round_, person=person, reason="odd_one_out")
        for person in people[pairs * 2 : pairs * 2 + left_out]
    )
    return round_
