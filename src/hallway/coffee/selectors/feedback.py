"""Reads about feedback: who keeps missing their coffee dates."""

import hashlib
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from hallway.coffee.models import Outcome, Pairing, PairingMember, Program, Round, RoundStatus
from hallway.coffee.selectors.insights import CACHE_FROM_PAIRINGS, CACHE_SECONDS
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
    *,
    program: Program,
    rounds: int = RECENT_ROUNDS,
    threshold: int = NO_SHOW_THRESHOLD,
    limit: int | None = None,
) -> list[NoShow]:
    """People of `program` who, in its last `rounds` closed rounds, answered "couldn't make
    it" or never answered at least `threshold` times, counting only pairings where nobody
    said "we met" (a partner's "we met" means they did meet) and that were not called off
    (a meeting that could not happen is nobody's no-show); most first, at most `limit`.

    Ranked and cut in the database: in a large program thousands may qualify while a page
    shows the first few. When the recent rounds hold `CACHE_FROM_PAIRINGS` pairings or more,
    the counts come from the cache for up to `CACHE_SECONDS` (a key that changes with every
    round closed or pairing added or removed; answers show within minutes), as the program's
    insights do: counting them takes a few hundred milliseconds at 10,000 people."""
    pairings_per_round = (
        Pairing.objects.filter(round=OuterRef("pk"))
        .order_by()
        .values("round")
        .annotate(count=Count("*"))
        .values("count")
    )
    sizes = dict(
        Round.objects.filter(program=program, status=RoundStatus.CLOSED)
        # Counted per round shown, not with a join: a join counts every closed round's
        # pairings before the limit applies.
        .annotate(
            pairing_count=Coalesce(Subquery(pairings_per_round, output_field=IntegerField()), 0)
        )
        .order_by("-scheduled_for")
        .values_list("pk", "pairing_count")[:rounds]
    )
    if not sizes:
        return []
    recent, size = list(sizes), sum(sizes.values())
    if size < CACHE_FROM_PAIRINGS:
        rows = _no_show_rows(recent, threshold, limit)
    else:
        fingerprint = hashlib.sha256(repr((recent, size, threshold, limit)).encode()).hexdigest()
        key = f"coffee:no-shows:{program.pk}:{fingerprint[:32]}"
        cached = cache.get(key)
        if isinstance(cached, list):
            rows = cached
        else:
            rows = _no_show_rows(recent, threshold, limit)
            cache.set(key, rows, CACHE_SECONDS)
    people = Person.objects.in_bulk([row["person_id"] for row in rows])
    result = [
        NoShow(
            person=people[row["person_id"]],
            missed=row["missed"],
            unanswered=row["unanswered"],
            rounds=row["rounds"],
        )
        for row in rows
        if row["person_id"] in people
    ]
    return sorted(result, key=lambda row: (-row.total, row.person.name))


def _no_show_rows(recent: list[int], threshold: int, limit: int | None) -> list[dict[str, Any]]:
    someone_met = PairingMember.objects.filter(pairing=OuterRef("pairing"), outcome=Outcome.MET)
    counts = (
        PairingMember.objects.filter(
            pairing__round_id__in=recent, pairing__called_off_at__isnull=True
        )
        .exclude(Exists(someone_met))
        .values("person_id")
        .annotate(
            missed=Count("pk", filter=Q(outcome=Outcome.MISSED)),
            unanswered=Count("pk", filter=Q(outcome="")),
            rounds=Count("pairing__round_id", distinct=True),
        )
        .annotate(total=F("missed") + F("unanswered"))
        .filter(total__gte=threshold)
        # By id, not name, among equals: grouping by the person alone is much cheaper.
        .order_by("-total", "person_id")
    )
    return [dict(row) for row in (counts if limit is None else counts[:limit])]
