"""The mix of a plan: what two people sharing a room cost, and who takes which place.

``mix_matrix`` turns ``MixWeights`` and the participants' attributes into a cost per pair.
``relabel`` maps people onto the points of a repeat-free schedule (a design, or a plan
made for repeats alone by ``unweighted_schedule``) so that the mix is as good as the
search for it finds: swapping two people's whole schedules never creates a repeat, while
swapping them in one round usually does.
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from hallway.engine.golf_constructions import Schedule
from hallway.engine.group_search import SearchProblem, search
from hallway.engine.model import Participant


@dataclass(frozen=True)
class MixWeights:
    """Cost weights of two people sharing a room: positive "different_*" prefers mixing."""

    different_team: float = 0.0
    different_department: float = 1.0
    different_location: float = 0.5
    different_seniority: float = 0.5
    shared_interest: float = 0.0


def mix_matrix(
    people: Sequence[Participant], mix: MixWeights, seniority: Mapping[str, str]
) -> NDArray[np.float64]:
    """The mix cost of each pair sharing a room once (see ``MixWeights``)."""
    n = len(people)
    weight = np.zeros((n, n))
    columns = (
        (mix.different_team, [p.team for p in people]),
        (mix.different_department, [p.department for p in people]),
        (mix.different_location, [p.location for p in people]),
        (mix.different_seniority, [seniority.get(p.id, "") for p in people]),
    )
    for w, values in columns:
        if not w:
            continue
        codes = {v: k for k, v in enumerate(sorted(set(values)))}
        arr = np.array([codes[v] for v in values])
        known = np.array([bool(v) for v in values])
        same = (arr[:, None] == arr[None, :]) & known[:, None] & known[None, :]
        both = known[:, None] & known[None, :]
        # A positive weight costs a pair that shares the value; a negative one rewards it.
        weight += np.where(same, w, 0.0) if w > 0 else np.where(both & ~same, -w, 0.0)
    if mix.shared_interest:
        tags = sorted({t for p in people for t in p.interests})
        if tags:
            index = {t: k for k, t in enumerate(tags)}
            has = np.zeros((n, len(tags)))
            for i, p in enumerate(people):
                for t in p.interests:
                    has[i, index[t]] = 1.0
            shared = np.minimum(has @ has.T, 3.0)
            weight -= mix.shared_interest * shared
    np.fill_diagonal(weight, 0.0)
    return weight


def relabel(
    schedule: Schedule, n: int, cost: NDArray[np.float64], rng: np.random.Generator
) -> NDArray[np.int64]:
    """person_at[point]: a mapping of people onto the design's points with a low total cost
    of the pairs that share a group: steepest descent over swaps of two people's places,
    iterated from random kicks (a few swaps), keeping the best mapping."""
    together = np.zeros((n, n))
    for groups in schedule:
        for group in groups:
            g = np.array(group)
            together[np.ix_(g, g)] += 1.0
    np.fill_diagonal(together, 0.0)
    person_at = rng.permutation(n).astype(np.int64)
    if not cost.any():
        return person_at

    def total(order: NDArray[np.int64]) -> float:
        return float((together * cost[np.ix_(order, order)]).sum() / 2.0)

    def descend(order: NDArray[np.int64]) -> NDArray[np.int64]:
        order = order.copy()
        placed = cost[np.ix_(order, order)]
        d = together @ placed
        for _ in range(20 * n):
            diag = np.diag(d)
            delta = d + d.T - diag[:, None] - diag[None, :] + 2.0 * together * placed
            np.fill_diagonal(delta, 0.0)
            a, b = divmod(int(np.argmin(delta)), n)
            if delta[a, b] >= -1e-9:
                break
            order[[a, b]] = order[[b, a]]
            new = cost[np.ix_(order, order)]
            d += together[:, [a, b]] @ (new[[a, b], :] - placed[[a, b], :])
            placed = new
            d[:, [a, b]] = together @ placed[:, [a, b]]
        return order

    best = descend(person_at)
    best_total = total(best)
    for _ in range(40):
        kicked = best.copy()
        for _ in range(3):
            a, b = rng.choice(n, 2, replace=False)
            kicked[[a, b]] = kicked[[b, a]]
        candidate = descend(kicked)
        value = total(candidate)
        if value < best_total - 1e-9:
            best, best_total = candidate, value
    return best


def unweighted_schedule(
    capacities: Sequence[int],
    rounds: int,
    n: int,
    seed: int,
    max_iterations: int,
    progress: Callable[[], float] | None,
) -> Schedule:
    """Rounds for n anonymous points with as few repeats as possible (half the budget), to
    be relabelled for the mix."""
    zeros = np.zeros((n, n), dtype=np.int64)
    found = search(
        SearchProblem(
            capacities=capacities,
            rounds=rounds,
            base=zeros,
            weight=np.zeros((n, n)),
            forbid=zeros.astype(bool),
            exempt=zeros.astype(bool),
        ),
        seed=seed,
        max_iterations=max_iterations // 2,
        progress=None if progress is None else (lambda: 2.0 * progress()),
    )
    return [
        [[int(p) for p in np.flatnonzero(rooms == k)] for k in range(len(capacities))]
        for rooms in found.rooms
    ]
