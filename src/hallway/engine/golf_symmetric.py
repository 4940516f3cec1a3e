"""Repeat-free schedules found by an exact-cover search under a cyclic symmetry.

Some social golfer instances have no classical construction in ``golf_constructions.py``
but do have schedules with a large symmetry group, and searching only among those is small
enough to be exact. The model (``CyclicModel``):

* The points lie on *rings*: ring c of size r (r divides the modulus m) holds the points
  (x, c), x in Z_r. The shift x -> x + 1 (on every ring at once, mod its size) generates
  the group Z_m; a ring of size 1 is a fixed point.
* A *base round* is a round that the shift by ``step`` (step divides m) maps onto itself;
  the shifts 0, 1, ..., step - 1 develop it into ``step`` rounds. The schedule is the
  development of one base round per entry of ``steps``, so sum(steps) rounds.
* The shifts split the pairs of points into *pair orbits*. Developing a base round meets
  the pairs of an orbit O equally often: k*m / (e*|O|) times for a block B of the base round,
  where k is the number of pairs of B in O and e the number of shifts of <step> that fix B.
  The schedule is repeat-free exactly when every orbit is met at most once in all.
  ``short_orbits_uncovered`` leaves out the orbits of fewer than m pairs (they would be met
  twice by any block containing one of their pairs, e.g. {x, x + m/2} on a ring of m).

So a base round is a set of *block orbits* (a block and its images under <step>, pairwise
disjoint) that cover each point orbit under <step> exactly once, and each pair orbit is
used by at most one block orbit of all the base rounds, with weight k*m/(e*|O|) = 1. That
is an exact cover problem (Knuth's Algorithm X): the primary columns are the point orbits
of each base round, the secondary ones the pair orbits. The search first fills the base
rounds of the smallest step (the most symmetric: the fewest choices), then lists the block
orbits of the others that avoid the pair orbits met so far and fills those; each node
branches on the point orbit with the fewest candidate block orbits. It stops after
``node_limit`` nodes, so it is deterministic and bounded; the developed schedule is checked
(every round a partition into groups of the size, no pair twice) before it is returned.

8-4-10 (32 golfers in groups of 4 for 10 rounds): every golfer meets 3 * 10 = 30 of the
31 others, so the pairs that never meet form a perfect matching. In ``MODELS`` it is Z_8 on
four rings of 8, the 16 pairs {x, x + 4} of a ring being that matching, with base rounds of
steps 2, 4 and 4: 2 + 4 + 4 = 10 rounds. The search finds one after about 2,300 nodes
(about half a second). Models that have no solution, shown by exhausting them: Z_10 on
three rings of 10 plus two fixed points (one base round of step 10, or two of step 5),
Z_16 on two rings of 16 (steps 8 and 2), Z_10 on rings 10, 10, 5, 5 plus two fixed points
or a ring of 2 (step 10), Z_15 on two rings of 15 plus two fixed points (steps 5 and 5).
"""

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import combinations

Schedule = list[list[list[int]]]


@dataclass(frozen=True)
class CyclicModel:
    """Z_modulus acting on rings of the given sizes; one base round per step; see above."""

    modulus: int
    rings: tuple[int, ...]
    size: int
    steps: tuple[int, ...]
    short_orbits_uncovered: bool = False

    def __post_init__(self) -> None:
        if any(r < 1 or self.modulus % r for r in self.rings):
            raise ValueError("every ring size must divide the modulus")
        if any(d < 1 or self.modulus % d for d in self.steps):
            raise ValueError("every step must divide the modulus")
        if self.size < 2 or self.points % self.size:
            raise ValueError("the points must split into groups of the size")

    @property
    def points(self) -> int:
        """The number of points: the sum of the ring sizes."""
        return sum(self.rings)

    @property
    def rounds(self) -> int:
        """The number of rounds of a schedule of the model."""
        return sum(self.steps)


# The models searched by ``best_construction``, by (points, group size).
MODELS: dict[tuple[int, int], CyclicModel] = {
    (32, 4): CyclicModel(
        modulus=8, rings=(8, 8, 8, 8), size=4, steps=(2, 4, 4), short_orbits_uncovered=True
    ),
}


@dataclass(frozen=True)
class _BlockOrbit:
    """A candidate of base round ``base``: a block and the mask of the columns it takes."""

    base: int
    block: tuple[int, ...]
    mask: int


class _Columns:
    """The shifts, the pair orbits and the columns of the exact cover problem of a model.

    Column bits: first the point orbits under <step> of each base round (``column_base``
    gives the base round of each), then the pair orbits (bit ``offset`` + orbit)."""

    def __init__(self, model: CyclicModel) -> None:
        self.model = model
        n, m = model.points, model.modulus
        # shifted[t][p]: the image of point p under the shift by t.
        self.shifted: list[list[int]] = []
        for t in range(m):
            images: list[int] = []
            for r in model.rings:
                start = len(images)
                images += [start + (x + t) % r for x in range(r)]
            self.shifted.append(images)
        self.orbit = [[-1] * n for _ in range(n)]
        self.sizes: list[int] = []
        for a, b in combinations(range(n), 2):
            if self.orbit[a][b] >= 0:
                continue
            members = {frozenset((s[a], s[b])) for s in self.shifted}
            for pair in members:
                p, q = sorted(pair)
                self.orbit[p][q] = self.orbit[q][p] = len(self.sizes)
            self.sizes.append(len(members))
        self.representative: dict[int, list[int]] = {}
        self.column_of: dict[tuple[int, int], int] = {}
        for base, step in enumerate(model.steps):
            if step not in self.representative:
                self.representative[step] = [
                    min(self.shifted[t][p] for t in range(0, m, step)) for p in range(n)
                ]
            for p in sorted(set(self.representative[step])):
                self.column_of[base, p] = len(self.column_of)
        self.column_base = [base for base, _ in self.column_of]
        self.offset = len(self.column_of)

    def block_orbits(self, bases: Sequence[int], used: int) -> list[_BlockOrbit]:
        """Every block orbit that may join one of the base rounds ``bases``, given the pair
        orbits already met (the bits of ``used``)."""
        model, shifted, orbit, sizes = self.model, self.shifted, self.orbit, self.sizes
        n, m = model.points, model.modulus
        allowed = [
            [
                p != q
                and not used >> (self.offset + orbit[p][q]) & 1
                and not (model.short_orbits_uncovered and sizes[orbit[p][q]] < m)
                for q in range(n)
            ]
            for p in range(n)
        ]
        found: list[_BlockOrbit] = []
        for step in sorted({model.steps[base] for base in bases}):
            rep = self.representative[step]
            subgroup = range(0, m, step)
            # (canonical block, its point orbits, its pair orbits), for every base round of
            # this step
            shared: list[tuple[tuple[int, ...], set[int], list[int]]] = []
            seen: set[tuple[int, ...]] = set()
            for start in sorted(set(rep)):
                # The smallest point of a block orbit represents its orbit of points.
                for block in _cliques(allowed, start, model.size):
                    images = {tuple(sorted(shifted[t][p] for p in block)) for t in subgroup}
                    canonical = min(images)
                    if canonical in seen:
                        continue
                    seen.add(canonical)
                    covered = [p for image in images for p in image]
                    if len(set(covered)) != len(covered):
                        continue  # the images overlap: they cannot share a round
                    fixing = len(subgroup) // len(images)
                    met: dict[int, int] = {}
                    for p, q in combinations(block, 2):
                        met[orbit[p][q]] = met.get(orbit[p][q], 0) + 1
                    if any(k * m != fixing * sizes[o] for o, k in met.items()):
                        continue  # some pair of the orbit would meet twice (or never)
                    shared.append((canonical, {rep[p] for p in block}, sorted(met)))
            for base in bases:
                if model.steps[base] != step:
                    continue
                for canonical, point_orbits, pair_orbits in shared:
                    mask = 0
                    for p in point_orbits:
                        mask |= 1 << self.column_of[base, p]
                    for o in pair_orbits:
                        mask |= 1 << (self.offset + o)
                    found.append(_BlockOrbit(base, canonical, mask))
        return found


def _cliques(allowed: list[list[bool]], start: int, size: int) -> Iterator[tuple[int, ...]]:
    """The sets of ``size`` points: ``start`` and greater points, pairwise allowed."""
    chosen = [start]

    def extend(pool: list[int]) -> Iterator[tuple[int, ...]]:
        if len(chosen) == size:
            yield tuple(chosen)
            return
        for i, p in enumerate(pool):
            chosen.append(p)
            yield from extend([q for q in pool[i + 1 :] if allowed[p][q]])
            chosen.pop()

    yield from extend([q for q in range(start + 1, len(allowed)) if allowed[start][q]])


def _exact_cover(columns: _Columns, node_limit: int) -> list[_BlockOrbit] | None:
    """Algorithm X: every point column covered once, every pair orbit at most once.

    The base rounds with the smallest step are filled first, then the others, whose block
    orbits are listed only then, without the pair orbits already met (far fewer). Each node
    branches on the open point column with the fewest candidates. None when there is no
    cover or the node limit is reached. Rows are handled as their masks: rows with equal
    masks are interchangeable, the first one stands for them."""
    steps = columns.model.steps
    first = [base for base, step in enumerate(steps) if step == min(steps)]
    rest = [base for base in range(len(steps)) if base not in first]
    point_bits = (1 << columns.offset) - 1
    row_of: dict[int, _BlockOrbit] = {}

    def open_columns(bases: Sequence[int], used: int) -> dict[int, list[int]]:
        candidates: dict[int, list[int]] = {
            c: [] for c, base in enumerate(columns.column_base) if base in bases
        }
        seen: set[int] = set()
        for row in columns.block_orbits(bases, used):
            if row.mask in seen:
                continue
            seen.add(row.mask)
            row_of.setdefault(row.mask, row)
            bits = row.mask & point_bits
            while bits:
                low = bits & -bits
                candidates[low.bit_length() - 1].append(row.mask)
                bits ^= low
        return candidates

    nodes = 0
    chosen: list[int] = []

    def visit(candidates: dict[int, list[int]], stage: int, used: int) -> bool | None:
        nonlocal nodes
        nodes += 1
        if nodes > node_limit:
            return None
        if not candidates:
            if stage == 1 or not rest:
                return True
            return visit(open_columns(rest, used), 1, used)
        column = min(candidates, key=lambda c: len(candidates[c]))
        for mask in candidates[column]:
            remaining: dict[int, list[int]] = {}
            for c, masks in candidates.items():
                if mask >> c & 1:
                    continue
                kept = [other for other in masks if not other & mask]
                if not kept:
                    break  # a point orbit could no longer be covered
                remaining[c] = kept
            else:
                chosen.append(mask)
                done = visit(remaining, stage, used | mask)
                if done is not False:
                    return done
                chosen.pop()
        return False

    found = visit(open_columns(first, 0), 0, 0)
    return [row_of[mask] for mask in chosen] if found else None


def _develop(
    model: CyclicModel, shifted: list[list[int]], chosen: Sequence[_BlockOrbit]
) -> Schedule:
    """The rounds: each base round (its block orbits unfolded) under the shifts 0..step-1."""
    schedule: Schedule = []
    for base, step in enumerate(model.steps):
        groups = sorted(
            {
                tuple(sorted(shifted[t][p] for p in row.block))
                for row in chosen
                if row.base == base
                for t in range(0, model.modulus, step)
            }
        )
        for shift in range(step):
            schedule.append([sorted(shifted[shift][p] for p in group) for group in groups])
    return schedule


def is_repeat_free(schedule: Schedule, points: int, size: int) -> bool:
    """Every round splits 0..points-1 into groups of ``size`` and no pair meets twice."""
    met: set[tuple[int, int]] = set()
    for groups in schedule:
        if sorted(p for group in groups for p in group) != list(range(points)):
            return False
        if any(len(group) != size for group in groups):
            return False
        for group in groups:
            for pair in combinations(sorted(group), 2):
                if pair in met:
                    return False
                met.add(pair)
    return True


@cache
def _search(model: CyclicModel, node_limit: int) -> tuple[tuple[tuple[int, ...], ...], ...]:
    columns = _Columns(model)
    chosen = _exact_cover(columns, node_limit)
    if chosen is None:
        return ()
    schedule = _develop(model, columns.shifted, chosen)
    if len(schedule) != model.rounds or not is_repeat_free(schedule, model.points, model.size):
        return ()  # not trusted: the callers fall back on other designs or the search
    return tuple(tuple(tuple(group) for group in groups) for groups in schedule)


def symmetric_schedule(model: CyclicModel, node_limit: int = 50_000) -> Schedule:
    """A repeat-free schedule of ``model.rounds`` rounds, checked, or [] when the search
    finds none within ``node_limit`` nodes. Deterministic; the result is cached."""
    return [[list(group) for group in groups] for groups in _search(model, node_limit)]
