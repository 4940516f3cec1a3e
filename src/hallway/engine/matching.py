"""Exact matchings: who meets whom when everyone can meet at most one person.

`max_weight_matching` pairs the most people first (optionally) and then maximises the total
weight, on any graph. `bipartite_assignment` assigns one side to capacitated slots on the
other (new hires to buddies). Both are exact; the speed-ups below never trade optimality.

How the general matching stays exact and fast:

1. Weights become integers (exactly where the floats allow it: whole numbers, binary
   fractions, short decimals), so the blossom algorithms compare totals without rounding.
2. Every connected component is solved on its own (a graph of fewer than
   `_CERTIFY_MIN_NODES` people goes to the blossom algorithm of rustworkx whole).
3. A large sparse component first tries the blossom algorithm started from the linear
   relaxation (`perfect_matching`): exact, and seconds at 100,000 people. It answers
   always without `max_cardinality`, and with it whenever everyone can be paired (one left
   out of an odd count); so does a large piece the certificate below cannot split. (Not
   `exact`, a large piece is matched from the relaxation and repaired: see `_rounded`.)
4. Otherwise a large component first gets a certificate from the linear relaxation (the
   "fractional matching" LP, solved as an assignment on the bipartite double cover): prices `y`
   with `y[u] + y[v] >= w(u, v)` for every edge, `y >= 0`, and `sum(y) = UB >= optimum`.
   For any matching M, `w(M) = sum(y over matched) - sum(r_e over M)` with the reduced cost
   `r_e = y[u] + y[v] - w_e >= 0`; so every optimal matching only uses edges with
   `r_e <= UB - LB`, where LB is the weight of any matching we already hold. Dropping the
   other edges cannot lose an optimum; on random complete graphs the relaxation is usually
   tight and only a few edges per person survive, splitting the graph into small pieces.
"""

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import cast

import numpy as np
import numpy.typing as npt
import rustworkx as rx

# SciPy (and `relaxation`, built on it) is imported inside the functions that need it: it
# takes longer to import than `hallway engine match` takes on a graph of a few hundred
# people, which never needs it.

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
Edges = Iterable[tuple[int, int, float]] | tuple[npt.ArrayLike, npt.ArrayLike, npt.ArrayLike]

# Decimal places recognised in weights (see _decimal_integers).
_DECIMAL_PLACES = 9
# Bits kept for the integer weights. With the tie-break bits and the sum over up to 2^17
# pairs this stays well inside rustworkx's 128-bit integers.
_WEIGHT_BITS = 60
# Tie-break noise per edge is below 2^_NOISE_BITS units of the *scaled* weight divided by P.
_NOISE_BITS = 16
# Components below this size go straight to the blossom algorithm: the certificate would
# cost more than it saves.
_CERTIFY_MIN_NODES = 200
# Components from this size on try the blossom algorithm started from the relaxation
# first, if on average everyone has at most this many neighbours.
_PERFECT_MIN_NODES = _CERTIFY_MIN_NODES
_PERFECT_MAX_DEGREE = 64
# Its exact start computes in floats: integer weights up to this many bits stay exact.
_PERFECT_KEY_BITS = 52
# Give up on the certificate (and solve directly) when it keeps more than this share of edges.
_CERTIFY_MAX_KEPT = 0.5
# The lower bound from an exact solve on the edges of smallest reduced cost, for components
# up to this size, with this many edges per person.
_LOWER_BOUND_MAX_NODES = 5_000
_LOWER_BOUND_EDGES_PER_NODE = 4
# Without `exact`, a component of more people than this that the certificate cannot split
# is matched from the relaxation instead of by the blossom algorithm (which needs minutes
# at 10,000 people): see `_rounded`.
_BLOSSOM_MAX_NODES = 2_500
# Neighbours of each person the relaxation leaves out that the repair re-solves with.
_REPAIR_NEIGHBOURS = 6


@dataclass(frozen=True)
class _Graph:
    """Canonical edges (u < v, no duplicates) with float and exact integer weights."""

    n: int
    u: IntArray
    v: IntArray
    w: FloatArray
    ints: IntArray  # exact integer weights (see _integer_weights)
    noise: IntArray  # seeded tie-break noise per edge, below 2^_NOISE_BITS
    shift: int  # key = ints << shift + noise

    def keys(self, index: npt.NDArray[np.bool_] | IntArray) -> list[int]:
        """Tie-broken integer keys of the selected edges. They need up to ~90 bits, so they
        are Python ints, built only for the edges that reach the blossom solver."""
        ints, noise = self.ints[index], self.noise[index]
        if len(ints) == 0:
            return []
        if int(ints.max()).bit_length() + self.shift <= 62:
            # Fits in int64: shift and add in NumPy (exact, no overflow by the bound above).
            fitted: list[int] = ((ints << self.shift) + noise).tolist()
            return fitted
        return [(x << self.shift) + z for x, z in zip(ints.tolist(), noise.tolist(), strict=True)]


def _as_arrays(n: int, edges: Edges) -> tuple[IntArray, IntArray, FloatArray]:
    if isinstance(edges, tuple) and len(edges) == 3 and not np.isscalar(edges[0]):
        u = np.asarray(edges[0], dtype=np.int64)
        v = np.asarray(edges[1], dtype=np.int64)
        w = np.asarray(edges[2], dtype=np.float64)
    else:
        rows = cast("list[tuple[int, int, float]]", list(edges))
        u = np.fromiter((int(r[0]) for r in rows), dtype=np.int64, count=len(rows))
        v = np.fromiter((int(r[1]) for r in rows), dtype=np.int64, count=len(rows))
        w = np.fromiter((float(r[2]) for r in rows), dtype=np.float64, count=len(rows))
    if not (u.shape == v.shape == w.shape and u.ndim == 1):
        raise ValueError("edges: u, v and w must be one-dimensional and of equal length")
    if len(u) and (min(u.min(), v.min()) < 0 or max(u.max(), v.max()) >= n):
        raise ValueError(f"edges: node ids must lie in 0..{n - 1}")
    if np.any(u == v):
        raise ValueError("edges: self-loops are not allowed")
    if not np.all(np.isfinite(w)) or np.any(w < 0):
        raise ValueError("edges: weights must be finite and non-negative")
    return u, v, w


def _integer_weights(w: FloatArray) -> IntArray:
    """Exact integers proportional to `w` when the floats' binary digits fit in
    _WEIGHT_BITS; else the decimals they stand for (`_decimal_integers`); otherwise rounded
    to _WEIGHT_BITS bits relative to the largest weight (then totals are exact to
    2^-_WEIGHT_BITS of the largest weight per pair).

    Vectorised, and equal element for element to the per-float definition (each float is
    odd_i * 2^p_i; the integers are odd_i / g * 2^(p_i - min p) with g the gcd of the odd
    parts, i.e. the common denominator divided by the common factor): every step below is
    exact integer or power-of-two arithmetic on values below 2^53, checked in the tests
    against that Python-int definition."""
    ints = np.zeros(len(w), dtype=np.int64)
    positive = w > 0
    if not positive.any():
        return ints
    x = w[positive]
    mantissa, exponent = np.frexp(x)  # x = mantissa * 2^exponent, 0.5 <= mantissa < 1
    # 53-bit integer significand: exact, as multiplying by a power of two only moves the
    # exponent (subnormals are normalised by frexp first).
    significand = (mantissa * 2.0**53).astype(np.int64)
    trailing = _bit_length(significand & -significand) - 1
    odd = significand >> trailing
    power = exponent.astype(np.int64) - 53 + trailing  # x = odd * 2^power, odd odd
    odd = odd // np.gcd.reduce(odd)
    offset = power - power.min()
    if int((_bit_length(odd) + offset).max()) <= _WEIGHT_BITS:
        ints[positive] = odd << offset
        return ints
    decimal = _decimal_integers(w)
    if decimal is not None:
        return decimal
    # Python's round() and np.rint both round half to even, on the same float product;
    # the result is <= 2^_WEIGHT_BITS (< 2^63), so the int64 conversion is exact.
    scale = 2.0**_WEIGHT_BITS / float(w.max())
    rounded: IntArray = np.rint(w * scale).astype(np.int64)
    return rounded


def _decimal_integers(w: FloatArray) -> IntArray | None:
    """Weights written with a few decimals (0.125, 3.7, as people type them) as the whole
    numbers they are in units of the last decimal, divided by their common factor; None
    unless every weight is the float nearest such a decimal. The floats are then the
    decimals rounded, so the decimals are what the weights mean."""
    for places in range(1, _DECIMAL_PLACES + 1):
        scale = 10.0**places
        if float(w.max()) * scale >= 2.0**_WEIGHT_BITS:
            return None
        for part in (w[:64], w):  # a quick look at a few weights rules most places out
            scaled = np.rint(part * scale)
            if not np.array_equal(scaled / scale, part):
                break
        else:
            ints = scaled.astype(np.int64)
            divided: IntArray = ints // np.gcd.reduce(ints)
            return divided
    return None


def _bit_length(x: IntArray) -> IntArray:
    """int.bit_length of non-negative int64 values below 2^53 (exact as floats, so frexp's
    exponent is the bit length)."""
    bits: IntArray = np.frexp(x.astype(np.float64))[1].astype(np.int64)
    return bits


def _noise(seed: int, a: IntArray, b: IntArray) -> IntArray:
    """Seeded pseudo-random integers in [0, 2^_NOISE_BITS) per (a, b), order-free: a
    splitmix64 hash, so the tie-break depends on the seed and the edge, never on the
    position of the edge in the input."""
    with np.errstate(over="ignore"):
        x = (
            np.uint64(seed & 0xFFFFFFFFFFFFFFFF)
            ^ (a.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15))
            ^ (b.astype(np.uint64) * np.uint64(0xC2B2AE3D27D4EB4F))
        )
        for shift, mult in ((30, 0xBF58476D1CE4E5B9), (27, 0x94D049BB133111EB)):
            x = (x ^ (x >> np.uint64(shift))) * np.uint64(mult)
        x = x ^ (x >> np.uint64(31))
    noise: IntArray = (x >> np.uint64(64 - _NOISE_BITS)).astype(np.int64)
    return noise


def _canonical(n: int, edges: Edges, seed: int) -> _Graph:
    u, v, w = _as_arrays(n, edges)
    a, b = np.minimum(u, v), np.maximum(u, v)
    # One int64 code per pair (n < 2^31 people, so no overflow); inputs that are already
    # sorted (the usual case for arrays) skip the sort.
    code = a * max(n, 1) + b
    step = np.diff(code)
    if not np.all(step > 0):
        order = np.argsort(code, kind="stable")
        a, b, w, code = a[order], b[order], w[order], code[order]
        step = np.diff(code)
    if np.any(step == 0):
        raise ValueError("edges: duplicate edge")
    # Ties are broken by seeded noise below one unit of the scaled weight: any matching has
    # at most n/2 edges, each adding < 2^_NOISE_BITS, so the noise of a whole matching is
    # < P = 2^_NOISE_BITS * 2^bit_length(n) > (n/2) * 2^_NOISE_BITS. A matching that is
    # heavier by one unit therefore stays heavier, so every optimum of the noisy weights is
    # an optimum of the true weights (same cardinality, same total); the noise only chooses
    # among equal optima, by seed.
    shift = _NOISE_BITS + max(n, 1).bit_length()
    return _Graph(
        n=n, u=a, v=b, w=w, ints=_integer_weights(w), noise=_noise(seed, a, b), shift=shift
    )


def _blossom(
    nodes: IntArray, u: IntArray, v: IntArray, key: Sequence[int], *, max_cardinality: bool
) -> list[tuple[int, int]]:
    """Exact matching of one subgraph with rustworkx (integer weights, so no rounding)."""
    local = {int(x): i for i, x in enumerate(nodes.tolist())}
    graph: rx.PyGraph = rx.PyGraph(multigraph=False)
    graph.add_nodes_from(range(len(nodes)))
    graph.add_edges_from(
        [(local[a], local[b], k) for a, b, k in zip(u.tolist(), v.tolist(), key, strict=True)]
    )
    found = rx.max_weight_matching(graph, max_cardinality=max_cardinality, weight_fn=_identity)
    back = nodes.tolist()
    return [(back[a], back[b]) for a, b in found]


def _identity(x: int) -> int:
    return x


def _certified_edges(
    n: int, u: IntArray, v: IntArray, w: FloatArray, *, max_cardinality: bool
) -> npt.NDArray[np.bool_] | None:
    """Edges that can appear in an optimal matching of a connected graph, by reduced-cost
    fixing against the LP bound (see the module docstring); None if that does not prune."""
    scaled = w / float(w.max()) if len(w) and w.max() > 0 else w.copy()
    # Maximum cardinality first: an extra pair must outweigh any weight difference, so each
    # edge gets a bonus C larger than the heaviest possible matching (weights are now <= 1).
    bonus = (n // 2 + 1.0) if max_cardinality else 0.0
    gu, gv, gw, size = u, v, scaled + bonus, n
    if max_cardinality and n % 2:
        # An odd graph always leaves someone out; a dummy person adjacent to all (weight 0)
        # makes the count even, so the relaxation cannot profit from a fractional triangle.
        # Its maximum-cardinality optima are exactly those of the graph plus one dummy edge.
        others = np.arange(n, dtype=np.int64)
        gu = np.concatenate([u, others])
        gv = np.concatenate([v, np.full(n, n, dtype=np.int64)])
        gw = np.concatenate([gw, np.full(n, bonus)])
        size = n + 1
    from hallway.engine.relaxation import cycle_cover_matching, lp_prices

    prices = lp_prices(size, gu, gv, gw)
    if prices is None:
        return None
    y, _, sigma, link = prices
    _, lower = cycle_cover_matching(sigma, link)
    reduced = y[gu] + y[gv] - gw
    if size <= _LOWER_BOUND_MAX_NODES:
        # The cycle cover loses a pair on every odd cycle, which makes the bound loose. An
        # exact matching on the few edges of smallest reduced cost is usually optimal, and
        # it is cheap because that graph is sparse and falls apart into small pieces.
        few = min(len(gu), _LOWER_BOUND_EDGES_PER_NODE * size)
        chosen = np.zeros(len(gu), dtype=bool)
        chosen[np.argpartition(reduced, few - 1)[:few]] = True
        chosen[reduced <= 1e-9] = True
        cu, cv, cw = gu[chosen], gv[chosen], gw[chosen]
        ints = _integer_weights(cw)
        weight_of = dict(zip(zip(cu.tolist(), cv.tolist(), strict=True), cw.tolist(), strict=True))
        found: list[float] = []
        for nodes, mask in _components(size, cu, cv):
            picked = ints[mask].tolist()
            for a, b in _blossom(nodes, cu[mask], cv[mask], picked, max_cardinality=True):
                found.append(weight_of[(min(a, b), max(a, b))])
        lower = max(lower, math.fsum(found))  # correctly rounded, as the bound below needs
    # The prices are just numbers: the bound needs no trust in how they were computed, only
    # their measured defects and the rounding of every float involved. With t_e the true
    # weight (w_e / max w + bonus, of which gw is the rounding, off by at most delta), R_e
    # = y_u + y_v - gw_e in exact arithmetic and M any matching at least as heavy as the one
    # behind `lower`, for each e in M:
    #   R_e <= Y - LB + size * neg_y + (size / 2) * neg_R + size * delta,
    # where Y is the sum of all prices, neg_y the most negative price and neg_R the most
    # negative R (each made non-negative). The computed reduced costs differ from R by at
    # most rho, and Y and LB are correctly rounded sums (math.fsum). An edge above that is
    # in no optimal matching. Every term grows like eps * size * bonus (about eps * size^2
    # / 2 with the cardinality bonus), far below the weights' resolution at 100,000 people.
    eps = float(np.finfo(np.float64).eps)
    total = math.fsum(y.tolist())
    delta = eps * (bonus + 2.0)
    rho = 4 * eps * (2 * float(np.abs(y).max()) + bonus + 1.0)
    neg_y = max(0.0, -float(y.min()))
    neg_r = max(0.0, -float(reduced.min())) + rho
    slack = (
        size * neg_y
        + (size / 2 + 1) * neg_r
        + size * delta
        + rho
        + 2 * eps * (abs(total) + abs(lower))
    )
    keep = reduced[: len(u)] <= (total - lower) + slack
    if keep.mean() > _CERTIFY_MAX_KEPT:
        return None
    return keep


def max_weight_matching(
    n: int, edges: Edges, *, max_cardinality: bool = True, seed: int = 0, exact: bool = True
) -> list[tuple[int, int]]:
    """A maximum-weight matching of the graph with nodes 0..n-1, exact unless asked not to be.

    `edges` are (u, v, weight) triples (or three arrays u, v, weight); weights are finite
    and non-negative, at most one edge per pair. With `max_cardinality`, first the most
    pairs, then the highest total weight among those; otherwise simply the highest total.
    Among equal optima the `seed` decides, never the order of the input. Returns pairs
    (u, v) with u < v, sorted.

    With `exact` false, a connected piece of more than `_BLOSSOM_MAX_NODES` people that the
    certificate cannot split (many equally good pairs, as in real rounds) is matched from
    the relaxation and repaired exactly around whoever it leaves out (`_rounded`): seconds
    instead of minutes at 10,000 people, with the gap measured by the benchmarks.
    """
    graph = _canonical(n, edges, seed)
    if len(graph.u) == 0:
        return []
    # Relabel by a seeded permutation so that the solver's own scan order is also fixed by
    # the seed; together with the noise the answer depends on (edges, seed) alone.
    perm = np.random.default_rng(seed).permutation(n).astype(np.int64)
    if n < _CERTIFY_MIN_NODES:
        # Small enough for the blossom algorithm at once (it needs no split into pieces).
        everyone = np.unique(np.concatenate([graph.u, graph.v]))
        every_edge = np.arange(len(graph.u), dtype=np.int64)
        found = _solve_direct(graph, everyone, every_edge, perm, max_cardinality)
        return sorted((min(a, b), max(a, b)) for a, b in found)
    pairs: list[tuple[int, int]] = []
    for nodes, mask in _components(n, graph.u, graph.v):
        pairs.extend(
            _solve_component(graph, nodes, np.flatnonzero(mask), perm, max_cardinality, exact)
        )
    return sorted((min(a, b), max(a, b)) for a, b in pairs)


def edge_weights(n: int, edges: Edges, pairs: Sequence[tuple[int, int]]) -> list[float]:
    """The weight of each of `pairs` (edges of the graph, either way round)."""
    u, v, w = _as_arrays(n, edges)
    code = np.minimum(u, v) * max(n, 1) + np.maximum(u, v)
    order = np.argsort(code, kind="stable")
    wanted = np.array([min(a, b) * max(n, 1) + max(a, b) for a, b in pairs], dtype=np.int64)
    at = order[np.searchsorted(code[order], wanted)]
    if not np.array_equal(code[at], wanted):
        raise ValueError("pairs: not every pair is an edge of the graph")
    weights: list[float] = w[at].tolist()
    return weights


def _components(n: int, u: IntArray, v: IntArray) -> list[tuple[IntArray, npt.NDArray[np.bool_]]]:
    """Connected components with at least one edge: (nodes, mask of their edges)."""
    import scipy.sparse as sp
    from scipy.sparse.csgraph import connected_components

    adjacency = sp.coo_matrix((np.ones(len(u)), (u, v)), shape=(n, n))
    count, label = connected_components(adjacency, directed=False)
    edge_label = label[u]
    order = np.argsort(edge_label, kind="stable")
    bounds = np.searchsorted(edge_label[order], np.arange(count + 1))
    result = []
    node_order = np.argsort(label, kind="stable")
    node_bounds = np.searchsorted(label[node_order], np.arange(count + 1))
    for c in range(count):
        if bounds[c] == bounds[c + 1]:
            continue
        mask = np.zeros(len(u), dtype=bool)
        mask[order[bounds[c] : bounds[c + 1]]] = True
        result.append((node_order[node_bounds[c] : node_bounds[c + 1]], mask))
    return result


def _solve_component(
    graph: _Graph,
    nodes: IntArray,
    index: IntArray,
    perm: IntArray,
    max_cardinality: bool,
    exact: bool,
) -> list[tuple[int, int]]:
    """One connected component: `index` holds the positions of its edges in `graph`.

    A sparse component first tries the relaxation-started blossom algorithm; a dense one
    (where the certificate splits the graph into small pieces faster) the certificate."""
    size = len(nodes)
    u, v = graph.u[index], graph.v[index]
    sparse = 2 * len(index) <= _PERFECT_MAX_DEGREE * size
    tried = exact and sparse and size >= _PERFECT_MIN_NODES
    if tried:
        found = _perfect(graph, nodes, index, perm, max_cardinality)
        if found is not None:
            return found
    if size >= _CERTIFY_MIN_NODES and (exact or size <= _BLOSSOM_MAX_NODES):
        local = np.empty(int(nodes.max()) + 1, dtype=np.int64)
        local[nodes] = np.arange(size)
        keep = _certified_edges(
            size, local[u], local[v], graph.w[index], max_cardinality=max_cardinality
        )
        if keep is not None:
            # Only certified edges can be in an optimum; every optimum lies in them, so
            # solving what is left (piece by piece) is exact.
            pairs: list[tuple[int, int]] = []
            kept = index[keep]
            ku, kv = u[keep], v[keep]
            for sub_nodes, mask in _components(int(nodes.max()) + 1, ku, kv):
                pairs.extend(
                    _solve_piece(graph, sub_nodes, kept[mask], perm, max_cardinality, exact)
                )
            return pairs
    return _solve_piece(graph, nodes, index, perm, max_cardinality, exact, tried=tried)


def _solve_piece(
    graph: _Graph,
    nodes: IntArray,
    index: IntArray,
    perm: IntArray,
    max_cardinality: bool,
    exact: bool,
    *,
    tried: bool = False,
) -> list[tuple[int, int]]:
    """A piece solved as it is: by rustworkx when small; when large, from the relaxation
    with a repair if not `exact` (`_rounded`: seconds, within a few thousandths of a
    percent on real rounds, whose many equal weights make the blossom algorithm slow to
    finish), else by the blossom algorithm started from the relaxation (unless `tried`
    already), or by rustworkx after all (minutes at 10,000 people)."""
    if len(nodes) > _BLOSSOM_MAX_NODES:
        if not exact:
            return _rounded(graph, nodes, index, perm, max_cardinality)
        if not tried:
            found = _perfect(graph, nodes, index, perm, max_cardinality)
            if found is not None:
                return found
    return _solve_direct(graph, nodes, index, perm, max_cardinality)


def _perfect(
    graph: _Graph, nodes: IntArray, index: IntArray, perm: IntArray, max_cardinality: bool
) -> list[tuple[int, int]] | None:
    """The optimum of one component by the blossom algorithm started from the relaxation,
    which finds perfect matchings: with `max_cardinality` if everyone in it can be paired
    (all but one, for an odd count), else None; without, always (on a doubled graph). Also
    None if the exact integer weights are too wide for its exact start.

    The weights go in without the tie-break noise: its extra bits make the relaxation's
    assignment several times slower. The people are numbered in the seed's order instead,
    so that among equal optima the seed still decides, and the input's order never does.
    """
    from hallway.engine.perfect_matching import max_weight_perfect_matching

    size = len(nodes)
    ordered = nodes[np.argsort(perm[nodes], kind="stable")]
    local = np.full(graph.n, -1, dtype=np.int64)
    local[ordered] = np.arange(size)
    key = graph.ints[index]
    if int(key.max()).bit_length() > _PERFECT_KEY_BITS:
        return None
    u, v = local[graph.u[index]], local[graph.v[index]]
    everyone = np.arange(size, dtype=np.int64)
    nought = np.zeros(size, dtype=np.int64)
    if not max_cardinality:
        # Anyone may stay unpaired: a copy of the graph, and everyone joined to their copy
        # at weight 0. A perfect matching is a matching of each copy plus the links of the
        # unpaired, so the best one holds an optimum in each copy; the first is read off.
        u = np.concatenate([u, u + size, everyone])
        v = np.concatenate([v, v + size, everyone + size])
        key = np.concatenate([key, key, nought])
        size_with_extra = 2 * size
    elif size % 2:
        # Someone sits out: a stand-in partner open to everyone at weight 0. Perfect
        # matchings with it are the largest matchings without it, at the same weight.
        u = np.concatenate([u, everyone])
        v = np.concatenate([v, np.full(size, size, dtype=np.int64)])
        key = np.concatenate([key, nought])
        size_with_extra = size + 1
    else:
        size_with_extra = size
    found = max_weight_perfect_matching(size_with_extra, u, v, key)
    if found is None:
        return None
    return [(int(ordered[a]), int(ordered[b])) for a, b in found if max(a, b) < size]


def _solve_direct(
    graph: _Graph, nodes: IntArray, index: IntArray, perm: IntArray, max_cardinality: bool
) -> list[tuple[int, int]]:
    pu, pv = perm[graph.u[index]], perm[graph.v[index]]
    order = np.lexsort((np.maximum(pu, pv), np.minimum(pu, pv)))
    inverse = np.empty(len(perm), dtype=np.int64)
    inverse[perm] = np.arange(len(perm))
    found = _blossom(
        np.sort(perm[nodes]),
        pu[order],
        pv[order],
        graph.keys(index[order]),
        max_cardinality=max_cardinality,
    )
    return [(int(inverse[a]), int(inverse[b])) for a, b in found]


def _rounded(
    graph: _Graph, nodes: IntArray, index: IntArray, perm: IntArray, max_cardinality: bool
) -> list[tuple[int, int]]:
    """A near-optimal matching of a large component, in seconds.

    The relaxation's optimum (an assignment) is a cover by pairs and cycles; its pairs and
    the better half of each cycle are a matching that misses one person per odd cycle
    (`relaxation.cycle_cover_matching`). The people it misses, their best neighbours and
    those neighbours' partners are then re-matched exactly by the blossom algorithm: that
    set is closed under the matching, so the re-solve can only gain. People are relabelled
    by the seeded permutation first, so the seed breaks ties here too.
    """
    from hallway.engine.relaxation import relaxed_matching

    size = len(nodes)
    ordered = nodes[np.argsort(perm[nodes], kind="stable")]
    local = np.full(graph.n, -1, dtype=np.int64)
    local[ordered] = np.arange(size)
    lu, lv, w = local[graph.u[index]], local[graph.v[index]], graph.w[index]
    scaled = w / float(w.max()) if w.max() > 0 else w
    bonus = float(size // 2 + 1) if max_cardinality else 0.0
    found, _ = relaxed_matching(size, lu, lv, scaled + bonus)
    partner = np.full(size, -1, dtype=np.int64)
    for a, b in found:
        partner[a], partner[b] = b, a
    free = np.flatnonzero(partner < 0)
    if len(free):
        # Each left-out person's heaviest edges, and who those neighbours are paired with.
        ends = np.concatenate([lu, lv])
        others = np.concatenate([lv, lu])
        weights = np.concatenate([w, w])
        around = np.isin(ends, free)
        by_weight = np.lexsort((-weights[around], ends[around]))
        near_ends, near = ends[around][by_weight], others[around][by_weight]
        first = np.searchsorted(near_ends, near_ends)
        near = near[np.arange(len(near)) - first < _REPAIR_NEIGHBOURS]
        chosen = np.zeros(size, dtype=bool)
        chosen[free] = True
        chosen[near] = True
        chosen[partner[near][partner[near] >= 0]] = True
        inside = chosen[lu] & chosen[lv]
        redone = _solve_direct(graph, ordered[chosen], index[inside], perm, max_cardinality)
        kept = [(a, b) for a, b in found if not chosen[a]]
        return [(int(ordered[a]), int(ordered[b])) for a, b in kept] + redone
    return [(int(ordered[a]), int(ordered[b])) for a, b in found]


def bipartite_assignment(
    left: int,
    right: int,
    capacities: Sequence[int],
    weights: npt.ArrayLike,
) -> list[tuple[int, int]]:
    """An exact assignment of `left` people (new hires) to `right` people (buddies).

    `weights` is a left × right matrix of non-negative weights, NaN where a pair is not
    allowed; `capacities[j]` is how many left people right person j can take. First the most
    left people assigned, then the highest total weight. Returns (left, right) pairs sorted.
    """
    from scipy.optimize import linear_sum_assignment

    matrix = np.asarray(weights, dtype=np.float64).reshape(left, right)
    caps = np.asarray(capacities, dtype=np.int64)
    if caps.shape != (right,) or np.any(caps < 0):
        raise ValueError("capacities: one non-negative integer per right person")
    allowed = ~np.isnan(matrix)
    if np.any(matrix[allowed] < 0) or not np.all(np.isfinite(matrix[allowed])):
        raise ValueError("weights: finite and non-negative, NaN for not allowed")
    columns = np.repeat(np.arange(right), caps)
    if left == 0 or len(columns) == 0 or not allowed.any():
        return []
    top = float(matrix[allowed].max()) or 1.0
    # Cardinality first: every allowed cell gets a bonus larger than any total of weights
    # (scaled to <= 1 each, at most `left` of them), so one more assignment always wins.
    value = np.where(allowed, matrix / top + (left + 1.0), 0.0)[:, columns]
    rows, cols = linear_sum_assignment(value, maximize=True)
    pairs = [
        (int(i), int(columns[j]))
        for i, j in zip(rows.tolist(), cols.tolist(), strict=True)
        if allowed[i, columns[j]]
    ]
    return sorted(pairs)
