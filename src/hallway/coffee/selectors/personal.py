"""Reads for a person's coffee page: their programs, their next match, their profile, and
the matches they had."""

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet

from hallway.coffee.models import (
    CoffeeProfile,
    JoinMode,
    Outcome,
    Pairing,
    PairingMember,
    Participation,
    ParticipationStatus,
    Program,
    RoundStatus,
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


#: How many past matches "My coffee" shows at first, and how many more each "Show more" adds.
MATCHES_STEP = 10
MATCHES_MAX = 200


@dataclass(frozen=True)
class Answer:
    """One member's answer to "did you meet?" ("" when they gave none)."""

    person: Person
    outcome: str

    @property
    def label(self) -> str:
        return str(Outcome(self.outcome).label) if self.outcome in Outcome.values else ""


@dataclass(frozen=True)
class PastMatch:
    """A match the person was introduced to (a round that went out, or a meeting another
    capability planned that is due or was introduced), with everyone's answer."""

    pairing: Pairing
    program: Program | None
    mine: Answer
    partners: list[Answer]

    @property
    def met(self) -> bool:
        return any(a.outcome == Outcome.MET for a in (self.mine, *self.partners))

    @property
    def may_answer(self) -> bool:
        """No answer yet, or "not yet", which a later "we met" or "couldn't make it" replaces."""
        return self.mine.outcome in ("", Outcome.NOT_YET)


def _introduced(person: Person, today: datetime.date) -> QuerySet[Pairing]:
    return Pairing.objects.filter(
        organisation_id=person.organisation_id, members__person=person, remembered=False
    ).filter(
        Q(round__status__in=(RoundStatus.ANNOUNCED, RoundStatus.CLOSED))
        | Q(round__isnull=True, introduced_at__isnull=False)
        | Q(round__isnull=True, due_on__lte=today)
    )


def past_matches(
    *, person: Person, today: datetime.date, limit: int = MATCHES_STEP
) -> tuple[list[PastMatch], int]:
    """The person's matches, newest first: at most `limit` of them, and how many there are.
    Three queries, however many are shown."""
    pairings = _introduced(person, today)
    total = pairings.count()
    members = PairingMember.objects.select_related("person").order_by("person__name", "id")
    shown = (
        pairings.select_related("round__program")
        .prefetch_related(Prefetch("members", queryset=members))
        .order_by("-due_on", "-id")[:limit]
    )
    matches = []
    for pairing in shown:
        answers = [Answer(m.person, m.outcome) for m in pairing.members.all()]
        mine = next(a for a in answers if a.person.pk == person.pk)
        matches.append(
            PastMatch(
                pairing=pairing,
                program=pairing.round.program if pairing.round else None,
                mine=mine,
                partners=[a for a in answers if a.person.pk != person.pk],
            )
        )
    return matches, total


def introduced_member(*, person: Person, pairing_id: int, today: datetime.date) -> PairingMember:
    """The person's membership of one of their past or current matches (DoesNotExist if
    the pairing is not theirs, or not yet introduced)."""
    return PairingMember.objects.select_related("pairing").get(
        person=person, pairing__in=_introduced(person, today).values("pk"), pairing_id=pairing_id
    )
