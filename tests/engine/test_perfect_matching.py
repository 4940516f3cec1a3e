"""The blossom algorithm started from the relaxation, against rustworkx's from scratch."""

import collections

import numpy as np
import pytest
import rustworkx as rx

from hallway.engine import perfect_matching
from hallway.engine.perfect_matching import _Blossoms, max_weight_perfect_matching


def random_graph(seed, n, m, heaviest):
    rng = np.random.default_rng(seed)
    a, b = rng.integers(0, n, m), rng.integers(0, n, m)
    keep = a != b
    codes = np.unique(np.minimum(a, b)[keep] * n + np.maximum(a, b)[keep])
    u, v = codes // n, codes % n
    return u, v, rng.integers(1, heaviest + 1, len(u)).astype(np.int64)


def reference(n, u, v, w):
    """rustworkx's maximum-cardinality optimum: (perfect?, weight)."""
    graph = rx.PyGraph()
    graph.add_nodes_from(range(n))
    graph.add_edges_from(list(zip(u.tolist(), v.tolist(), w.tolist(), strict=True)))
    found = rx.max_weight_matching(graph, max_cardinality=True, weight_fn=int)
    return 2 * len(found) == n, weight_of(u, v, w, found)


def weight_of(u, v, w, pairs):
    weight = dict(zip(zip(u.tolist(), v.tolist(), strict=True), w.tolist(), strict=True))
    return sum(weight[(min(a, b), max(a, b))] for a, b in pairs)


def assert_optimal(n, u, v, w, found):
    perfect, best = reference(n, u, v, w)
    if not perfect:
        assert found is None
        return
    assert found is not None
    assert sorted(x for pair in found for x in pair) == list(range(n))
    assert weight_of(u, v, w, found) == best


# Weights 1 (every perfect matching ties), 1-3 and 1-10 (many ties), 1-1000.
@pytest.mark.parametrize("heaviest", [1, 3, 10, 1000])
@pytest.mark.parametrize("seed", range(40))
def test_small_graphs_equal_rustworkx(seed, heaviest):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 20)) * 2
    u, v, w = random_graph(seed, n, int(rng.integers(n, n * n // 2 + 2)), heaviest)
    if len(u):
        assert_optimal(n, u, v, w, max_weight_perfect_matching(n, u, v, w))


@pytest.mark.parametrize(("n", "per_person"), [(400, 3), (1000, 6), (600, 40)])
def test_larger_graphs_equal_rustworkx(n, per_person):
    u, v, w = random_graph(n, n, n * per_person, 1000)
    assert_optimal(n, u, v, w, max_weight_perfect_matching(n, u, v, w))


def test_odd_cycles_of_the_relaxation_become_blossoms():
    # Two heavy triangles joined by a light edge: the relaxation takes half of every
    # triangle edge (30), the best perfect matching one edge of each and the bridge (21).
    u = np.array([0, 0, 1, 3, 3, 4, 2])
    v = np.array([1, 2, 2, 4, 5, 5, 3])
    w = np.array([10, 10, 10, 10, 10, 10, 1])
    found = max_weight_perfect_matching(6, u, v, w)
    assert found is not None
    assert (2, 3) in found
    assert weight_of(u, v, w, found) == 21


def test_no_perfect_matching_or_too_wide_weights_give_none():
    star = (np.array([0, 0, 0]), np.array([1, 2, 3]), np.array([1, 1, 1]))
    assert max_weight_perfect_matching(4, *star) is None
    assert max_weight_perfect_matching(3, np.array([0]), np.array([1]), np.array([1])) is None
    wide = np.array([2**53])
    assert max_weight_perfect_matching(2, np.array([0]), np.array([1]), wide) is None


def test_from_scratch_every_step_of_the_algorithm_is_exact(monkeypatch):
    """Started from no matching and high prices, the algorithm runs many stages: blossoms
    made, expanded mid-stage (a T-blossom's price reaching 0) and at the end of a stage,
    augmented through, and the half steps that double every price. The counts prove each
    of those steps ran, and every answer equals rustworkx's."""
    steps: collections.Counter[str] = collections.Counter()
    for name in ("rescale", "add_blossom", "augment_blossom"):
        original = getattr(_Blossoms, name)

        def counted(self, *args, _original=original, _name=name, **kwargs):
            steps[_name] += 1
            return _original(self, *args, **kwargs)

        monkeypatch.setattr(_Blossoms, name, counted)
    expand = _Blossoms.expand

    def counted_expand(self, b, *, endstage):
        steps["expand at the end" if endstage else "expand mid-stage"] += 1
        return expand(self, b, endstage=endstage)

    monkeypatch.setattr(_Blossoms, "expand", counted_expand)
    for seed in range(1000):
        rng = np.random.default_rng(seed)
        n = int(rng.integers(1, 15)) * 2
        u, v, w = random_graph(seed, n, int(rng.integers(n, n * n // 2 + 2)), [1, 3, 10][seed % 3])
        if not len(u):
            continue
        # Feasible prices of mixed parity, as a warm start may bring.
        prices = (int(w.max()) + rng.integers(0, 3, n)).tolist()
        cold = _Blossoms(n, u, v, w, np.full(n, -1, dtype=np.int64), prices)
        assert_optimal(n, u, v, w, cold.pairs() if cold.solve() else None)
    assert all(steps[name] > 0 for name in ("rescale", "add_blossom", "augment_blossom"))
    assert steps["expand at the end"] > 0
    assert steps["expand mid-stage"] > 0


def test_a_warm_start_that_is_not_exact_is_refused(monkeypatch):
    # Prices off by a quarter (not multiples of 1/2) cannot start the exact algorithm.
    from hallway.engine import relaxation

    real = relaxation.lp_prices

    def skewed(*args, **kwargs):
        y, upper, sigma, link = real(*args, **kwargs)
        return y + 0.25, upper, sigma, link

    monkeypatch.setattr(relaxation, "lp_prices", skewed)
    u, v, w = random_graph(1, 20, 60, 10)
    assert perfect_matching._warm_start(20, u, v, w) is None
