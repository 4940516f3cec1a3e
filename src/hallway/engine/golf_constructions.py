"""Classical designs that plan rounds of groups in which no two people meet twice.

A *schedule* is a list of rounds; a round is a list of groups; a group is a list of the
points 0..n-1 (people are mapped onto points afterwards, see ``grouping.py``). Every
schedule here is repeat-free: two points share a group in at most one round.
``best_construction`` picks, for n points in groups of s, the one with the most rounds.

* ``circle_method(n)``: pairs, n even: n-1 rounds (round-robin; every pair meets once).
* ``affine_lines(q, d)``: n = q**d points of the affine space AG(d, q) over GF(q) (prime
  powers included), groups of s = q: the lines of one direction form a round, so there are
  (q**d - 1)/(q - 1) rounds, the upper bound (n - 1)/(s - 1). d = 2 gives the q-q-(q+1)
  social golfer solutions (4-4-5, 5-5-6, 7-7-8, 8-8-9), q = 3 Kirkman triple systems.
* ``latin_squares(s)``: n = s*s, groups of s: rows, columns and p - 1 mutually orthogonal
  Latin squares i + k*j (mod s), p the smallest prime factor of s, so p + 1 rounds (6-6-3).
* ``transversal(s, q)``: n = s*q, s <= q, points (column i < s, row y in GF(q)); round m
  in GF(q) has the groups {(i, m*e_i + b)} for b in GF(q): q rounds, where e_i are distinct
  field elements. Two points of one column never meet.
* ``transversal_plus_one(s, q)``: n = s*(q+1): each column gets an extra point oo_i. The
  slope u = 0 is not used as a round; in round m != 0, oo_i takes the place of (i, beta_m)
  in the group of slope m through it, and the displaced points {(i, beta_m)} form a group,
  which is a line of the unused slope 0, so it repeats no pair. beta is chosen so that oo_i
  meets each point at most once (m*(e_j - e_i) + beta_m takes distinct values). q - 1
  rounds: 100 people in tables of 5 (q = 19) get 18 rounds, 300 in tables of 6 (q = 49) 48,
  60 in tables of 6 (q = 9) 8.
* ``kirkman_15()``, ``nearly_kirkman_18()``, ``packing_24_4()`` and ``resolvable_28_4()``:
  1-rotational designs, base rounds on Z_n x {0..c-1} plus fixed points, developed modulo
  n: Kirkman's schoolgirls (5-3-7, n = 7), a nearly Kirkman triple system (6-3-8, n = 4,
  two base rounds), 6-4-7 (n = 7, three fixed points) and the resolvable 2-(28, 4, 1)
  design (7-4-9, n = 9).
* ``golf_symmetric.symmetric_schedule``: an exact-cover search among the schedules with a
  cyclic symmetry described in ``golf_symmetric.MODELS``: 8-4-10 (32 points in groups of 4
  for 10 rounds, Z_8 on four rings of 8).
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from itertools import combinations

from hallway.engine.finite_fields import galois_field, prime_power
from hallway.engine.golf_symmetric import MODELS as SYMMETRIC_MODELS
from hallway.engine.golf_symmetric import symmetric_schedule

Schedule = list[list[list[int]]]

# Base rounds of the 1-rotational designs: (x, c) is the point x of class c, None (or the
# number a) a fixed point. Found by an exact-cover search over the pair orbits (each orbit of
# pairs under the shifts covered at most once); tests/engine checks the schedules.
Point = tuple[int, int] | int | None
_KIRKMAN_15_BASE: tuple[tuple[Point, ...], ...] = (
    (None, (0, 0), (0, 1)),
    ((1, 0), (5, 1), (6, 0)),
    ((1, 1), (4, 1), (2, 1)),
    ((2, 0), (3, 1), (5, 0)),
    ((3, 0), (6, 1), (4, 0)),
)
_PACKING_24_4_BASE: tuple[tuple[Point, ...], ...] = (
    (0, (3, 1), (5, 2), (0, 0)),
    (1, (0, 1), (4, 2), (3, 0)),
    (2, (5, 1), (6, 2), (6, 0)),
    ((0, 2), (2, 2), (4, 1), (3, 2)),
    ((1, 0), (1, 1), (6, 1), (2, 1)),
    ((1, 2), (2, 0), (5, 0), (4, 0)),
)
# Nearly Kirkman: two base rounds on Z_4 x 4 plus 2 fixed points; the pairs {x, x+2} of a
# class and the two fixed points are the ones that never meet.
_NEARLY_KIRKMAN_18_BASES: tuple[tuple[tuple[Point, ...], ...], ...] = (
    (
        (0, (2, 2), (1, 1)),
        (1, (0, 3), (3, 0)),
        ((0, 0), (0, 2), (3, 2)),
        ((0, 1), (3, 3), (1, 0)),
        ((1, 2), (3, 1), (1, 3)),
        ((2, 0), (2, 1), (2, 3)),
    ),
    (
        (0, (3, 3), (0, 0)),
        (1, (0, 1), (3, 2)),
        ((0, 2), (3, 0), (2, 0)),
        ((0, 3), (2, 2), (1, 3)),
        ((1, 0), (2, 1), (3, 1)),
        ((1, 1), (1, 2), (2, 3)),
    ),
)
_RESOLVABLE_28_4_BASE: tuple[tuple[Point, ...], ...] = (
    (None, (0, 0), (0, 1), (0, 2)),
    ((1, 0), (8, 0), (4, 2), (2, 1)),
    ((1, 1), (2, 2), (7, 2), (5, 0)),
    ((1, 2), (2, 0), (3, 0), (6, 0)),
    ((3, 1), (8, 1), (4, 0), (6, 1)),
    ((3, 2), (7, 1), (5, 2), (6, 2)),
    ((4, 1), (5, 1), (8, 2), (7, 0)),
)


@dataclass(frozen=True)
class Construction:
    """A schedule and the name of the design it comes from."""

    name: str
    schedule: Schedule


def pair_meetings(schedule: Schedule) -> dict[tuple[int, int], int]:
    """How often each pair of points shares a group (pairs that never meet are absent)."""
    counts: dict[tuple[int, int], int] = {}
    for groups in schedule:
        for group in groups:
            for a, b in combinations(sorted(group), 2):
                counts[a, b] = counts.get((a, b), 0) + 1
    return counts


def circle_method(n: int) -> Schedule:
    """Round-robin pairs for an even n: n - 1 rounds, every pair meets exactly once."""
    if n < 2 or n % 2:
        raise ValueError("the circle method needs an even number of people")
    others = list(range(1, n))
    rounds: Schedule = []
    for _ in range(n - 1):
        line = [0, *others]
        rounds.append([[line[i], line[n - 1 - i]] for i in range(n // 2)])
        others = others[-1:] + others[:-1]
    return rounds


def affine_lines(q: int, d: int) -> Schedule:
    """The parallel classes of lines of AG(d, q): (q**d - 1)/(q - 1) rounds of q**(d-1) groups."""
    field = galois_field(q)
    n = q**d

    def vector(index: int) -> list[int]:
        return [(index // q**i) % q for i in range(d)]

    def index(vec: Sequence[int]) -> int:
        return sum(v * q**i for i, v in enumerate(vec))

    rounds: Schedule = []
    for direction in range(1, n):
        vec = vector(direction)
        # One direction per 1-dimensional subspace: the last non-zero coordinate is 1.
        if next(v for v in reversed(vec) if v) != 1:
            continue
        seen = [False] * n
        groups = []
        for start in range(n):
            if seen[start]:
                continue
            base = vector(start)
            line = [
                index([int(field.add[b, field.mul[t, v]]) for b, v in zip(base, vec, strict=True)])
                for t in range(q)
            ]
            for point in line:
                seen[point] = True
            groups.append(line)
        rounds.append(groups)
    return rounds


def _smallest_prime_factor(n: int) -> int:
    return next(d for d in range(2, n + 1) if n % d == 0)


def latin_squares(s: int) -> Schedule:
    """n = s*s in groups of s: columns, then i + k*j (mod s) for k < smallest prime of s."""
    rounds: Schedule = [[[i * s + j for i in range(s)] for j in range(s)]]
    for k in range(_smallest_prime_factor(s)):
        rounds.append(
            [
                [i * s + j for i in range(s) for j in range(s) if (i + k * j) % s == c]
                for c in range(s)
            ]
        )
    return rounds


def transversal(s: int, q: int) -> Schedule:
    """Points i*q + y (column i < s, y in GF(q)); q rounds of the lines {(i, m*e_i + b)}."""
    field = galois_field(q)
    if s > q:
        raise ValueError("a transversal design needs s <= q")
    return [
        [[i * q + int(field.add[field.mul[m, i], b]) for i in range(s)] for b in range(q)]
        for m in range(q)
    ]


def transversal_plus_one(s: int, q: int) -> Schedule:
    """n = s*(q+1): point i*(q+1) + y, y = q is the extra point of column i; q - 1 rounds."""
    field = galois_field(q)
    if s > q:
        raise ValueError("a transversal design needs s <= q")
    width = q + 1
    differences = sorted({field.sub(j, i) for i in range(s) for j in range(s) if i != j})
    beta = _shifts(field.q, differences, lambda m, d, b: int(field.add[field.mul[m, d], b]))
    rounds: Schedule = []
    for m, b_m in beta.items():
        groups = []
        for b in range(q):
            group = [i * width + int(field.add[field.mul[m, i], b]) for i in range(s)]
            groups.append(group)
        for i in range(s):
            # The group of slope m through (i, beta_m) takes the extra point oo_i instead.
            b = field.sub(b_m, int(field.mul[m, i]))
            groups[b][i] = i * width + q
        groups.append([i * width + b_m for i in range(s)])
        rounds.append(groups)
    return rounds


def _shifts(
    q: int, differences: Sequence[int], value: Callable[[int, int, int], int]
) -> dict[int, int]:
    """beta_m for as many rounds m = 1..q-1 as possible: the values beta_m, and for every
    difference d the values m*d + beta_m, pairwise distinct.

    beta_m = c*m works when c is no difference (nor 0); otherwise a depth-first search with
    a node limit, which may leave rounds out.
    """
    for c in range(1, q):
        linear = {m: value(c, m, 0) for m in range(1, q)}
        if all(
            len({value(m, d, linear[m]) for m in linear}) == len(linear) for d in differences
        ) and len(set(linear.values())) == len(linear):
            return linear
    best: dict[int, int] = {}
    chosen: dict[int, int] = {}
    taken: dict[int, set[int]] = {d: set() for d in differences}
    taken_beta: set[int] = set()
    nodes = 0

    def visit(m: int) -> None:
        nonlocal best, nodes
        nodes += 1
        if len(chosen) + (q - m) <= len(best) or nodes > 20_000:
            return
        if m == q:
            best = dict(chosen)
            return
        for candidate in range(q):
            if candidate in taken_beta:
                continue
            values = {d: value(m, d, candidate) for d in differences}
            if any(v in taken[d] for d, v in values.items()):
                continue
            chosen[m] = candidate
            taken_beta.add(candidate)
            for d, v in values.items():
                taken[d].add(v)
            visit(m + 1)
            del chosen[m]
            taken_beta.discard(candidate)
            for d, v in values.items():
                taken[d].discard(v)
            if len(best) == q - 1:
                return
        visit(m + 1)

    visit(1)
    return best


def _one_rotational(modulus: int, classes: int, base: Sequence[Sequence[Point]]) -> Schedule:
    fixed = modulus * classes

    def point(p: Point, shift: int) -> int:
        if p is None:
            return fixed
        if isinstance(p, int):
            return fixed + p
        return p[1] * modulus + (p[0] + shift) % modulus

    return [[[point(p, shift) for p in block] for block in base] for shift in range(modulus)]


def kirkman_15() -> Schedule:
    """Kirkman's fifteen schoolgirls: 15 points in triples, 7 rounds, each pair once."""
    return _one_rotational(7, 2, _KIRKMAN_15_BASE)


def resolvable_28_4() -> Schedule:
    """A resolvable 2-(28, 4, 1) design: 28 points in groups of 4, 9 rounds, each pair once."""
    return _one_rotational(9, 3, _RESOLVABLE_28_4_BASE)


def nearly_kirkman_18() -> Schedule:
    """18 points in triples for 8 rounds (6-3-8), no pair twice: Z_4 x 4 plus 2 fixed."""
    return [groups for base in _NEARLY_KIRKMAN_18_BASES for groups in _one_rotational(4, 4, base)]


def packing_24_4() -> Schedule:
    """24 points in groups of 4 for 7 rounds (6-4-7), no pair twice: Z_7 x 3 plus 3 fixed."""
    return _one_rotational(7, 3, _PACKING_24_4_BASE)


def _candidates(n: int, s: int) -> list[tuple[str, Callable[[], Schedule]]]:
    found: list[tuple[str, Callable[[], Schedule]]] = []
    if s == 2 and n % 2 == 0:
        found.append(("circle_method", lambda: circle_method(n)))
    if n == 15 and s == 3:
        found.append(("one_rotational_kirkman_15", kirkman_15))
    if n == 18 and s == 3:
        found.append(("one_rotational_18_3", nearly_kirkman_18))
    if n == 24 and s == 4:
        found.append(("one_rotational_24_4", packing_24_4))
    if n == 28 and s == 4:
        found.append(("one_rotational_28_4", resolvable_28_4))
    power = prime_power(s)
    if power is not None:
        d, size = 1, s
        while size < n:
            size *= s
            d += 1
        if size == n and d >= 2:
            found.append((f"affine_geometry_AG({d},{s})", lambda: affine_lines(s, d)))
    if n == s * s:
        found.append(("latin_squares", lambda: latin_squares(s)))
    if n % s == 0:
        q = n // s
        if q >= s and prime_power(q) is not None:
            found.append((f"transversal_design_TD({s},{q})", lambda: transversal(s, q)))
        if q - 1 >= s and prime_power(q - 1) is not None:
            found.append(
                (
                    f"transversal_design_TD({s},{q - 1})_plus_one",
                    lambda: transversal_plus_one(s, q - 1),
                )
            )
    model = SYMMETRIC_MODELS.get((n, s))
    if model is not None:  # last: a search of about half a second
        found.append((f"cyclic_exact_cover_{n}_{s}", partial(symmetric_schedule, model)))
    return found


def best_construction(n: int, s: int, enough: int | None = None) -> Construction | None:
    """The repeat-free schedule with the most rounds for n points in groups of s, if any;
    the first with at least `enough` rounds, if given (the costlier constructions come
    last, so a plan of a few rounds never waits for them)."""
    if s < 2 or n % s or n < 2 * s:
        return None
    best: Construction | None = None
    for name, build in _candidates(n, s):
        schedule = build()
        if best is None or len(schedule) > len(best.schedule):
            best = Construction(name=name, schedule=schedule)
        if enough is not None and len(best.schedule) >= enough:
            break
    return best
