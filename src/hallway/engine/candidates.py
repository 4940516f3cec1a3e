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

The lists are exact: every hard rule and every term of the weight counts (history,
managers and forbidden pairs too), and each person's list holds their true best `k` by that
ranking plus seeded noise below `_TIE_NOISE` (`_noise`, a function of the two people and the
seed); an exact tie after that goes to the partner who comes first. Finding them does not
take every pair. People of one *class* (the same place: location, schedule and languages;
whether their team and department are known; how many interests they have, up to the cap)
rank everyone alike but for the pairwise terms (a shared team or department, shared
interests, history, the noise), so one bound for each two classes caps every pair between
them. For a block of people of one class (or of a few small classes alike but for their
place), the classes are visited best bound first, in chunks of people that double in size
(`_FIRST_LOOK` first). Each chunk is scored exactly, as arrays, and each person keeps their
`k` best so far (`_Best`), the last of which is a floor under their final `k`-th best; the
search stops for a person once no class left can reach their floor. On the realistic round
of 10,000 people that scores about 40 % of the pairs (shared interests, worth up to 0.9,
keep the bounds loose). At worst (everyone a class
of their own, or few allowed partners) it scores every pair, so ``pairing.plan_round`` gives
it parts of at most ``pairing.PART_SIZE`` people. Forced pairs are always candidates.
"""

import datetime
import itertools
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

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

#: Candidates per person.
CANDIDATES_PER_PERSON = 14
#: Pairs scored at once (some people of a class × a chunk of partners): 16 MB per array.
_BLOCK_CELLS = 1 << 21
#: Small classes share a block of rows up to this many people.
_FEW = 32
#: People a block scores first, before it knows its floors; each next chunk is twice as big.
_FIRST_LOOK = 512
#: The largest seeded noise on a pair's ranking: it decides between equal partners (and
#: between partners closer than this, such as a minute more or less of weekly overlap).
_TIE_NOISE = 1e-3
#: Bounds add the same terms as the rankings, in another order: room for the rounding.
_SLACK = 1e-9
#: The floor of a row that has not seen `k` allowed partners: anything allowed reaches it.
_LOWEST = -np.finfo(np.float64).max


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
    team_known: BoolArray
    department_known: BoolArray
    place: IntArray
    place_table: FloatArray
    interests: npt.NDArray[np.uint64]
    interest_count: IntArray  # capped where shared interests stop counting
    # Sparse corrections, both directions, person i's at sparse_start[i]:sparse_start[i + 1]:
    # the repeat term instead of the never-met 2, or -inf where a hard rule (history,
    # manager, forbidden) keeps them apart.
    sparse_start: IntArray
    sparse_col: IntArray
    sparse_delta: FloatArray
    forced: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class _Classes:
    """People who rank everyone alike but for the pairwise terms (see the module docstring):
    class c is ``members[starts[c]:starts[c + 1]]``, each described by a representative."""

    of: IntArray
    members: IntArray
    starts: IntArray
    representative: IntArray

    @property
    def sizes(self) -> IntArray:
        return np.diff(self.starts)

    def members_of(self, classes: IntArray) -> IntArray:
        """Everyone in `classes`, class after class."""
        return self.members[_ranges(self.starts[classes], self.sizes[classes])]


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
    return place.astype(np.int64), table


def _corrections(
    people: Sequence[Participant],
    index: dict[str, int],
    *,
    rules: Rules,
    history: History,
    today: datetime.date,
) -> tuple[IntArray, IntArray, FloatArray]:
    """The sparse corrections of `_Features` as (row, column, delta), both directions,
    sorted, one per pair: the lowest, so a hard rule (-inf) wins over a repeat term."""
    rows: list[int] = []
    cols: list[int] = []
    deltas: list[float] = []
    never = repeat_term(0, 0)
    for i, p in enumerate(people):
        for partner, entry in history.partners(p.id).items():
            j = index.get(partner)
            if j is None or j < i:  # each pair once
                continue
            if met_recently(entry, rules=rules, today=today):
                deltas.append(-np.inf)
            elif entry.last_met is not None:
                days = (today - entry.last_met).days
                deltas.append(repeat_term(days, entry.times_met) - never)
            else:
                continue
            rows.append(i)
            cols.append(j)
        if rules.never_with_manager and p.manager in index and p.manager != p.id:
            rows.append(i)
            cols.append(index[p.manager])
            deltas.append(-np.inf)
    for key in rules.forbid:
        members = [index[pid] for pid in key if pid in index]
        if len(members) == 2:
            rows.append(members[0])
            cols.append(members[1])
            deltas.append(-np.inf)
    n = len(people)
    code = np.array(rows + cols, dtype=np.int64) * n + np.array(cols + rows, dtype=np.int64)
    delta = np.array(deltas + deltas, dtype=np.float64)
    order = np.argsort(code, kind="stable")
    code, delta = code[order], delta[order]
    first = np.flatnonzero(np.diff(code, prepend=-1))
    code = code[first]
    return code // n, code % n, np.minimum.reduceat(delta, first) if len(first) else delta


def _features(
    people: Sequence[Participant], *, rules: Rules, history: History, today: datetime.date
) -> _Features:
    n = len(people)
    index = {p.id: i for i, p in enumerate(people)}
    interests, _ = tag_bitsets([p.interests for p in people])
    place, table = _place_table(people, rules=rules, today=today)
    row, col, delta = _corrections(people, index, rules=rules, history=history, today=today)
    forced = (
        sorted(index[pid] for pid in key)
        for key in rules.force - rules.forbid
        if len(key) == 2 and all(pid in index for pid in key)
    )
    team = category_codes([p.team for p in people])
    department = category_codes([p.department for p in people])
    return _Features(
        n=n,
        team=_own_unknowns(team),
        department=_own_unknowns(department),
        team_known=team >= 0,
        department_known=department >= 0,
        place=place,
        place_table=table,
        interests=interests,
        interest_count=np.minimum(
            np.bitwise_count(interests).sum(axis=1, dtype=np.int64), MAX_SHARED_INTERESTS
        ),
        sparse_start=np.searchsorted(row, np.arange(n + 1)),
        sparse_col=col,
        sparse_delta=delta,
        forced=tuple(sorted((i, j) for i, j in forced)),
    )


def potential(f: _Features, rules: Rules) -> FloatArray:
    """The best quality each person could reach with anyone: an upper bound from their own
    attributes (their price in the ranking is half of it)."""
    prefer = rules.prefer
    reachable = np.where(np.isfinite(f.place_table), f.place_table, -np.inf).max(axis=1)
    best = reachable[f.place]
    best = best + abs(prefer.different_team) * f.team_known
    best = best + abs(prefer.different_department) * f.department_known
    best = best + max(prefer.shared_interest, 0.0) * f.interest_count
    return np.where(np.isfinite(best), best, 0.0)


def _noise(rows: IntArray, cols: IntArray, salt: npt.NDArray[np.uint32]) -> FloatArray:
    """Seeded noise in [0, `_TIE_NOISE`) for each of `rows` with each of `cols`: the two
    people's salts (`salt[0]` as the row, `salt[1]` as the column) mixed."""
    h = salt[0, rows][:, None] ^ salt[1, cols][None, :]
    h *= np.uint32(0x9E3779B1)
    h ^= h >> np.uint32(15)
    noise: FloatArray = h * (_TIE_NOISE / 2.0**32)
    return noise


def _salt(seed: int, n: int) -> npt.NDArray[np.uint32]:
    """Each person's two random words for `_noise`, from the seed."""
    return np.random.default_rng(seed).integers(0, 2**32, size=(2, n), dtype=np.uint32)


def _ranges(starts: IntArray, lengths: IntArray) -> IntArray:
    """The indices start, start + 1, ... of each range, range after range."""
    ends = np.cumsum(lengths)
    shift = np.repeat(starts - (ends - lengths), lengths)
    return shift + np.arange(int(ends[-1]) if len(ends) else 0)


def _class_values(
    f: _Features, rows: IntArray, cols: IntArray, *, rules: Rules, price: FloatArray
) -> FloatArray:
    """The part of the ranking that people share with their class, for each of `rows`
    with each of `cols`: the place terms, both team (department) known where different
    ones are rewarded, minus the price of the partner."""
    prefer = rules.prefer
    r, c = rows[:, None], cols[None, :]
    values: FloatArray = (
        f.place_table[f.place[r], f.place[c]]
        + max(prefer.different_team, 0.0) * (f.team_known[r] & f.team_known[c])
        + max(prefer.different_department, 0.0) * (f.department_known[r] & f.department_known[c])
        - price[c]
    )
    return values


def _pairwise_bound(f: _Features, rows: IntArray, cols: IntArray, *, rules: Rules) -> FloatArray:
    """The most the pairwise terms can add, for each of `rows` with each of `cols` (people
    standing for their classes): a shared team or department where the program rewards it,
    and as many shared interests as both could have."""
    prefer = rules.prefer
    r, c = rows[:, None], cols[None, :]
    return (
        max(-prefer.different_team, 0.0) * f.team_known[r]
        + max(-prefer.different_department, 0.0) * f.department_known[r]
        + max(prefer.shared_interest, 0.0) * np.minimum(f.interest_count[r], f.interest_count[c])
    )


def _clean(
    f: _Features, rows: IntArray, cols: IntArray, values: FloatArray, *, rules: Rules
) -> FloatArray:
    """The ranking without its noise of each of `rows` with each of `cols`: the class part
    `values` (rows × cols) plus the pairwise terms: a shared team and department (which
    take back the reward for different ones, or earn the reward for the same), shared
    interests, and -inf or the repeat term from history, managers and forbidden pairs; -inf
    with oneself."""
    prefer = rules.prefer
    for codes, weight in (
        (f.team, prefer.different_team),
        (f.department, prefer.different_department),
    ):
        if weight:
            same = codes[rows][:, None] == codes[cols][None, :]
            np.subtract(values, weight, out=values, where=same)
    mine = f.interests[rows]
    if prefer.shared_interest > 0 and mine.any():
        shared = np.bitwise_count(mine[:, 0, None] & f.interests[cols, 0])
        for word in range(1, mine.shape[1]):
            shared += np.bitwise_count(mine[:, word, None] & f.interests[cols, word])
        values += _interest_terms(prefer.shared_interest)[shared]
    at = np.full(f.n, -1)
    at[cols] = np.arange(len(cols))
    lo = f.sparse_start[rows]
    lengths = f.sparse_start[rows + 1] - lo
    entry = _ranges(lo, lengths)
    row = np.repeat(np.arange(len(rows)), lengths)
    col = at[f.sparse_col[entry]]
    inside = col >= 0
    values[row[inside], col[inside]] += f.sparse_delta[entry[inside]]
    me = at[rows]
    values[np.flatnonzero(me >= 0), me[me >= 0]] = -np.inf
    return values


def _ranking(
    f: _Features,
    rows: IntArray,
    cols: IntArray,
    values: FloatArray,
    *,
    rules: Rules,
    salt: npt.NDArray[np.uint32],
) -> FloatArray:
    """The ranking of each of `rows` with each of `cols` (the class part `values`, rows ×
    cols, plus the pairwise terms and the noise); -inf where not allowed."""
    values = _clean(f, rows, cols, values, rules=rules)
    values += _noise(rows, cols, salt)
    return values


def _interest_terms(weight: float) -> FloatArray:
    """The interest term by number of shared interests (0..255), capped."""
    return weight * np.minimum(np.arange(256), MAX_SHARED_INTERESTS).astype(np.float64)


def _classes(f: _Features) -> _Classes:
    """People by class (interests, team and department known or not, place), so that
    neighbouring classes differ in their place first."""
    key = np.column_stack([f.interest_count, f.team_known, f.department_known, f.place])
    _, representative, of = np.unique(key, axis=0, return_index=True, return_inverse=True)
    of = of.reshape(-1).astype(np.int64)
    members = np.argsort(of, kind="stable")
    starts = np.searchsorted(of[members], np.arange(len(representative) + 1))
    return _Classes(of=of, members=members, starts=starts, representative=representative)


def _block_best(
    f: _Features,
    rows: IntArray,
    classes: _Classes,
    *,
    rules: Rules,
    price: FloatArray,
    salt: npt.NDArray[np.uint32],
    k: int,
) -> tuple[IntArray, IntArray]:
    """The `k` best partners (rows, partners) of `rows`, by the steps of the module
    docstring: classes in the order of their best bound for the block, in chunks of people
    that double in size, until no class left can reach a row's floor."""
    local, at = np.unique(classes.of[rows], return_inverse=True)
    at = at.reshape(-1)
    mine, everyone = classes.representative[local], classes.representative
    values = _class_values(f, mine, everyone, rules=rules, price=price)
    bound = values + _pairwise_bound(f, mine, everyone, rules=rules) + (_TIE_NOISE + _SLACK)
    promise = bound.max(axis=0)
    order = np.argsort(-promise, kind="stable")
    order = order[np.isfinite(promise[order])]
    # Each local class's best bound among the classes from each position of the order on.
    left = np.maximum.accumulate(bound[:, order[::-1]], axis=1)[:, ::-1]
    ends = np.cumsum(classes.sizes[order])
    best = _Best(len(rows), k)
    start, width = 0, _FIRST_LOOK
    while start < len(order):
        active = np.flatnonzero(best.floor <= left[at, start])
        if not len(active):
            break
        stop = int(np.searchsorted(ends, ends[start] - classes.sizes[order[start]] + width)) + 1
        lowest = np.full(len(local), np.inf)
        np.minimum.at(lowest, at[active], best.floor[active])
        chunk = order[start:stop]
        chunk = chunk[(bound[:, chunk] >= lowest[:, None]).any(axis=0)]
        cols = classes.members_of(chunk)
        class_part = values[:, classes.of[cols]][at[active]]
        best.add(active, cols, _ranking(f, rows[active], cols, class_part, rules=rules, salt=salt))
        start, width = stop, 2 * width
    i, j = best.pairs()
    return rows[i], j


class _Best:
    """Each row's `k` best (highest value, then lowest column) seen so far, and its floor:
    the `k`-th best value, or `_LOWEST` until there are `k`."""

    def __init__(self, rows: int, k: int) -> None:
        self.value = np.full((rows, k), -np.inf)
        self.col = np.full((rows, k), np.iinfo(np.int64).max)
        self.floor = np.full(rows, _LOWEST)

    def add(self, rows: IntArray, cols: IntArray, value: FloatArray) -> None:
        """Offer `value` (`rows` × `cols`); what is below a row's floor cannot enter. A row
        without `k` yet first takes the offer's `k`-th best as its floor."""
        k = self.value.shape[1]
        short = np.flatnonzero(self.floor[rows] == _LOWEST)
        if len(short) and len(cols) >= k:
            kth = np.partition(value[short], len(cols) - k, axis=1)[:, len(cols) - k]
            self.floor[rows[short]] = np.maximum(kth, _LOWEST)
        r, c = np.nonzero(value >= self.floor[rows][:, None])
        if not len(r):
            return
        first = np.flatnonzero(np.diff(r, prepend=-1))  # r is sorted: rows' first offers
        changed, count = r[first], np.diff(first, append=len(r))
        width = int(count.max())
        offer_value = np.full((len(changed), width), -np.inf)
        offer_col = np.full((len(changed), width), np.iinfo(np.int64).max)
        slot = np.arange(len(r)) - np.repeat(first, count)
        place = np.repeat(np.arange(len(changed)), count)
        offer_value[place, slot] = value[r, c]
        offer_col[place, slot] = cols[c]
        target = rows[changed]
        both_value = np.concatenate([self.value[target], offer_value], axis=1)
        both_col = np.concatenate([self.col[target], offer_col], axis=1)
        keep = np.lexsort((both_col, -both_value), axis=1)[:, :k]
        self.value[target] = np.take_along_axis(both_value, keep, axis=1)
        self.col[target] = np.take_along_axis(both_col, keep, axis=1)
        self.floor[target] = np.maximum(self.value[target, -1], _LOWEST)

    def pairs(self) -> tuple[IntArray, IntArray]:
        """(row, column) of every finite value kept."""
        row, slot = np.nonzero(np.isfinite(self.value))
        return row, self.col[row, slot]


def _blocks(classes: _Classes, n: int) -> Iterator[IntArray]:
    """People in class order, in blocks whose rows against everyone stay within
    `_BLOCK_CELLS`: a class of `_FEW` people or more on its own (in pieces if need be),
    smaller neighbouring classes (alike but for their place) together."""
    size = max(1, _BLOCK_CELLS // max(n, 1))
    few = max(1, min(_FEW, size // 2))  # so that small classes together stay below size
    start = 0  # of the small classes not yet given out
    for begin, end in itertools.pairwise(classes.starts.tolist()):
        if end - begin < few:
            if end - start >= few:
                yield classes.members[start:end]
                start = end
            continue
        if start < begin:
            yield classes.members[start:begin]
        for piece in range(begin, end, size):
            yield classes.members[piece : min(piece + size, end)]
        start = end
    if start < n:
        yield classes.members[start:n]


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
    price = potential(f, rules) / 2
    salt = _salt(seed, f.n)
    classes = _classes(f)
    found = [
        _block_best(f, rows, classes, rules=rules, price=price, salt=salt, k=k)
        for rows in _blocks(classes, f.n)
    ]
    rows, cols = (np.concatenate(parts) for parts in zip(*found, strict=True))
    forced = np.array(f.forced, dtype=np.int64).reshape(-1, 2)
    a = np.concatenate([rows, forced[:, 0]])
    b = np.concatenate([cols, forced[:, 1]])
    code = np.unique(np.minimum(a, b) * f.n + np.maximum(a, b))
    return code // f.n, code % f.n
