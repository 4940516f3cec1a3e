"""Reads for a person's coffee page: their programs, their next match, their profile."""

import datetime
from dataclasses import dataclass

from hallway.coffee.models import (
    CoffeeProfile,
    JoinMode,
    Participation,
    ParticipationStatus,
    Program,
)
from hallway.coffee.round_dates import next_round_date
from hallway.coffee.selectors.participants import program_audience
from hallway.people.models import Person


@dataclass(frozen=True)
class ProgramEntry:
    program: Program
    participation: Participation | None
    taking_part: bool
    auto_paused: bool
    next_match: datetime.date | None


def _next_match(
    program: Program, participation: Participation | None, today: datetime.date
) -> datetime.date | None:
    if participation is not None and participation.auto_paused_at is not None:
        return None
    start = today
    if participation is not None and participation.paused_until is not None:
        start = max(today, participation.paused_until + datetime.timedelta(days=1))
    return next_round_date(program=program, today=start)


def personal_programs(*, person: Person, today: datetime.date) -> list[ProgramEntry]:
    """Every running program the person takes part in or may join, with their next match."""
    participations = {
        p.program_id: p for p in Participation.objects.filter(person=person).order_by()
    }
    entries = []
    programs = Program.objects.filter(
        organisation_id=person.organisation_id, archived_at__isnull=True
    ).select_related("organisation")
    for program in programs:
        participation = participations.get(program.pk)
        # Whether the program reaches them matters only to who has not joined (or left);
        # asked only then, since it costs a few queries per program.
        joined = participation is not None and participation.status == ParticipationStatus.JOINED
        if (
            not joined
            and not program_audience(program=program, on=today).filter(pk=person.pk).exists()
        ):
            continue
        if program.join_mode == JoinMode.OPT_IN:
            taking_part = (
                participation is not None and participation.status == ParticipationStatus.JOINED
            )
        else:
            taking_part = (
                participation is None or participation.status == ParticipationStatus.JOINED
            )
        entries.append(
            ProgramEntry(
                program=program,
                participation=participation,
                taking_part=taking_part,
                auto_paused=bool(participation and participation.auto_paused_at),
                next_match=_next_match(program, participation, today) if taking_part else None,
            )
        )
    return entries


def coffee_profile_of(person: Person) -> CoffeeProfile | None:
    return CoffeeProfile.objects.filter(person=person).prefetch_related("blocked").first()
