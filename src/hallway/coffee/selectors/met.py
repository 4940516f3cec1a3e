"""Coffee dates that happened, for other capabilities to learn from (relationships turns a
date with someone who is also a contact into a touch)."""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from hallway.coffee.models import Outcome, PairingMember


@dataclass(frozen=True)
class MetPerson:
    person_id: int
    email: str
    user_id: int | None


@dataclass(frozen=True)
class MetPairing:
    """A pairing at least one member said took place ("we met")."""

    pairing_id: int
    organisation_id: int
    # The suggested slot when there was one, else when the first "we met" came in.
    at: datetime.datetime
    members: tuple[MetPerson, ...]


def pairings_met(*, since: datetime.datetime) -> list[MetPairing]:
    """Every pairing with a "we met" answered at or after `since`, in every organisation,
    with all its members (two queries)."""
    answers = PairingMember.objects.filter(outcome=Outcome.MET, answered_at__gte=since)
    first_answer: dict[int, datetime.datetime] = {}
    for pairing_id, answered_at in answers.values_list("pairing_id", "answered_at"):
        if answered_at is None:
            continue
        if pairing_id not in first_answer or answered_at < first_answer[pairing_id]:
            first_answer[pairing_id] = answered_at
    members: dict[int, list[MetPerson]] = defaultdict(list)
    slots: dict[int, tuple[int, datetime.datetime | None]] = {}
    rows = (
        PairingMember.objects.filter(pairing_id__in=first_answer)
        .order_by("pairing_id", "id")
        .values_list(
            "pairing_id",
            "pairing__organisation_id",
            "pairing__slot_start",
            "person_id",
            "person__email",
            "person__user_id",
        )
    )
    for pairing_id, organisation_id, slot_start, person_id, email, user_id in rows:
        members[pairing_id].append(MetPerson(person_id, email.lower(), user_id))
        slots[pairing_id] = (organisation_id, slot_start)
    return [
        MetPairing(
            pairing_id=pairing_id,
            organisation_id=slots[pairing_id][0],
            at=slots[pairing_id][1] or first_answer[pairing_id],
            members=tuple(people),
        )
        for pairing_id, people in sorted(members.items())
    ]
