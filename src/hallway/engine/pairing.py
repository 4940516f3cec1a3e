"""One round of coffee pairings (or trios): who meets whom, why, and when.

`plan_round` scores every allowed pair (``all_pairs.allowed_pairs``), takes forced pairs
out as fixed groups, and solves a maximum-cardinality maximum-weight matching on the rest
(``matching.max_weight_matching``): first the most people paired, then the highest total
weight. That is exact up to `FULL_GRAPH_LIMIT` people. A larger round is split (seeded)
into parts of at most `PART_SIZE`; each part scores only its people's best candidates
(``candidates.py``) and is matched from the relaxation with an exact repair (``exact=False``
of the matching); the people the parts leave over then get a second chance among each
other. ``bench/pairing.py`` measures the gap to the optimum of the full graph.
What happens to people the matching leaves over depends on the rules:

* ``Rules.odd == "trio"``: each leftover who has an allowed partner joins the pair where
  they add the most (both pairs with the two members allowed); reason ``joined_as_third``.
* ``Rules.odd == "sit_out"``: they sit out (``odd_one_out``), and someone who sat out last
  round (``previous_sit_outs``) does so again only when nobody else could.
* ``Rules.group_size == 3``: trios throughout (a heuristic, see `plan_round`).

Reason codes added here, on top of the pair codes of ``scoring.py``:

* on a group: ``joined_as_third`` (a leftover joined a pair), ``no_common_slot`` (no
  meeting time inside everyone's working hours within the slot window);
* on someone left out: the code of ``scoring.why_unpairable`` when they have no allowed
  partner at all; ``odd_one_out`` when they had partners but the head-count was odd
  (sit-out mode); ``no_group_fits`` when they had partners but no group could take them
  (every group has someone they may not meet); ``partners_taken`` in a round too large to
  score every pair (``FULL_GRAPH_LIMIT``) when someone's allowed partners were all paired
  in other parts of the round before the leftovers' second chance.
"""

import datetime
import itertools
import math
from collections.abc import Iterable, Sequence

import numpy as np

from hallway.engine.all_pairs import allowed_pairs
from hallway.engine.candidates import candidate_pairs
from hallway.engine.matching import bipartite_assignment, max_weight_matching
from hallway.engine.model import Group, Participant, PastMeeting, Plan, Rules, Unmatched
from hallway.engine.scoring import HAS_ALLOWED_PARTNER, History, ScoredPair, why_unpairable
from hallway.engine.slots import next_slots

JOINED_AS_THIRD = "joined_as_third"
NO_COMMON_SLOT = "no_common_slot"
ODD_ONE_OUT = "odd_one_out"
NO_GROUP_FITS = "no_group_fits"
PARTNERS_TAKEN = "partners_taken"
SLOT_COUNT = 3
#: Up to this many people every pair is scored and the plan is exact. Larger rounds are
#: planned on each person's best candidates (``candidates.py``), in parts of at most
#: `PART_SIZE` people (a seeded split); whoever a part leaves over gets a second chance with
#: the leftovers of every other part.
FULL_GRAPH_LIMIT = 400
PART_SIZE = 10_000

Pair = tuple[str, str]


class _Scores:
    """Allowed pairs by id: weight and reason codes, looked up in either order."""

    def __init__(self, scored: Iterable[tuple[str, str, float, tuple[str, ...]]]) -> None:
        self.weight: dict[Pair, float] = {}
        self.reasons: dict[Pair, tuple[str, ...]] = {}
        self.neighbours: dict[str, list[str]] = {}
        self.extend(scored)

    @property
    def partners(self) -> Iterable[str]:
        """Everyone with at least one allowed pair."""
        return self.neighbours.keys()

    def extend(self, scored: Iterable[tuple[str, str, float, tuple[str, ...]]]) -> None:
        for a, b, weight, reasons in scored:
            key = _key(a, b)
            if key not in self.weight:
                self.neighbours.setdefault(a, []).append(b)
                self.neighbours.setdefault(b, []).append(a)
            self.weight[key] = weight
            self.reasons[key] = reasons

    def get(self, a: str, b: str) -> float | None:
        return self.weight.get(_key(a, b))

    def join_value(self, person: str, members: Sequence[str]) -> float:
        """What `person` adds to a group: the sum of their pair weights, NaN if any is not
        allowed (the NaN is how `bipartite_assignment` marks a forbidden cell)."""
        values = [self.get(person, m) for m in members]
        if any(v is None for v in values):
            return math.nan
        return math.fsum(v for v in values if v is not None)


def _key(a: str, b: str) -> Pair:
    return (a, b) if a < b else (b, a)


def plan_round(
    participants: Sequence[Participant],
    *,
    history: Sequence[PastMeeting],
    rules: Rules,
    today: datetime.date,
    now: datetime.datetime,
    seed: int,
    previous_sit_outs: frozenset[str] = frozenset(),
    slot_days: int = 14,
) -> Plan:
    """Plan one round: groups with score, reasons and slots, and why anyone is left out.

    Pairs (``Rules.group_size == 2``) are exact: the most people paired, then the highest
    total weight, honouring forced pairs first (unless forbidden). The leftovers of an odd
    head-count join a pair (``odd == "trio"``; each where they add the most, solved as one
    assignment of leftovers to pairs) or sit out (``odd == "sit_out"``).

    Trios (``Rules.group_size == 3``) are near-optimal, not exact (the exact problem is
    3-dimensional matching, NP-hard): the exact pairs are ranked by weight, the best third
    of the head-count are kept as cores, and the people of the other pairs are attached to
    the cores by an exact assignment maximising what they add. When the head-count is not a
    multiple of three, one or two cores stay pairs (sizes 3 and 2). Only when the rules
    leave too few possible cores (someone everybody else may meet, but not each other)
    does a leftover join a trio as a fourth, or a broken pair meet as a pair again.

    Deterministic for (`participants` as a set, `history`, `rules`, `today`, `now`,
    `seed`): the input order does not matter, ties are broken by the seed. Slots are the
    next `SLOT_COUNT` meeting times within `slot_days` days of `now`. The objective is the
    total weight of every pair that meets (inside pairs, trios and fours).
    """
    people = sorted(participants, key=lambda p: p.id)
    by_id = {p.id: p for p in people}
    if len(by_id) != len(people):
        raise ValueError("duplicate participant ids")
    past = History.from_meetings(history)
    exact = len(people) <= FULL_GRAPH_LIMIT
    parts = [people] if exact else _split(people, seed)

    def scored(group: Sequence[Participant]) -> list[ScoredPair]:
        among = (
            None
            if len(group) <= FULL_GRAPH_LIMIT
            else candidate_pairs(group, rules=rules, history=past, today=today, seed=seed)
        )
        return allowed_pairs(group, rules=rules, history=past, today=today, among=among)

    scores = _Scores(pair for part in parts for pair in scored(part))
    fixed = _forced_pairs(rules, scores)
    taken = {pid for pair in fixed for pid in pair}
    bonus_for = previous_sit_outs if rules.odd == "sit_out" and rules.group_size == 2 else None
    matched: list[Pair] = []
    for part in parts:
        free = [p.id for p in part if p.id not in taken]
        matched += _match(free, scores, seed=seed, bonus_for=bonus_for, exact=exact)
    if len(parts) > 1:
        # The second chance: the leftovers of all parts, among each other.
        in_pairs = {pid for pair in matched for pid in pair} | taken
        rest = [p for p in people if p.id not in in_pairs]
        scores.extend(scored(rest))
        ids = [p.id for p in rest]
        matched += _match(ids, scores, seed=seed, bonus_for=bonus_for, exact=exact)
    free = [p.id for p in people if p.id not in taken]
    pairs = fixed + matched
    in_pairs = {pid for pair in pairs for pid in pair}
    leftovers = [pid for pid in free if pid not in in_pairs]
    spare = [pid for pid in leftovers if pid in scores.partners]

    groups: list[list[str]]
    joined: set[int] = set()  # groups a leftover joined as third (pair mode)
    left_out: dict[str, str] = {}
    if rules.group_size == 3:
        groups, unplaced = _trios(pairs, spare, scores, seed=seed)
        left_out.update(dict.fromkeys(unplaced, NO_GROUP_FITS))
    else:
        groups = [list(pair) for pair in pairs]
        if rules.odd == "trio":
            for person, target in _attach(spare, groups, scores, capacity=1):
                if target is None:
                    left_out[person] = NO_GROUP_FITS
                else:
                    groups[target].append(person)
                    joined.add(target)
        else:
            left_out.update(dict.fromkeys(spare, ODD_ONE_OUT))
    for pid in leftovers:
        if pid not in scores.partners:
            reason = why_unpairable(by_id[pid], people, rules=rules, history=past, today=today)
            left_out[pid] = PARTNERS_TAKEN if reason == HAS_ALLOWED_PARTNER else reason

    built = [
        _group(
            sorted(members),
            scores,
            by_id,
            rules=rules,
            now=now,
            slot_days=slot_days,
            extra=(JOINED_AS_THIRD,) if i in joined else (),
        )
        for i, members in enumerate(groups)
    ]
    built.sort(key=lambda g: g.members)
    unmatched = tuple(Unmatched(id=pid, reason=left_out[pid]) for pid in sorted(left_out))
    return Plan(
        groups=tuple(built),
        unmatched=unmatched,
        objective=math.fsum(g.score for g in built),
    )


def _split(people: Sequence[Participant], seed: int) -> list[list[Participant]]:
    """A seeded split into parts of equal size (within one), each at most `PART_SIZE`."""
    count = -(-len(people) // PART_SIZE)
    order = np.random.default_rng(seed).permutation(len(people))
    return [
        sorted((people[i] for i in chunk.tolist()), key=lambda p: p.id)
        for chunk in np.array_split(order, count)
    ]


def _forced_pairs(rules: Rules, scores: _Scores) -> list[Pair]:
    """Forced pairs that are allowed (a forbidden one is absent from `scores`), each person
    in at most one: when forced pairs share someone, the alphabetically first pair wins."""
    fixed: list[Pair] = []
    taken: set[str] = set()
    for key in sorted(tuple(sorted(k)) for k in rules.force if len(k) == 2):
        a, b = key
        if a in taken or b in taken or scores.get(a, b) is None:
            continue
        fixed.append((a, b))
        taken.update(key)
    return fixed


def _match(
    free: Sequence[str],
    scores: _Scores,
    *,
    seed: int,
    bonus_for: frozenset[str] | None,
    exact: bool,
) -> list[Pair]:
    """The exact maximum-cardinality maximum-weight matching among `free` people.

    With `bonus_for` (sit-out mode), every edge gains a bonus B per endpoint in that set.
    Exact reasoning: with max_cardinality the number of people matched is fixed, and a
    matching's weight becomes w(M) + B * (people of `bonus_for` it matches). B exceeds the
    weight of any matching (at most n/2 edges, each <= the largest weight), so one more of
    them matched outweighs any difference in w(M): among the matchings with the most
    people, the solver picks those that leave the fewest previous sit-outs out, and among
    those the heaviest by the true weights. Nobody sits out twice running unless every
    maximum matching leaves one of them out.
    """
    index = {pid: i for i, pid in enumerate(free)}
    us: list[int] = []
    vs: list[int] = []
    ws: list[float] = []
    for a in free:
        for b in scores.neighbours.get(a, ()):
            if a < b and b in index:
                us.append(index[a])
                vs.append(index[b])
                ws.append(scores.weight[(a, b)])
    if not us:
        return []
    weights = np.array(ws, dtype=np.float64)
    if bonus_for:
        flags = np.array([pid in bonus_for for pid in free], dtype=np.float64)
        bonus = (len(free) // 2 + 1) * float(weights.max()) + 1.0
        weights = weights + bonus * (flags[us] + flags[vs])
    found = max_weight_matching(
        len(free),
        (np.array(us), np.array(vs), weights),
        max_cardinality=True,
        seed=seed,
        exact=exact,
    )
    return [_key(free[a], free[b]) for a, b in found]


def _attach(
    people: Sequence[str],
    groups: Sequence[Sequence[str]],
    scores: _Scores,
    *,
    capacity: int,
    eligible: Sequence[int] | None = None,
) -> list[tuple[str, int | None]]:
    """Assign people to groups (at most `capacity` each), exactly: the most people placed,
    then the highest sum of what they add. Returns (person, group index or None).

    Only groups holding an allowed partner of someone can take anyone, so only those are
    columns of the assignment (a few instead of every group of a large round)."""
    if not people:
        return []
    group_of = {member: g for g, members in enumerate(groups) for member in members}
    reachable = {
        group_of[partner]
        for person in people
        for partner in scores.neighbours.get(person, ())
        if partner in group_of
    }
    targets = sorted(reachable if eligible is None else reachable.intersection(eligible))
    if not targets:
        return [(person, None) for person in people]
    matrix = np.array(
        [[scores.join_value(person, groups[t]) for t in targets] for person in people],
        dtype=np.float64,
    )
    placed = dict(
        bipartite_assignment(len(people), len(targets), [capacity] * len(targets), matrix)
    )
    return [
        (person, targets[placed[i]] if i in placed else None) for i, person in enumerate(people)
    ]


def _trios(
    pairs: Sequence[Pair], spare: Sequence[str], scores: _Scores, *, seed: int
) -> tuple[list[list[str]], list[str]]:
    """Groups of three (the heuristic described in `plan_round`) and who fits nowhere."""
    m = 2 * len(pairs) + len(spare)  # everyone who can meet someone
    # Cores that stay pairs so that sizes work out: m = 3t (all trios), 3t + 1 (two pairs),
    # 3t + 2 (one pair). Never a group of one or four when everyone may meet everyone.
    stay_pairs = (0, 2, 1)[m % 3]
    wanted = (m - 2 * stay_pairs) // 3 + stay_pairs
    rank = _seeded_rank(sorted({pid for pair in pairs for pid in pair}), seed)
    ranked = sorted(
        pairs,
        key=lambda pair: (-(scores.get(*pair) or 0.0), rank[pair[0]], rank[pair[1]]),
    )
    cores = [list(pair) for pair in ranked[:wanted]]
    broken = ranked[wanted:]
    extras = [pid for pair in broken for pid in pair] + list(spare)
    placement = dict(_attach(extras, cores, scores, capacity=1))
    rest = [pid for pid in extras if placement[pid] is None]
    for pid in extras:
        target = placement[pid]
        if target is not None:
            cores[target].append(pid)
    # Too few cores (say, one person everyone else may meet but not each other): the rest
    # join trios as a fourth, then any broken pair whose members both stayed unplaced meets
    # as a pair again.
    if rest:
        trios = [i for i, core in enumerate(cores) if len(core) == 3]
        for pid, target in _attach(rest, cores, scores, capacity=1, eligible=trios):
            if target is not None:
                cores[target].append(pid)
        placed = {pid for core in cores for pid in core}
        rest = [pid for pid in rest if pid not in placed]
        for a, b in broken:
            if a in rest and b in rest:
                cores.append([a, b])
        placed = {pid for core in cores for pid in core}
        rest = [pid for pid in rest if pid not in placed]
    return cores, rest


def _seeded_rank(ids: Sequence[str], seed: int) -> dict[str, int]:
    """A seeded order of `ids` (given sorted), to break ties by seed, not by input order."""
    order = np.random.default_rng(seed).permutation(len(ids)).tolist()
    return {pid: order[i] for i, pid in enumerate(ids)}


def _group(
    members: Sequence[str],
    scores: _Scores,
    by_id: dict[str, Participant],
    *,
    rules: Rules,
    now: datetime.datetime,
    slot_days: int,
    extra: tuple[str, ...],
) -> Group:
    """A group with its score (the sum of its allowed pair weights), the union of its pair
    reason codes in first-seen order, the extra codes, and its next slots."""
    weights: list[float] = []
    reasons: dict[str, None] = {}
    for a, b in itertools.combinations(members, 2):
        key = _key(a, b)
        if key in scores.weight:
            weights.append(scores.weight[key])
            reasons.update(dict.fromkeys(scores.reasons[key]))
    reasons.update(dict.fromkeys(extra))
    slots = next_slots(
        [by_id[pid] for pid in members],
        now=now,
        days=slot_days,
        minutes=rules.meeting_minutes,
        count=SLOT_COUNT,
    )
    if not slots:
        reasons[NO_COMMON_SLOT] = None
    return Group(
        members=tuple(members), score=math.fsum(weights), reasons=tuple(reasons), slots=slots
    )
