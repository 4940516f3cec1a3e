"""The fractional matching relaxation: prices, an upper bound and a good matching from it.

The relaxation of a matching allows half pairs; its optimum is solved as an assignment on
the bipartite double cover of the graph (each person once as a row and once as a column),
so scipy's sparse assignment solver does the work. Its permutation is a cover by cycles:
2-cycles are pairs, longer cycles the fractional part.
"""

import math

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from scipy.sparse.csgraph import (
    min_weight_full_bipartite_matching,
)

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]

_BELLMAN_FORD_MAX_ROUNDS = 20_000


def _double_cover(
    n: int, u: IntArray, v: IntArray, w: FloatArray, *, perfect: bool = False
) -> tuple[IntArray, IntArray, FloatArray, IntArray, IntArray]:
    """The relaxation's optimal assignment: (indptr, indices, weight) of the double cover
    (u→v and v→u, plus v→v for "unmatched" at weight 0 unless `perfect`) as CSR, the
    permutation `sigma` (row i is assigned column sigma[i]) and its inverse `owner`.
    Raises ValueError if `perfect` and the graph has no perfect fractional matching."""
    diagonal = np.arange(0 if perfect else n)
    rows = np.concatenate([u, v, diagonal])
    cols = np.concatenate([v, u, diagonal])
    weight = np.concatenate([w, w, np.zeros(len(diagonal))])
    # One CSR build (a counting sort in C) whose data are the cells' input positions (+1,
    # as scipy drops explicit zeros); every later lookup reuses its row grouping instead of
    # sorting the cells again.
    grouped = sp.csr_matrix(
        (np.arange(1, len(rows) + 1, dtype=np.float64), (rows, cols)), shape=(n, n)
    )
    indptr = grouped.indptr.astype(np.int64)
    indices = grouped.indices.astype(np.int64)
    weight = weight[grouped.data.astype(np.int64) - 1]
    # Costs must be positive: scipy drops explicit zeros from sparse matrices.
    cost = (float(weight.max()) + 1.0) - weight
    r, c = min_weight_full_bipartite_matching(sp.csr_matrix((cost, indices, indptr), (n, n)))
    sigma = np.empty(n, dtype=np.int64)
    sigma[r] = c
    owner = np.empty(n, dtype=np.int64)
    owner[c] = r
    return indptr, indices, weight, sigma, owner


def _links(
    n: int, indptr: IntArray, indices: IntArray, weight: FloatArray, owner: IntArray
) -> FloatArray:
    """assigned[j]: the weight of the cell (owner[j], j)."""
    row_of = np.repeat(np.arange(n), np.diff(indptr))
    on_assigned = indices == owner[row_of]
    assigned = np.zeros(n)
    assigned[row_of[on_assigned]] = weight[on_assigned]
    return assigned


def relaxed_matching(
    n: int, u: IntArray, v: IntArray, w: FloatArray
) -> tuple[list[tuple[int, int]], float]:
    """A good matching read off the relaxation's optimum, and the relaxation's value (an
    upper bound on every matching). See `cycle_cover_matching`."""
    indptr, indices, weight, sigma, owner = _double_cover(n, u, v, w)
    assigned = _links(n, indptr, indices, weight, owner)
    pairs, _ = cycle_cover_matching(sigma, assigned[sigma])
    return pairs, float(assigned.sum()) / 2.0


def lp_prices(
    n: int, u: IntArray, v: IntArray, w: FloatArray, *, perfect: bool = False
) -> tuple[FloatArray, float, IntArray, FloatArray] | None:
    """Vertex prices of the fractional-matching relaxation and its value (of the fractional
    *perfect* matchings with `perfect`; then prices may be negative).

    Its optimum is a permutation whose 2-cycles are pairs and whose longer cycles are the
    fractional part. scipy returns no duals, so they are recovered as shortest-path
    potentials in the residual graph (no negative cycle at an optimum); on whole-number
    weights below 2^50 or so every price is an exact multiple of 1/2. Returns None if that
    does not converge quickly, or if `perfect` and there is no fractional perfect matching
    (then the caller solves directly)."""
    try:
        indptr, indices, weight, sigma, owner = _double_cover(n, u, v, w, perfect=perfect)
    except ValueError:  # scipy: no full matching of the double cover
        return None
    assigned = _links(n, indptr, indices, weight, owner)
    upper = float(assigned.sum()) / 2.0
    a = _row_potentials(n, indptr, indices, weight, owner, assigned)
    if a is None:
        return None
    b = assigned - a[owner]  # column prices: equality on assigned cells
    # assigned[sigma[i]] is the weight of the cell (i, sigma[i]): each link of the cycles.
    return (a + b) / 2.0, upper, sigma, assigned[sigma]


def _row_potentials(
    n: int,
    indptr: IntArray,
    indices: IntArray,
    weight: FloatArray,
    owner: IntArray,
    assigned: FloatArray,
) -> FloatArray | None:
    """Row potentials a with a[owner[j]] <= a[k] + W[owner[j], j] - W[k, j] for every cell
    (k, j): shortest paths in the residual graph from a virtual source at every row.

    Bellman-Ford, where each round relaxes only the cells out of the rows whose potential
    fell in the round before: after the first rounds that is a small share of the cells,
    while the paths can be hundreds of cells long. None if it does not converge in time.
    """
    # Cell (k, j) as row k of the CSR lists it: where it points and how long it is.
    target = owner[indices]
    length = assigned[indices] - weight
    a = np.zeros(n)
    changed = np.arange(n)
    for _ in range(_BELLMAN_FORD_MAX_ROUNDS):
        first, count = indptr[changed], indptr[changed + 1] - indptr[changed]
        total = int(count.sum())
        # The cells of the changed rows, row after row, without a Python loop.
        cells = np.repeat(first - (np.cumsum(count) - count), count) + np.arange(total)
        reached = np.repeat(a[changed], count) + length[cells]
        to = target[cells]
        better = reached < a[to] - 1e-12
        if not better.any():
            return a
        to = to[better]
        np.minimum.at(a, to, reached[better])
        changed = np.unique(to)
    return None


def cycle_cover_matching(sigma: IntArray, link: FloatArray) -> tuple[list[tuple[int, int]], float]:
    """A matching from the relaxation's permutation (`link[i]` is the weight of i ->
    sigma[i]) and its weight: its pairs, and every other edge of each longer cycle (the
    better alternation; an odd cycle leaves one person out). Pairs are found in NumPy;
    only longer cycles are walked."""
    n = len(sigma)
    index = np.arange(n)
    pair = (sigma[sigma] == index) & (sigma != index)
    first = pair & (index < sigma)
    pairs = list(zip(index[first].tolist(), sigma[first].tolist(), strict=True))
    total = math.fsum(link[first].tolist())  # correctly rounded, as the certificate needs
    seen = ~((sigma != index) & ~pair)  # only nodes on cycles of length > 2 are left
    nxt = sigma.tolist()
    weight = link.tolist()
    for start in np.flatnonzero(~seen).tolist():
        if seen[start]:
            continue
        cycle = [start]
        seen[start] = True
        node = nxt[start]
        while node != start:
            cycle.append(node)
            seen[node] = True
            node = nxt[node]
        length = len(cycle)
        links = [weight[x] for x in cycle]
        offset = _best_alternation(np.array(links))
        chosen = [(offset + 2 * i) % length for i in range(length // 2)]
        total += math.fsum(links[at] for at in chosen)  # exact, as the certificate needs
        for at in chosen:
            a, b = cycle[at], cycle[(at + 1) % length]
            pairs.append((min(a, b), max(a, b)))
    return pairs, total


def _best_alternation(links: FloatArray) -> int:
    """The offset o maximising links[o] + links[o + 2] + ... (len // 2 links, indices mod
    len) around a cycle, in linear time with prefix sums by parity."""
    length = len(links)
    count = length // 2
    offsets = np.arange(length if length % 2 else 2)
    doubled = np.concatenate([links, links])
    sums = np.empty(len(offsets))
    for parity in (0, 1):
        prefix = np.concatenate([[0.0], np.cumsum(doubled[parity::2])])
        mine = offsets[offsets % 2 == parity]
        start = (mine - parity) // 2
        sums[mine] = prefix[start + count] - prefix[start]
    return int(np.argmax(sums))
