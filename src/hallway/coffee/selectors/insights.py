"""Insights: what a program's rounds achieved, computed in the database.

Every function runs a fixed number of aggregate queries, whatever the number of rounds,
pairings or people (no query per row): the pages and their CSV downloads stay fast with
10,000 participants and 50 rounds of history.

Definitions:

* a pairing *met* when at least one of its members answered "we met";
* a pairing *called off* when its round closed before it could happen (see
  `services.closing`) does not count among the round's pairings;
* a *new connection* is a met pairing whose people had never met before it was planned
  (the engine's `never_met` reason, recorded on the pairing when it was planned);
* *colleagues met* by a person: the distinct people they met in the program's rounds;
* the team heatmap counts met pairs by the two people's teams (for a trio, each of its
  three pairs), so a cell off the diagonal is a connection across teams.
"""

import datetime
import hashlib
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypedDict

from django.core.cache import cache
from django.db.models import Avg, Count, Exists, F, OuterRef, Q, QuerySet, TextField
from django.db.models.functions import Cast

from hallway.accounts.models import Organisation
from hallway.accounts.tenancy import scoped
from hallway.coffee.models import (
    LeftOut,
    Outcome,
    Pairing,
    PairingMember,
    Program,
    Round,
    RoundStatus,
)
from hallway.people.models import Team

NEVER_MET = '"never_met"'  # how the reason appears in the stored JSON list
# Buckets of the "colleagues met" distribution: 0, 1, …, up to this number and more.
COLLEAGUE_BUCKETS = 8


@dataclass(frozen=True)
class RoundFigures:
    round_id: int
    number: int
    scheduled_for: datetime.date
    status: str
    paired: int  # people in a pairing
    left_out: int
    pairings: int
    answered: int  # pairings where someone answered
    met: int  # pairings where someone answered "we met"
    new_connections: int  # met pairings of people who had never met before
    ratings: int
    average_rating: float | None

    @property
    def sent(self) -> bool:
        """Announced or closed: people could meet (a planned round has not gone out yet)."""
        return self.status in (RoundStatus.ANNOUNCED, RoundStatus.CLOSED)

    @property
    def participants(self) -> int:
        return self.paired + self.left_out

    @property
    def meeting_rate(self) -> float | None:
        """Share of the round's pairings that met (None before anyone could answer)."""
        return self.met / self.pairings if self.pairings and self.answered else None


def insight_programs(*, organisation: Organisation) -> QuerySet[Program]:
    return scoped(Program, organisation).filter(archived_at__isnull=True).order_by("name", "id")


class RoundRow(TypedDict):
    """A round as the insights read it (`Round.objects.values(...)`)."""

    id: int
    number: int
    scheduled_for: datetime.date
    status: str
    planned_at: datetime.datetime | None
    announced_at: datetime.datetime | None
    closed_at: datetime.datetime | None


def _met(pairing: OuterRef) -> Exists:
    return Exists(PairingMember.objects.filter(pairing=pairing, outcome=Outcome.MET))


def _round_figures(program: Program, rounds: list[RoundRow]) -> list[RoundFigures]:
    # Counted from the members' side in one pass: a pairing met when any member said so.
    met = Q(outcome=Outcome.MET)
    held = Q(pairing__called_off_at__isnull=True)
    members: dict[int, Mapping[str, Any]] = {
        row["pairing__round_id"]: row
        for row in PairingMember.objects.filter(pairing__round__program=program)
        .values("pairing__round_id")
        .annotate(
            paired=Count("id"),
            ratings=Count("rating"),
            average=Avg("rating"),
            pairings=Count("pairing_id", distinct=True, filter=held),
            answered=Count("pairing_id", distinct=True, filter=held & ~Q(outcome="")),
            met=Count("pairing_id", distinct=True, filter=held & met),
        )
    }
    new = dict(
        PairingMember.objects.filter(met, pairing__round__program=program)
        .annotate(reason_text=Cast("pairing__reasons", TextField()))
        .filter(reason_text__contains=NEVER_MET)
        .values("pairing__round_id")
        .annotate(n=Count("pairing_id", distinct=True))
        .values_list("pairing__round_id", "n")
    )
    left = dict(
        LeftOut.objects.filter(round__program=program)
        .values("round_id")
        .annotate(n=Count("id"))
        .values_list("round_id", "n")
    )
    result = []
    for row in rounds:
        m = members.get(row["id"], {})
        result.append(
            RoundFigures(
                round_id=row["id"],
                number=row["number"],
                scheduled_for=row["scheduled_for"],
                status=row["status"],
                paired=m.get("paired", 0),
                left_out=left.get(row["id"], 0),
                pairings=m.get("pairings", 0),
                answered=m.get("answered", 0),
                met=m.get("met", 0),
                new_connections=new.get(row["id"], 0),
                ratings=m.get("ratings", 0),
                average_rating=m.get("average"),
            )
        )
    return result


def _met_members(program: Program) -> QuerySet[PairingMember]:
    return PairingMember.objects.filter(pairing__round__program=program).filter(
        _met(OuterRef("pairing_id"))
    )


def colleagues_met_distribution(*, program: Program) -> list[tuple[str, int]]:
    """How many people met how many distinct colleagues: [("0", n0), ("1", n1), …, ("8+", n)].

    Everyone who was ever paired in the program counts, also those who never met anyone.
    Two queries; the per-person counts are summed up in Python as small integers.
    """
    per_person = (
        _met_members(program)
        .values("person_id")
        .annotate(people=Count("pairing__members__person_id", distinct=True))
        .values_list("people", flat=True)
    )
    # Each count includes the person themselves.
    buckets: Counter[int] = Counter(min(n - 1, COLLEAGUE_BUCKETS) for n in per_person)
    everyone = (
        PairingMember.objects.filter(pairing__round__program=program)
        .values("person_id")
        .distinct()
        .count()
    )
    buckets[0] += max(everyone - sum(buckets.values()), 0)
    return [
        (f"{n}+" if n == COLLEAGUE_BUCKETS else str(n), buckets[n])
        for n in range(COLLEAGUE_BUCKETS + 1)
    ]


# More teams than this and the heatmap shows departments; more departments (or teams
# without departments) than this and the ones with fewest connections are lumped together.
HEATMAP_MAX = 16


@dataclass(frozen=True)
class Heatmap:
    labels: list[str]  # team or department names; "" is "no department"
    counts: list[list[int]]  # counts[i][j]: met pairs between labels[i] and labels[j]
    by_department: bool = False
    others: bool = False  # the last label stands for all the rest together

    @property
    def total(self) -> int:
        n = len(self.labels)
        return sum(self.counts[i][j] for i in range(n) for j in range(i, n))

    @property
    def across(self) -> int:
        n = len(self.labels)
        return sum(self.counts[i][j] for i in range(n) for j in range(i + 1, n))


def team_heatmap(*, program: Program, organisation: Organisation) -> Heatmap:
    """Met pairs by the teams of the two people (people without a team are skipped).

    With many teams (a company of 10,000 has hundreds), by department instead, so the
    picture stays readable and the query returns a few rows; at most HEATMAP_MAX rows and
    columns either way. Two or three queries.
    """
    by_department = scoped(Team, organisation).count() > HEATMAP_MAX
    key = "team__department" if by_department else "team_id"
    rows = (
        _met_members(program)
        .filter(
            person__team__isnull=False,
            pairing__members__person__team__isnull=False,
            pairing__members__person_id__gt=F("person_id"),
        )
        .values_list(f"person__{key}", f"pairing__members__person__{key}")
        .annotate(n=Count("id"))
        .order_by()
    )
    pairs: Counter[tuple[Any, Any]] = Counter()  # unordered: (a, b) with a sorted first
    for a, b, n in rows:
        pairs[(a, b) if str(a) <= str(b) else (b, a)] += n
    used = {key for pair in pairs for key in pair}
    if by_department:
        names = {department: department for department in used}
    else:
        names = dict(scoped(Team, organisation).filter(pk__in=used).values_list("id", "name"))
    keys = sorted(used, key=lambda k: (str(names.get(k, "")).lower(), str(k)))
    group = {k: k for k in keys}
    others = len(keys) > HEATMAP_MAX
    if others:
        weight: Counter[Any] = Counter()
        for (a, b), n in pairs.items():
            weight[a] += n
            if a != b:
                weight[b] += n
        kept = {k for k, _n in weight.most_common(HEATMAP_MAX - 1)}
        group = {k: (k if k in kept else None) for k in keys}
        keys = [k for k in keys if k in kept] + [None]
    index = {k: i for i, k in enumerate(keys)}
    counts = [[0] * len(keys) for _ in keys]
    for (a, b), n in pairs.items():
        i, j = index[group[a]], index[group[b]]
        counts[i][j] += n
        if i != j:
            counts[j][i] += n
    return Heatmap(
        labels=[str(names.get(k, "")) if k is not None else "" for k in keys],
        counts=counts,
        by_department=by_department,
        others=others,
    )


@dataclass(frozen=True)
class ProgramInsights:
    rounds: list[RoundFigures]
    colleagues: list[tuple[str, int]]
    heatmap: Heatmap
    computed_at: datetime.datetime
    cached: bool = False

    @property
    def meeting_rate(self) -> float | None:
        """Share of the pairings that met, over the rounds in which anyone answered."""
        answered = [r for r in self.rounds if r.answered]
        pairings = sum(r.pairings for r in answered)
        return sum(r.met for r in answered) / pairings if pairings else None

    @property
    def ratings(self) -> int:
        return sum(r.ratings for r in self.rounds)

    @property
    def average_rating(self) -> float | None:
        if not self.ratings:
            return None
        return sum((r.average_rating or 0) * r.ratings for r in self.rounds) / self.ratings


# A program with more pairings than this in its history is read from the cache (its
# figures take 3 to 5 seconds of queries at 10,000 people and 50 rounds); smaller ones are
# computed on every request, so an answer shows at once.
CACHE_FROM_PAIRINGS = 5_000
# How late answers may show in a large program. During a round of 10,000 people answers
# arrive every few seconds; recounting the whole history for each one would make every
# visit slow, while a few minutes change nothing in the picture.
CACHE_SECONDS = 300


def program_insights(
    *, program: Program, organisation: Organisation, now: datetime.datetime
) -> ProgramInsights:
    """Everything the insights page shows for a program.

    Large programs are cached for `CACHE_SECONDS` under a key that changes with every
    round that is planned, announced or closed and every pairing added or removed: new
    rounds show at once, answers within minutes; the page says when it was counted.
    """
    rounds: list[RoundRow] = list(
        Round.objects.filter(program=program)
        .exclude(status=RoundStatus.DRAFT)
        .order_by("number")
        .values(
            "id", "number", "scheduled_for", "status", "planned_at", "announced_at", "closed_at"
        )
    )
    # IN (the program's rounds), not a join: counted from the index on pairings' rounds.
    size = Pairing.objects.filter(
        round_id__in=Round.objects.filter(program=program).values("pk")
    ).count()
    if size < CACHE_FROM_PAIRINGS:
        return _compute(program, organisation, rounds, now)
    fingerprint = hashlib.sha256(repr((rounds, size)).encode()).hexdigest()[:32]
    key = f"coffee:insights:{program.pk}:{fingerprint}"
    found = cache.get(key)
    if isinstance(found, ProgramInsights):
        return ProgramInsights(
            found.rounds, found.colleagues, found.heatmap, found.computed_at, cached=True
        )
    computed = _compute(program, organisation, rounds, now)
    cache.set(key, computed, CACHE_SECONDS)
    return computed


def _compute(
    program: Program,
    organisation: Organisation,
    rounds: list[RoundRow],
    now: datetime.datetime,
) -> ProgramInsights:
    return ProgramInsights(
        rounds=_round_figures(program, rounds),
        colleagues=colleagues_met_distribution(program=program),
        heatmap=team_heatmap(program=program, organisation=organisation),
        computed_at=now,
    )
