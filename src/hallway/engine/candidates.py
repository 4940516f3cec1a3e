"""Each person's best candidates, for rounds too large to score every pair.

A round of n people has n(n-1)/2 pairs: half a million at n = 1,000, five billion at
n = 100,000. `candidate_pairs` keeps, for each person, the `k` best partners and returns
their union; `pairing.plan_round` then scores those pairs exactly and matches them. The
benchmarks measure the gap to the optimum of the full graph.

"Best" is the pair's quality (the weight of ``scoring.py`` without the onboarding
multiplier and bonus, which raise every pair of a new hire alike and would pull everyone's
candidates towards the few new hires) minus half the partner's `potential`, the best
quality the partner could reach with anyone. Half of it stands in for the partner's price
in the matching's linear relaxation: a partner with many excellent options is less likely
to be free, so partners whose options are few come forward. On realistic rounds this
ranking alone keeps the plan within 0.1 % of the optimum, where ranking by quality alone
(which piles everyone's candidates onto the same few people) falls short.

Quality is computed exactly, in blocks of rows against everyone given: every hard rule and
every term of the weight, including history, managers and forbidden pairs (a few per
person, applied to each block), so the lists are the true best `k` (ties broken by the
seed). The cost grows with the square of the head-count: ``pairing.plan_round`` gives it
parts of at most ``pairing.PART_SIZE`` people. Forced pairs are always candidates.
"""

import datetime
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from hallway.engine.all_pairs import category_codes, overlap_matrix, tag_bitsets
from hallway.engine.model import Participant, Rules
from hallway.engine.scoring import (
    BASE_WEIGHT,
    MAX_SHARED_INTERESTS,
    OVERLAP_CAP_MINUTES,
    SHARED_LANGUAGE_BONUS,
    History,
    IntArray,
    met_recently,
    needs_overlap,
    repeat_term,
)
from hallway.engine.slots import ScheduleKey, schedule_key, week_start

FloatArray = npt.NDArray[np.float32]

#: Candidates per person.
CANDIDATES_PER_PERSON = 14
#: Cells (rows × pool) computed at once: about 16 MB per temporary array.
_BLOCK_CELLS = 1 << 22
#: Seeded noise below any real difference of quality, so ties fall by the seed.
_TIE_NOISE = 1e-3


@dataclass(frozen=True)
class _Features:
    """Everything the quality of a pair depends on, as arrays over people.

    People of one place (location, schedule and languages) score alike on those; the
    place × place table holds their terms (location, shared language, overlap) and -inf
    where a hard rule on them (language, minimum overlap) keeps two places apart.
    """

    n: int
    team: npt.NDArray[np.int32]  # unknown: a distinct negative code per person
    department: npt.NDArray[np.int32]
    team_known: FloatArray
    department_known: FloatArray
    place: IntArray
    place_table: FloatArray
    interests: npt.NDArray[np.uint64]
    # Sparse corrections, sorted by row (both directions): the repeat term instead of the
    # never-met 2, or -inf where a hard rule (history, manager, forbidden) keeps them apart.
    sparse_row: IntArray
    sparse_col: IntArray
    sparse_delta: FloatArray
    forced: tuple[tuple[int, int], ...]


def _own_unknowns(codes: IntArray) -> npt.NDArray[np.int32]:
    """Codes where each unknown (-1) gets its own negative code, so equal means same and
    known."""
    out = codes.astype(np.int32)
    unknown = np.flatnonzero(codes < 0)
    out[unknown] = -1 - np.arange(len(unknown), dtype=np.int32)
    return out


def _place_table(
    people: Sequence[Participant], *, rules: Rules, today: datetime.date
) -> tuple[IntArray, FloatArray]:
    """Each person's place and the place × place table (see `_Features`)."""
    keys: dict[ScheduleKey, int] = {}
    schedule = np.fromiter(
        (keys.setdefault(schedule_key(p), len(keys)) for p in people),
        dtype=np.int64,
        count=len(people),
    )
    location = category_codes([p.location for p in people])
    languages, _ = tag_bitsets([p.languages for p in people])
    signature = np.column_stack([location, schedule, languages.view(np.int64)])
    rows, place = np.unique(signature, axis=0, return_index=True, return_inverse=True)[1:]
    place = place.reshape(-1)
    location, schedule, languages = location[rows], schedule[rows], languages[rows]

    table = np.full((len(rows), len(rows)), BASE_WEIGHT + repeat_term(0, 0), dtype=np.float64)
    weight = rules.prefer.different_location
    known = (location[:, None] >= 0) & (location[None, :] >= 0)
    same = location[:, None] == location[None, :]
    table += np.where(known & (~same if weight > 0 else same), abs(weight), 0.0)
    shared = np.zeros(table.shape, dtype=bool)
    for word in range(languages.shape[1]):
        shared |= (languages[:, word][:, None] & languages[:, word][None, :]) != 0
    table += np.where(shared, SHARED_LANGUAGE_BONUS, 0.0)
    blocked = np.zeros(table.shape, dtype=bool)
    if rules.require_shared_language:
        speaks = np.any(languages != 0, axis=1)
        blocked |= speaks[:, None] & speaks[None, :] & ~shared
    if needs_overlap(rules):
        overlap = overlap_matrix(list(keys), week_start(today))[np.ix_(schedule, schedule)]
        table += (
            max(rules.prefer.overlap, 0.0)
            * np.minimum(overlap, OVERLAP_CAP_MINUTES)
            / (OVERLAP_CAP_MINUTES)
        )
        if rules.min_overlap_minutes > 0:
            blocked |= overlap < rules.min_overlap_minutes
    table[blocked] = -np.inf
    return place.astype(np.int64), table.astype(np.float32)


def _features(
    people: Sequence[Participant], *, rules: Rules, history: History, today: datetime.date
) -> _Features:
    n = len(people)
    index = {p.id: i for i, p in enumerate(people)}
    interests, _ = tag_bitsets([p.interests for p in people])
    place, table = _place_table(people, rules=rules, today=today)

    corrections: dict[tuple[int, int], float] = {}

    def lower(i: int, j: int, delta: float) -> None:
        """A correction only ever lowers: a hard rule (-inf) wins over a repeat term."""
        corrections[(i, j)] = min(corrections.get((i, j), 0.0), delta)

    never = repeat_term(0, 0)
    for i, p in enumerate(people):
        for partner, entry in history.partners(p.id).items():
            j = index.get(partner)
            if j is None:
                continue
            if met_recently(entry, rules=rules, today=today):
                lower(i, j, -np.inf)
            elif entry.last_met is not None:
                days = (today - entry.last_met).days
                lower(i, j, repeat_term(days, entry.times_met) - never)
        if rules.never_with_manager and p.manager in index and p.manager != p.id:
            lower(i, index[p.manager], -np.inf)
            lower(index[p.manager], i, -np.inf)
    forced: list[tuple[int, int]] = []
    for key in rules.forbid | rules.force:
        members = sorted(index[pid] for pid in key if pid in index)
        if len(members) != 2:
            continue
        i, j = members
        if key in rules.forbid:
            lower(i, j, -np.inf)
            lower(j, i, -np.inf)
        else:
            forced.append((i, j))
    ordered = sorted(corrections.items())
    team = category_codes([p.team for p in people])
    department = category_codes([p.department for p in people])
    return _Features(
        n=n,
        team=_own_unknowns(team),
        department=_own_unknowns(department),
        team_known=(team >= 0).astype(np.float32),
        department_known=(department >= 0).astype(np.float32),
        place=place,
        place_table=table,
        interests=interests,
        sparse_row=np.array([i for (i, _), _ in ordered], dtype=np.int64),
        sparse_col=np.array([j for (_, j), _ in ordered], dtype=np.int64),
        sparse_delta=np.array([d for _, d in ordered], dtype=np.float32),
        forced=tuple(sorted(forced)),
    )


def potential(f: _Features, rules: Rules) -> FloatArray:
    """The best quality each person could reach with anyone: an upper bound from their own
    attributes (their price in the ranking is half of it)."""
    prefer = rules.prefer
    reachable = np.where(np.isfinite(f.place_table), f.place_table, -np.inf).max(axis=1)
    best = reachable[f.place]
    best = best + abs(prefer.different_team) * f.team_known
    best = best + abs(prefer.different_department) * f.department_known
    count = np.bitwise_count(f.interests).sum(axis=1)
    best = best + max(prefer.shared_interest, 0.0) * np.minimum(count, MAX_SHARED_INTERESTS)
    return np.where(np.isfinite(best), best, 0.0).astype(np.float32)


def _add_preference(
    quality: FloatArray,
    codes: npt.NDArray[np.int32],
    known: FloatArray,
    rows: IntArray,
    weight: float,
) -> None:
    """Add |weight| where the program rewards the pair: different (both known) for a
    positive weight, the same for a negative one. Unknowns have codes of their own."""
    same = codes[rows][:, None] == codes[None, :]
    if weight > 0:
        quality += np.outer(np.float32(weight) * known[rows], known)
        quality -= np.float32(weight) * same
    elif weight < 0:
        quality += np.float32(-weight) * same


def _quality(f: _Features, rows: IntArray, *, rules: Rules, seed: int) -> FloatArray:
    """The quality of every pair of a row with anyone, -inf where not allowed, plus seeded
    tie noise below any real difference."""
    prefer = rules.prefer
    quality = f.place_table[f.place[rows][:, None], f.place[None, :]]
    _add_preference(quality, f.team, f.team_known, rows, prefer.different_team)
    _add_preference(quality, f.department, f.department_known, rows, prefer.different_department)
    if prefer.shared_interest > 0:
        count = np.zeros(quality.shape, dtype=np.uint8)
        for word in range(f.interests.shape[1]):
            count += np.bitwise_count(f.interests[rows, word][:, None] & f.interests[:, word])
        quality += _interest_terms(prefer.shared_interest)[count]
    quality[np.arange(len(rows)), rows] = -np.inf  # nobody meets themselves
    # History, managers and forbidden pairs of these rows.
    lo, hi = np.searchsorted(f.sparse_row, [rows[0], rows[-1] + 1])
    quality[f.sparse_row[lo:hi] - rows[0], f.sparse_col[lo:hi]] += f.sparse_delta[lo:hi]
    noise = np.random.default_rng([seed, int(rows[0])]).bytes(quality.size)
    quality += np.frombuffer(noise, dtype=np.uint8).reshape(quality.shape) * np.float32(
        _TIE_NOISE / 256
    )
    return quality


def _interest_terms(weight: float) -> FloatArray:
    """The interest term by number of shared interests (0..255), capped."""
    count = np.minimum(np.arange(256), MAX_SHARED_INTERESTS)
    return (np.float32(weight) * count).astype(np.float32)


def _blocks(n: int) -> Iterator[IntArray]:
    """Consecutive rows, as many as fit `_BLOCK_CELLS` against everyone."""
    step = max(1, _BLOCK_CELLS // max(n, 1))
    for start in range(0, n, step):
        yield np.arange(start, min(start + step, n), dtype=np.int64)


def _best(values: FloatArray, k: int) -> tuple[IntArray, IntArray]:
    """Per row, the positions of the `k` largest finite values: (row offsets, columns)."""
    k = min(k, values.shape[1])
    top = np.argpartition(-values, k - 1, axis=1)[:, :k]
    finite = np.isfinite(np.take_along_axis(values, top, axis=1))
    row = np.broadcast_to(np.arange(values.shape[0])[:, None], top.shape)
    return row[finite], top[finite]


def candidate_pairs(
    participants: Sequence[Participant],
    *,
    rules: Rules,
    history: History,
    today: datetime.date,
    seed: int,
    k: int = CANDIDATES_PER_PERSON,
) -> tuple[IntArray, IntArray]:
    """The candidate pairs of a round as two index arrays into `participants` (i < j).

    The union of everyone's `k` best partners by the ranking of the module docstring, plus
    the forced pairs. Deterministic for (`participants` in this order, the rules,
    `history`, `today`, `seed`).
    """
    if len(participants) < 2:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    f = _features(participants, rules=rules, history=history, today=today)
    price = potential(f, rules) * np.float32(0.5)
    found_rows: list[IntArray] = []
    found_cols: list[IntArray] = []
    for rows in _blocks(f.n):
        quality = _quality(f, rows, rules=rules, seed=seed)
        at, col = _best(quality - price[None, :], k)
        found_rows.append(rows[at])
        found_cols.append(col)
    forced = np.array(f.forced, dtype=np.int64).reshape(-1, 2)
    a = np.concatenate([*found_rows, forced[:, 0]])
    b = np.concatenate([*found_cols, forced[:, 1]])
    code = np.unique(np.minimum(a, b) * f.n + np.maximum(a, b))
    return code // f.n, code % f.n
