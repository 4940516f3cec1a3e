"""The round actions the organiser pages and the API offer, in one place.

Each is one call into the planning, announcing or feedback services; this module gives
the pages and the API the same names and return values.
"""

import datetime

from hallway.coffee.models import Pairing, PairingMember, Program, Round, RoundStatus
from hallway.coffee.services import announcing, feedback, planning
from hallway.people.models import Person


def next_round_on(program: Program, today: datetime.date) -> datetime.date | None:
    """The date of the program's coming round: an open one, else the next cadence date."""
    if program.archived_at:
        return None
    open_round = (
        program.rounds.filter(status__in=(RoundStatus.DRAFT, RoundStatus.PLANNED))
        .order_by("scheduled_for")
        .values_list("scheduled_for", flat=True)
        .first()
    )
    return open_round or planning.next_round_date(program=program, today=today)


def plan(*, program: Program, now: datetime.datetime) -> Round | None:
    return planning.round_plan(program=program, now=now).round


def replan(*, round: Round, now: datetime.datetime) -> Round:
    return planning.round_replan(round=round, now=now)


def swap(*, round: Round, first: Person, second: Person) -> None:
    planning.pairing_swap(round=round, first=first, second=second)


def lock(*, pairing: Pairing, locked: bool) -> Pairing:
    return planning.pairing_lock(pairing=pairing, locked=locked)


def remove_person(*, round: Round, person: Person) -> None:
    planning.round_remove_person(round=round, person=person)


def announce(*, round: Round, now: datetime.datetime) -> Round:
    return announcing.round_announce(round=round, now=now)


def close(*, round: Round, now: datetime.datetime) -> Round:
    return announcing.round_close(round=round, now=now)


def record_feedback(
    *,
    member: PairingMember,
    outcome: str,
    rating: int | None,
    comment: str,
    now: datetime.datetime,
) -> PairingMember:
    return feedback.feedback_record(
        member=member, outcome=outcome, rating=rating, comment=comment, now=now
    )
