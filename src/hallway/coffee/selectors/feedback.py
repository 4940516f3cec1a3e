"""Reads about feedback: who keeps missing their coffee dates."""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q

from hallway.coffee.models import Outcome, PairingMember, Program, Round, RoundStatus
from hallway.people.models import Person

RECENT_ROUNDS = 6
NO_SHOW_THRESHOLD = 2


@dataclass(frozen=True)
class NoShow:
    person: Person
    missed: int
    unanswered: int
    rounds: int

    @property
    def total(self) -> int:
        return self.missed + self.unanswered


def no_shows(
    *, program: Program, rounds: int = RECENT_ROUNDS, threshold: int = NO_SHOW_THRESHOLD
) -> list[NoShow]:
    """People of `program` who, in its last `rounds` closed rounds, answered "couldn't make
    it" or never answered at least `threshold` times, counting only pairings where nobody
    said "we met" (a partner's "we met" means they did meet); most first. Three queries."""
    recent = list(
        Round.objects.filter(program=program, status=RoundStatus.CLOSED)
        .order_by("-scheduled_for")
        .values_list("pk", flat=True)[:rounds]
    )
    if not recent:
        return []
    someone_met = PairingMember.objects.filter(pairing=OuterRef("pairing"), outcome=Outcome.MET)
    counts = (
        PairingMember.objects.filter(pairing__round_id__in=recent)
        .exclude(Exists(someone_met))
        .values("person_id")
        .annotate(
            missed=Count("pk", filter=Q(outcome=Outcome.MISSED)),
            unanswered=Count("pk", filter=Q(outcome="")),
            rounds=Count("pairing__round_id", distinct=True),
        )
        .order_by()
    )
    found = {
        row["person_id"]: row for row in counts if row["missed"] + row["unanswered"] >= threshold
    }
    people = Person.objects.in_bulk(list(found))
    result = [
        NoShow(
            person=people[pk],
            missed=row["missed"],
            unanswered=row["unanswered"],
            rounds=row["rounds"],
        )
        for pk, row in found.items()
        if pk in people
    ]
    return sorted(result, key=lambda row: (-row.total, row.person.name))
