"""Tabu search for rounds of groups: few repeated encounters first, then the mix.

The problem (people are indices 0..n-1, rooms 0..g-1 with fixed capacities):

* ``base[p, x]``: how often p and x met before (history, rounds already held);
* ``weight[p, x]``: the mix cost of p and x sharing a room once (negative = wanted);
* ``forbid[p, x]``: they must never share a room;
* per round, people pinned to a room (hosts, roaming guests) and units that share a room.

Cost of a plan: for every pair with c meetings in total (before and planned),
``REPEAT * max(0, c - 1)**2`` (so repeats are spread out: meeting a third time costs three
times a second meeting), plus ``FORBIDDEN`` per planned meeting of a forbidden pair, plus
``weight`` per planned meeting. ``REPEAT`` outweighs any mix a single move can change.

Search (after Dotú & Van Hentenryck, "Scheduling social golfers locally", 2005, with the
greedy starts of Triska & Musliu, 2012): rounds are added one at a time (each filled
greedily, every person joining the room where they add the least cost) and the search
removes the repeats of all rounds planned so far before adding the next, so the leading
rounds are the repeat-free ones. A move swaps two people of one round in different rooms;
the gain of every swap of every active round comes at once from a gain matrix (cost of
adding each person to each room) in NumPy. The best non-tabu swap involving a person in
conflict is taken (a swap back is tabu for a few iterations unless it beats the best plan
found); after a long stall the search restarts from the best plan with random swaps. When a
round cannot be made repeat-free within the budget, the rounds before it are kept and the
remaining rounds are planned to spread the unavoidable repeats. Last, the mix is polished:
a repeat is then priced at a few mix units so the search can pass through plans with a
repeat, but the plan kept is the best by (repeats, cost), so polishing never adds one.

Deterministic: the same problem, seed and iteration budget give the same plan. The caller
may pass ``progress`` (the share of its time budget used, 0..1) to stop earlier; the engine
reads no clock itself.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

REPEAT = 1000.0
_ROWS = 48  # at most this many people per round are tried in one iteration
FORBIDDEN = 1_000_000.0

IntArray = NDArray[np.int64]
FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]


@dataclass
class SearchProblem:
    """Everything the search needs, as arrays over people 0..n-1."""

    capacities: Sequence[int]
    rounds: int
    base: IntArray
    weight: FloatArray
    forbid: BoolArray
    # Pairs whose meetings are never repeats (members of one unit meet every round).
    exempt: BoolArray
    pinned: Sequence[dict[int, int]] = ()  # per round: person -> room
    units: Sequence[tuple[int, ...]] = ()
    initial: Sequence[IntArray] = ()  # a start for the first rounds: room per person

    @property
    def n(self) -> int:
        """The number of people."""
        return int(self.base.shape[0])


@dataclass
class SearchResult:
    """The rooms of each round (room index per person) and how the search went."""

    rooms: list[IntArray]
    iterations: int = 0
    repeat_free_rounds_found: int = 0
    notes: list[str] = field(default_factory=list)


def _repeat_cost(count: IntArray, square: bool = True, weight: float = REPEAT) -> FloatArray:
    over = np.maximum(count - 1, 0).astype(np.float64)
    return weight * over * over if square else weight * over


class _State:
    """The planned rounds, the meeting counts and the marginal cost matrices."""

    def __init__(
        self,
        problem: SearchProblem,
        rooms: list[IntArray],
        *,
        square: bool,
        repeat: float = REPEAT,
    ) -> None:
        self.problem = problem
        # The price of a repeat: REPEAT while repeats are being removed; when only the mix
        # is polished, a few mix units, so the search may pass through plans with a repeat
        # (the best plan is chosen by repeats first, see ``_tabu``).
        self.repeat = repeat
        # While looking for repeat-free rounds every repeat counts alike (the landscape of
        # the social golfer search); the square spreads the repeats that remain.
        self.square = square
        self.n = problem.n
        self.g = len(problem.capacities)
        self.rooms = rooms
        self.linear = problem.weight + FORBIDDEN * problem.forbid
        np.fill_diagonal(self.linear, 0.0)
        self.counting = ~problem.exempt
        np.fill_diagonal(self.counting, False)
        self.count = problem.base.copy()
        for assignment in rooms:
            self.count += self._together(assignment)
        self.inc = np.zeros((self.n, self.n))
        self.dec = np.zeros((self.n, self.n))
        self._refresh(np.arange(self.n))
        # gains[r][p, x]: the cost of p joining room x of round r (kept up to date).
        self.gains: list[FloatArray] = [self._gains(a) for a in rooms]

    def _gains(self, assignment: IntArray) -> FloatArray:
        member = np.zeros((self.n, self.g))
        member[np.arange(self.n), assignment] = 1.0
        return np.asarray(self.inc @ member)

    def _together(self, assignment: IntArray) -> IntArray:
        same: IntArray = (assignment[:, None] == assignment[None, :]).astype(np.int64)
        np.fill_diagonal(same, 0)
        return same

    def _refresh(self, people: IntArray) -> None:
        """Recompute the marginal costs of the rows and columns of these people."""
        c = self.count[people]
        counting = self.counting[people]
        sq, w = self.square, self.repeat
        add = (_repeat_cost(c + 1, sq, w) - _repeat_cost(c, sq, w)) * counting
        remove = (_repeat_cost(c, sq, w) - _repeat_cost(c - 1, sq, w)) * counting
        add += self.linear[people]
        remove += self.linear[people]
        self.inc[people] = add
        self.inc[:, people] = add.T
        self.dec[people] = remove
        self.dec[:, people] = remove.T

    def cost(self) -> float:
        """The total cost of the planned meetings (the constant cost of the past excluded)."""
        planned = self.count - self.problem.base
        sq, w = self.square, self.repeat
        repeats = (
            _repeat_cost(self.count, sq, w) - _repeat_cost(self.problem.base, sq, w)
        ) * self.counting
        return float((repeats.sum() + (planned * self.linear).sum()) / 2.0)

    def hard(self) -> float:
        """Repeats (squared, unit price) and forbidden meetings: what comes before the mix."""
        planned = self.count - self.problem.base
        repeats = _repeat_cost(self.count, True, 1.0) - _repeat_cost(self.problem.base, True, 1.0)
        forbidden = (planned * self.problem.forbid).sum()
        return float(((repeats * self.counting).sum() + FORBIDDEN * forbidden) / 2.0)

    def conflicts(self, assignment: IntArray) -> BoolArray:
        """Who, in this round, shares a room with someone they met before or may not meet."""
        same = assignment[:, None] == assignment[None, :]
        np.fill_diagonal(same, False)
        bad = ((self.count >= 2) & self.counting) | self.problem.forbid
        return np.asarray((same & bad).any(axis=1))

    def add_round(self, assignment: IntArray) -> None:
        """Append a planned round."""
        self.rooms.append(assignment)
        self.count += self._together(assignment)
        self._refresh(np.arange(self.n))
        self.gains = [self._gains(a) for a in self.rooms]

    def swap(self, r: int, p: int, q: int) -> None:
        """Exchange the rooms of p and q in round r."""
        assignment = self.rooms[r]
        a, b = int(assignment[p]), int(assignment[q])
        mates_a = np.flatnonzero(assignment == a)
        mates_b = np.flatnonzero(assignment == b)
        mates_a = mates_a[mates_a != p]
        mates_b = mates_b[mates_b != q]
        self.count[p, mates_a] -= 1
        self.count[mates_a, p] -= 1
        self.count[q, mates_b] -= 1
        self.count[mates_b, q] -= 1
        self.count[p, mates_b] += 1
        self.count[mates_b, p] += 1
        self.count[q, mates_a] += 1
        self.count[mates_a, q] += 1
        gain = self.gains[r]
        gain[:, a] += self.inc[:, q] - self.inc[:, p]
        gain[:, b] += self.inc[:, p] - self.inc[:, q]
        assignment[p], assignment[q] = b, a
        before = self.inc[[p, q]].copy()
        self._refresh(np.array([p, q]))
        change = self.inc[[p, q]] - before
        change[1, p] = 0.0  # the pair p, q is counted once, in the first row
        rows, cols = np.nonzero(change)
        if len(rows):
            xs = np.array([p, q])[rows]
            dv = change[rows, cols]
            for rooms, gains in zip(self.rooms, self.gains, strict=True):
                np.add.at(gains, (xs, rooms[cols]), dv)
                np.add.at(gains, (cols, rooms[xs]), dv)


def _greedy_round(state: _State, r: int, rng: np.random.Generator) -> IntArray:
    """Fill round r: pinned people, then units, then everyone where they add the least."""
    problem = state.problem
    n, g = state.n, state.g
    room = np.full(n, -1, dtype=np.int64)
    free = np.array(problem.capacities, dtype=np.int64)
    gain = np.zeros((n, g))  # cost of adding each person to each room so far

    def place(person: int, target: int) -> None:
        room[person] = target
        free[target] -= 1
        gain[:, target] += state.inc[:, person]

    pins = problem.pinned[r] if r < len(problem.pinned) else {}
    for person, target in sorted(pins.items()):
        place(person, target)
    for unit in sorted(problem.units, key=lambda u: (-len(u), u)):
        if room[unit[0]] >= 0:
            continue
        cost = gain[list(unit)].sum(axis=0) + rng.random(g) * 1e-6
        cost[free < len(unit)] = np.inf
        target = int(np.argmin(cost))
        for person in unit:
            place(person, target)
    for person in rng.permutation(n):
        if room[person] >= 0:
            continue
        cost = gain[person] + rng.random(g) * 1e-6
        cost[free <= 0] = np.inf
        place(int(person), int(np.argmin(cost)))
    return room


def _movable(problem: SearchProblem, r: int) -> BoolArray:
    movable = np.ones(problem.n, dtype=bool)
    if r < len(problem.pinned):
        movable[list(problem.pinned[r])] = False
    for unit in problem.units:
        movable[list(unit)] = False
    return movable


@dataclass
class _Budget:
    iterations: int
    progress: Callable[[], float] | None
    used: int = 0

    def spent(self, share: float = 1.0) -> bool:
        if self.used >= self.iterations * share:
            return True
        # An iteration of a large plan takes milliseconds: ask about the time every time.
        if self.progress is not None:
            return self.progress() >= share
        return False


def _tabu(
    state: _State,
    active: list[int],
    rng: np.random.Generator,
    budget: _Budget,
    share: float,
    *,
    until_repeat_free: bool,
    max_restarts: int | None = None,
) -> bool:
    """Improve the active rounds; True when they end with no repeat and no forbidden pair."""
    problem = state.problem
    n = state.n
    movable = {r: _movable(problem, r) for r in active}
    tabu = {r: np.zeros((n, state.g), dtype=np.int64) for r in active}
    cost = state.cost()
    best_cost = cost
    # A cheap repeat lets the polish explore, but the plan kept never has more repeats.
    lexicographic = state.repeat < REPEAT or not until_repeat_free
    best_hard = state.hard() if lexicographic else 0.0
    best_rooms = [state.rooms[r].copy() for r in active]
    stall = 0
    # Polishing the mix of a repeat-free plan is worth less patience than removing repeats.
    patience = max(200, 40 * n) if until_repeat_free else max(50, 2 * n)
    # Large plans: look at a few rounds per iteration so one iteration stays cheap.
    per_iteration = max(1, 4_000_000 // max(1, n * _ROWS))
    iteration = 0
    restarts = 0
    bad_pairs = np.zeros((n, n), dtype=bool)

    def pinned_unit(r: int, unit: tuple[int, ...]) -> bool:
        return r < len(problem.pinned) and unit[0] in problem.pinned[r]

    while not budget.spent(share):
        np.greater_equal(state.count, 2, out=bad_pairs)
        bad_pairs &= state.counting
        bad_pairs |= problem.forbid
        hot_rows: dict[int, IntArray] = {}
        hot_units: list[tuple[int, tuple[int, ...]]] = []
        for r in active:
            assignment = state.rooms[r]
            hot = ((assignment[:, None] == assignment[None, :]) & bad_pairs).any(axis=1)
            rows = np.flatnonzero(hot & movable[r])
            if len(rows):
                hot_rows[r] = rows
            hot_units += [
                (r, unit)
                for unit in problem.units
                if hot[list(unit)].any() and not pinned_unit(r, unit)
            ]
        if until_repeat_free and not hot_rows and not hot_units:
            break  # repeat-free, or only pinned people are in conflict (nothing to move)
        if not until_repeat_free:
            hot_rows = {}  # polishing: every swap is a candidate, repeats are merely costly
            hot_units = []
        pool = sorted(hot_rows) if hot_rows else active
        if len(pool) > per_iteration:
            pool = sorted(int(x) for x in rng.choice(pool, per_iteration, replace=False))
        if (hot_units and (not hot_rows or rng.random() < 0.5)) or (
            problem.units and rng.random() < 0.1
        ):
            # A set that stays together moves as a whole: into another room, in exchange
            # for as many people from there.
            if hot_units:
                r, unit = hot_units[int(rng.integers(len(hot_units)))]
            else:
                r = pool[int(rng.integers(len(pool)))]
                unit = problem.units[int(rng.integers(len(problem.units)))]
            iteration += 1
            budget.used += 1
            if not pinned_unit(r, unit) and _move_unit(state, r, unit, movable[r]) < 0:
                cost = state.cost()
                hard = state.hard() if lexicographic else 0.0
                if (hard, cost) < (best_hard, best_cost):
                    best_hard, best_cost = hard, cost
                    best_rooms = [state.rooms[k].copy() for k in active]
                    stall = 0
                continue
        best_move: tuple[float, int, int, int] | None = None
        for r in pool:
            rows = hot_rows[r] if r in hot_rows else np.flatnonzero(movable[r])
            if len(rows) > _ROWS:
                rows = np.sort(rng.choice(rows, _ROWS, replace=False))
            found = _best_swap(state, r, rows, movable[r], tabu[r], iteration, cost, best_cost, rng)
            if found is not None and (best_move is None or found[0] < best_move[0] - 1e-9):
                best_move = (found[0], r, found[1], found[2])
        iteration += 1
        budget.used += 1
        if best_move is None:
            break
        delta_value, r, p, q = best_move
        old_p, old_q = int(state.rooms[r][p]), int(state.rooms[r][q])
        state.swap(r, p, q)
        tenure = 4 + int(rng.integers(0, 6 + n // 10))
        tabu[r][p, old_p] = iteration + tenure
        tabu[r][q, old_q] = iteration + tenure
        cost += delta_value
        if iteration % 500 == 0:
            cost = state.cost()  # no drift from adding up floats
        hard = state.hard() if lexicographic else 0.0
        if (hard, cost) < (best_hard - 1e-9, best_cost - 1e-9) or (
            hard <= best_hard + 1e-9 and cost < best_cost - 1e-9
        ):
            best_hard = hard
            best_cost = cost
            best_rooms = [state.rooms[r].copy() for r in active]
            stall = 0
        else:
            stall += 1
        if stall > patience:
            restarts += 1
            if max_restarts is not None and restarts > max_restarts:
                break
            # Restart from the best plan, shaken by a few random swaps in conflict.
            _restore(state, active, best_rooms)
            cost = state.cost()
            for _ in range(1 + int(rng.integers(0, 4))):
                r = active[int(rng.integers(len(active)))]
                people = np.flatnonzero(movable[r])
                if len(people) < 2:
                    continue
                p, q = (int(x) for x in rng.choice(people, 2, replace=False))
                if state.rooms[r][p] != state.rooms[r][q]:
                    state.swap(r, p, q)
            cost = state.cost()
            stall = 0
    _restore(state, active, best_rooms)
    return not any(state.conflicts(state.rooms[r]).any() for r in active)


def _move_unit(state: _State, r: int, unit: tuple[int, ...], movable: BoolArray) -> float:
    """Move a together set to the room where that lowers the cost most, in exchange for
    the people of that room who fit the set's old room best; the change in cost (applied
    only when negative)."""
    assignment = state.rooms[r]
    home = int(assignment[unit[0]])
    before = state.cost()
    best: tuple[float, list[int]] | None = None
    for room in range(state.g):
        if room == home:
            continue
        there = [int(q) for q in np.flatnonzero((assignment == room) & movable)]
        if len(there) < len(unit):
            continue
        there.sort(key=lambda q: (float(state.gains[r][q, home]), q))
        chosen = there[: len(unit)]
        for p, q in zip(unit, chosen, strict=True):
            state.swap(r, p, q)
        change = state.cost() - before
        for p, q in zip(unit, chosen, strict=True):
            state.swap(r, p, q)
        if change < -1e-9 and (best is None or change < best[0]):
            best = (change, chosen)
    if best is None:
        return 0.0
    for p, q in zip(unit, best[1], strict=True):
        state.swap(r, p, q)
    return best[0]


def _best_swap(
    state: _State,
    r: int,
    rows: IntArray,
    movable: BoolArray,
    tabu: IntArray,
    iteration: int,
    cost: float,
    best_cost: float,
    rng: np.random.Generator,
) -> tuple[float, int, int] | None:
    """The best allowed swap in round r of someone in ``rows`` with anyone in another room."""
    n = state.n
    assignment = state.rooms[r]
    same = assignment[:, None] == assignment[None, :]
    remove = (state.dec * same).sum(axis=1)  # cost that leaving one's room saves
    gains = state.gains[r]
    inc_rows = state.inc[rows]
    into = gains[rows][:, assignment]  # into[i, q]: rows[i] joining q's room
    back = gains[:, assignment[rows]].T  # back[i, q]: q joining rows[i]'s room
    delta = into + back - 2.0 * inc_rows - remove[rows][:, None] - remove[None, :]
    ok = movable[rows][:, None] & movable[None, :] & ~same[rows]
    enter = tabu[rows][:, assignment]
    leave = tabu[:, assignment[rows]].T
    ok &= ((enter <= iteration) & (leave <= iteration)) | (cost + delta < best_cost - 1e-9)
    if not ok.any():
        return None
    masked = np.where(ok, delta, np.inf)
    low = float(masked.min())
    ties = np.flatnonzero(masked.ravel() <= low + 1e-9)
    pick = int(ties[rng.integers(len(ties))])
    return low, int(rows[pick // n]), pick % n


def _restore(state: _State, active: list[int], rooms: list[IntArray]) -> None:
    for r, target in zip(active, rooms, strict=True):
        current = state.rooms[r]
        wrong = np.flatnonzero(current != target)
        while len(wrong):
            p = int(wrong[0])
            # Someone now in p's target room who belongs elsewhere makes room for p.
            q = next(
                int(x) for x in np.flatnonzero(current == target[p]) if target[x] != current[x]
            )
            state.swap(r, p, q)
            wrong = np.flatnonzero(current != target)


def search(
    problem: SearchProblem,
    *,
    seed: int,
    max_iterations: int,
    progress: Callable[[], float] | None = None,
) -> SearchResult:
    """Plan ``problem.rounds`` rounds (see the module docstring for the method)."""
    rng = np.random.default_rng(seed)
    budget = _Budget(iterations=max_iterations, progress=progress)
    scale = max(1.0, float(np.abs(problem.weight).max(initial=0.0)))
    state = _State(
        problem,
        [np.array(a, dtype=np.int64) for a in problem.initial],
        square=False,
    )
    result = SearchResult(rooms=state.rooms)
    # Phase 1: grow the repeat-free prefix one round at a time (80 % of the budget).
    start = len(state.rooms)
    good = 0
    if start and _tabu(state, list(range(start)), rng, budget, 0.8, until_repeat_free=True):
        good = start
    failed = start > 0 and good < start
    while not failed and len(state.rooms) < problem.rounds:
        saved = [a.copy() for a in state.rooms]
        state.add_round(_greedy_round(state, len(state.rooms), rng))
        if _tabu(state, list(range(len(state.rooms))), rng, budget, 0.8, until_repeat_free=True):
            good = len(state.rooms)
            continue
        failed = True
        # Keep the repeat-free rounds as they were; the rest spreads the repeats.
        state = _State(problem, saved, square=True)
        state.add_round(_greedy_round(state, len(state.rooms), rng))
    result.repeat_free_rounds_found = good
    # Phase 2: plan the remaining rounds with the repeat-free ones fixed, then polish.
    if not failed:
        cheap = 3.0 * scale
        state = _State(problem, state.rooms, square=True, repeat=cheap)
    elif not state.square:
        state = _State(problem, state.rooms, square=True)
    while len(state.rooms) < problem.rounds:
        state.add_round(_greedy_round(state, len(state.rooms), rng))
    movable_rounds = list(range(good if failed else 0, problem.rounds))
    if movable_rounds and (failed or bool(problem.weight.any())):
        _tabu(state, movable_rounds, rng, budget, 1.0, until_repeat_free=False, max_restarts=5)
    result.rooms = state.rooms
    result.iterations = budget.used
    return result
