"""Properties of the exact matchings, against brute force and networkx."""

import itertools
import math
import random
from decimal import Decimal

import networkx as nx
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hallway.engine import matching
from hallway.engine.matching import bipartite_assignment, max_weight_matching

# The solver-path fixture only patches module constants, identical for every example.
SHARED_FIXTURE = [HealthCheck.function_scoped_fixture]


@st.composite
def graphs(draw, max_n=10, integer_weights=False):
    n = draw(st.integers(min_value=0, max_value=max_n))
    pairs = [(a, b) for a in range(n) for b in range(a + 1, n)]
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True)) if pairs else []
    weight = (
        st.integers(min_value=0, max_value=4).map(float)
        if integer_weights
        else st.floats(min_value=0, max_value=100, allow_nan=False)
    )
    return n, [(a, b, draw(weight)) for a, b in chosen]


def total(edges, pairs):
    weight = {(a, b): w for a, b, w in edges}
    return sum(weight[(a, b)] for a, b in pairs)


def brute_force(n, edges, max_cardinality):
    """Best (cardinality, weight) over every matching, by recursion on the lowest node."""
    adjacent = {i: [] for i in range(n)}
    for a, b, w in edges:
        adjacent[a].append((b, w))
        adjacent[b].append((a, w))

    def best(free):
        if not free:
            return (0, 0.0)
        first, rest = free[0], free[1:]
        options = [best(rest)]
        for other, w in adjacent[first]:
            if other in rest:
                count, weight = best(tuple(x for x in rest if x != other))
                options.append((count + 1, weight + w))
        key = (lambda o: (o[0], o[1])) if max_cardinality else (lambda o: o[1])
        return max(options, key=key)

    return best(tuple(range(n)))


def assert_matching(n, edges, pairs):
    existing = {(a, b) for a, b, _ in edges}
    people = [p for pair in pairs for p in pair]
    assert len(people) == len(set(people)), "someone is matched twice"
    assert all(a < b and (a, b) in existing for a, b in pairs), "a pair that is not an edge"
    assert pairs == sorted(pairs)


@pytest.fixture(params=["direct", "certified", "perfect"])
def solver_path(request, monkeypatch):
    """Run every property three times: straight to rustworkx's blossom algorithm, through
    the LP certificate, and through the blossom algorithm started from the relaxation
    (both of which normally only large components take)."""
    if request.param == "certified":
        monkeypatch.setattr(matching, "_CERTIFY_MIN_NODES", 3)
        monkeypatch.setattr(matching, "_CERTIFY_MAX_KEPT", 1.0)
        monkeypatch.setattr(matching, "_PERFECT_MIN_NODES", 10**9)
    elif request.param == "perfect":
        monkeypatch.setattr(matching, "_CERTIFY_MIN_NODES", 2)
        monkeypatch.setattr(matching, "_PERFECT_MIN_NODES", 2)
    return request.param


@pytest.mark.parametrize("max_cardinality", [True, False])
@settings(max_examples=150, deadline=None, suppress_health_check=SHARED_FIXTURE)
@given(graph=graphs(max_n=10), seed=st.integers(0, 2**32))
def test_small_graphs_equal_brute_force(solver_path, graph, seed, max_cardinality):
    n, edges = graph
    pairs = max_weight_matching(n, edges, max_cardinality=max_cardinality, seed=seed)
    assert_matching(n, edges, pairs)
    count, weight = brute_force(n, edges, max_cardinality)
    if max_cardinality:
        assert len(pairs) == count
    assert math.isclose(total(edges, pairs), weight, rel_tol=1e-9, abs_tol=1e-9)


@pytest.mark.parametrize("max_cardinality", [True, False])
@settings(max_examples=60, deadline=None, suppress_health_check=SHARED_FIXTURE)
@given(n=st.integers(2, 60), density=st.floats(0.05, 1.0), seed=st.integers(0, 2**32))
def test_random_graphs_equal_networkx(solver_path, n, density, seed, max_cardinality):
    rng = random.Random(seed)
    edges = [
        (a, b, rng.choice([rng.random() * 10, float(rng.randint(0, 3))]))
        for a in range(n)
        for b in range(a + 1, n)
        if rng.random() < density
    ]
    pairs = max_weight_matching(n, edges, max_cardinality=max_cardinality, seed=seed)
    assert_matching(n, edges, pairs)
    graph = nx.Graph()
    graph.add_weighted_edges_from(edges)
    reference = nx.max_weight_matching(graph, maxcardinality=max_cardinality)
    if max_cardinality:
        assert len(pairs) == len(reference)
    expected = total(edges, [(min(a, b), max(a, b)) for a, b in reference])
    assert math.isclose(total(edges, pairs), expected, rel_tol=1e-9, abs_tol=1e-9)


@settings(max_examples=60, deadline=None, suppress_health_check=SHARED_FIXTURE)
@given(graph=graphs(max_n=10, integer_weights=True), seed=st.integers(0, 2**32))
def test_deterministic_and_independent_of_input_order(solver_path, graph, seed):
    n, edges = graph
    first = max_weight_matching(n, edges, seed=seed)
    shuffled = [(b, a, w) if i % 2 else (a, b, w) for i, (a, b, w) in enumerate(edges)]
    random.Random(seed).shuffle(shuffled)
    assert max_weight_matching(n, shuffled, seed=seed) == first
    # Another seed may pick another optimum, never a worse one.
    other = max_weight_matching(n, edges, seed=seed + 1)
    assert len(other) == len(first)
    assert total(edges, other) == total(edges, first)


def test_seeds_choose_among_equal_optima():
    # Six people, every pair allowed at the same weight: many optima, the seed picks one.
    edges = [(a, b, 1.0) for a, b in itertools.combinations(range(6), 2)]
    found = {tuple(max_weight_matching(6, edges, seed=seed)) for seed in range(30)}
    assert len(found) > 1
    assert all(len(pairs) == 3 for pairs in found)


def test_array_input_and_large_certified_component_agree_with_direct(monkeypatch):
    rng = np.random.default_rng(7)
    n = 400
    u, v = np.triu_indices(n, 1)
    keep = rng.random(len(u)) < 0.3
    u, v = u[keep], v[keep]
    w = rng.integers(0, 1000, len(u)).astype(float) / 7
    fast = max_weight_matching(n, (u, v, w), seed=3)
    monkeypatch.setattr(matching, "_CERTIFY_MIN_NODES", 10**9)
    assert max_weight_matching(n, (u, v, w), seed=3) == fast


def test_odd_complete_graph_leaves_one_out():
    rng = random.Random(1)
    n = 301
    edges = [(a, b, rng.random()) for a, b in itertools.combinations(range(n), 2)]
    pairs = max_weight_matching(n, edges, seed=1)
    assert len(pairs) == n // 2
    graph = nx.Graph()
    graph.add_weighted_edges_from(edges)
    assert math.isclose(total(edges, pairs), total(edges, _nx_pairs(graph)), rel_tol=1e-12)


def _nx_pairs(graph):
    import rustworkx as rx

    scaled = rx.PyGraph()
    scaled.add_nodes_from(range(graph.number_of_nodes()))
    for a, b, data in graph.edges(data=True):
        scaled.add_edge(a, b, round(data["weight"] * 2**50))
    found = rx.max_weight_matching(scaled, max_cardinality=True, weight_fn=lambda x: x)
    return [(min(a, b), max(a, b)) for a, b in found]


@pytest.mark.parametrize(
    ("edges", "message"),
    [
        ([(0, 0, 1.0)], "self-loop"),
        ([(0, 1, -1.0)], "non-negative"),
        ([(0, 1, float("nan"))], "finite"),
        ([(0, 1, 1.0), (1, 0, 2.0)], "duplicate"),
        ([(0, 5, 1.0)], "node ids"),
    ],
)
def test_bad_edges_are_refused(edges, message):
    with pytest.raises(ValueError, match=message):
        max_weight_matching(3, edges)


def test_weights_with_wide_range_stay_exact():
    # 0.1 and 1e6 need more than 60 bits together: the rounded path still finds the optimum.
    edges = [(0, 1, 1e6), (1, 2, 0.1), (2, 3, 1e6), (0, 3, 0.1 + 1e-9)]
    assert max_weight_matching(4, edges) == [(0, 1), (2, 3)]


def brute_force_assignment(matrix, capacities):
    left, right = matrix.shape
    best = (0, 0.0)
    for choice in itertools.product([None, *range(right)], repeat=left):
        used = [sum(1 for c in choice if c == j) for j in range(right)]
        if any(used[j] > capacities[j] for j in range(right)):
            continue
        if any(c is not None and np.isnan(matrix[i, c]) for i, c in enumerate(choice)):
            continue
        pairs = [(i, c) for i, c in enumerate(choice) if c is not None]
        value = (len(pairs), sum(matrix[i, c] for i, c in pairs))
        best = max(best, value)
    return best


@settings(max_examples=120, deadline=None)
@given(
    left=st.integers(0, 5),
    right=st.integers(1, 3),
    data=st.data(),
)
def test_bipartite_assignment_equals_brute_force(left, right, data):
    cells = data.draw(
        st.lists(
            st.one_of(st.just(float("nan")), st.floats(0, 10, allow_nan=False)),
            min_size=left * right,
            max_size=left * right,
        )
    )
    matrix = np.array(cells, dtype=float).reshape(left, right)
    capacities = data.draw(st.lists(st.integers(0, 3), min_size=right, max_size=right))
    pairs = bipartite_assignment(left, right, capacities, matrix)
    assert len({i for i, _ in pairs}) == len(pairs), "a new hire assigned twice"
    for j in range(right):
        assert sum(1 for _, c in pairs if c == j) <= capacities[j]
    assert all(not np.isnan(matrix[i, j]) for i, j in pairs)
    count, weight = brute_force_assignment(matrix, capacities)
    assert len(pairs) == count
    assert math.isclose(sum(matrix[i, j] for i, j in pairs), weight, rel_tol=1e-9, abs_tol=1e-9)


def reference_integer_weights(w):
    """The per-float definition that matching._integer_weights vectorises: exact integers
    through Python's arbitrary-precision ratios, else the decimals the floats print as,
    else rounding to 60 bits of the maximum."""
    if len(w) == 0 or not any(x > 0 for x in w):
        return [0] * len(w)
    ratios = [x.as_integer_ratio() for x in w]
    denominator = max(d for _, d in ratios)
    ints = [num * (denominator // d) for num, d in ratios]
    common = 0
    for value in ints:
        common = math.gcd(common, value)
    ints = [value // common for value in ints]
    if max(ints).bit_length() <= matching._WEIGHT_BITS:
        return ints
    # Else the decimals they print as, if short and not too large.
    places = max(max(0, -Decimal(repr(x)).as_tuple().exponent) for x in w)
    decimals = [int(Decimal(repr(x)).scaleb(places)) for x in w]
    if places <= matching._DECIMAL_PLACES and max(decimals) < 2**matching._WEIGHT_BITS:
        common = 0
        for value in decimals:
            common = math.gcd(common, value)
        return [value // common for value in decimals]
    scale = 2.0**matching._WEIGHT_BITS / max(w)
    return [round(x * scale) for x in w]


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.floats(min_value=0, allow_nan=False, allow_infinity=False, allow_subnormal=True),
            st.integers(0, 2**40).map(float),
            st.integers(0, 10**6).map(lambda k: k / 1000),
            st.integers(0, 2**20).map(lambda k: k * 3.0 / 1024),
        ),
        max_size=30,
    )
)
def test_vectorised_integer_weights_equal_the_definition(weights):
    # Covers every branch: exact (integers, dyadic grids, common odd factors such as 3),
    # decimal grids like k/1000, and the rounded fallback (wide ranges, subnormals).
    found = matching._integer_weights(np.array(weights, dtype=np.float64)).tolist()
    assert found == reference_integer_weights(weights)


@pytest.mark.parametrize(
    ("weights", "exact"),
    [
        ([3.0, 6.0, 9.0], [1, 2, 3]),
        ([0.0, 0.75, 1.5, 0.0], [0, 1, 2, 0]),
        ([2.0**-1070, 2.0**-1060], [1, 1024]),  # subnormals stay exact
        ([1.0, 2.0**61], None),  # 62 bits: rounded relative to the largest
        ([0.001, 0.002, 1.0], [1, 2, 1000]),  # decimals: in units of the last place
        ([0.1, 1 / 3, 1000.0], None),  # no short decimal, too wide for binary: rounded
        ([0.0, 0.0], [0, 0]),
        ([], []),
    ],
)
def test_integer_weights_fast_path_and_fallback(weights, exact):
    found = matching._integer_weights(np.array(weights, dtype=np.float64)).tolist()
    assert found == reference_integer_weights(weights)
    if exact is not None:
        assert found == exact
    else:
        assert max(found) == 2**matching._WEIGHT_BITS


def test_unsorted_array_input_is_sorted_and_duplicates_found():
    u, v, w = np.array([3, 0, 2]), np.array([1, 1, 0]), np.array([1.0, 2.0, 3.0])
    assert max_weight_matching(4, (u, v, w)) == [(0, 2), (1, 3)]
    with pytest.raises(ValueError, match="duplicate"):
        max_weight_matching(4, (np.array([0, 1, 2]), np.array([1, 0, 3]), np.ones(3)))


@pytest.mark.parametrize("weights", [[1.0, 2.0, 3.0], [0.1, 0.2, 0.3], [2.0**40, 1.0, 5.0]])
def test_keys_equal_shifted_weights_plus_noise(weights):
    # Small integers take the int64 path, 60-bit weights the Python-int path.
    graph = matching._canonical(3, [(0, 1, weights[0]), (1, 2, weights[1]), (0, 2, weights[2])], 5)
    everything = np.arange(3)
    expected = [
        (int(x) << graph.shift) + int(z) for x, z in zip(graph.ints, graph.noise, strict=True)
    ]
    assert graph.keys(everything) == expected
    assert all(0 <= int(z) < 2**matching._NOISE_BITS for z in graph.noise)


@pytest.mark.parametrize("max_cardinality", [True, False])
def test_sparse_certificate_with_tight_slack_agrees_with_direct(monkeypatch, max_cardinality):
    # Sparse graphs leave odd cycles in the relaxation: the pruning threshold then rests on
    # the measured price defects, which must still keep every edge of an optimum.
    rng = np.random.default_rng(11)
    n, m = 1500, 6000
    a, b = rng.integers(0, n, m), rng.integers(0, n, m)
    codes = np.unique(np.minimum(a, b)[a != b] * n + np.maximum(a, b)[a != b])
    u, v = codes // n, codes % n
    w = rng.integers(0, 1_000_000, len(u)) / 1000.0
    fast = max_weight_matching(n, (u, v, w), max_cardinality=max_cardinality, seed=2)
    monkeypatch.setattr(matching, "_CERTIFY_MIN_NODES", 10**9)
    direct = max_weight_matching(n, (u, v, w), max_cardinality=max_cardinality, seed=2)
    assert len(fast) == len(direct)
    edges = list(zip(u.tolist(), v.tolist(), w.tolist(), strict=True))
    assert total(edges, fast) == pytest.approx(total(edges, direct), rel=1e-12)


def proposals(n, seed, weights):
    """Everyone proposes three partners, as in a large round."""
    rng = np.random.default_rng(seed)
    a = np.repeat(np.arange(n), 3)
    b = (a + rng.integers(1, n, len(a))) % n
    codes = np.unique(np.minimum(a, b) * n + np.maximum(a, b))
    u, v = codes // n, codes % n
    return u, v, weights(rng, len(u))


@pytest.mark.parametrize("max_cardinality", [True, False])
@pytest.mark.parametrize("n", [600, 601])
def test_large_components_start_from_the_relaxation_and_stay_exact(monkeypatch, n, max_cardinality):
    # Decimal weights (exact integers in thousandths, some 0); an odd count leaves one
    # person out; without max_cardinality a light edge may be worth leaving out.
    u, v, w = proposals(n, n, lambda rng, m: rng.integers(0, 10_000, m) / 1000)
    started = []
    real = matching._perfect
    monkeypatch.setattr(
        matching, "_perfect", lambda *args: started.append(real(*args)) or started[-1]
    )
    fast = max_weight_matching(n, (u, v, w), seed=4, max_cardinality=max_cardinality)
    assert started
    assert started[0] is not None
    monkeypatch.setattr(matching, "_CERTIFY_MIN_NODES", 10**9)
    direct = max_weight_matching(n, (u, v, w), seed=4, max_cardinality=max_cardinality)
    edges = list(zip(u.tolist(), v.tolist(), w.tolist(), strict=True))
    assert total(edges, fast) == pytest.approx(total(edges, direct), abs=1e-9)
    if max_cardinality:
        assert len(fast) == len(direct) == n // 2


def test_the_seed_decides_among_equal_optima_of_a_large_component():
    u, v, w = proposals(400, 1, lambda rng, m: np.ones(m))
    found = {tuple(max_weight_matching(400, (u, v, w), seed=seed)) for seed in range(4)}
    assert len(found) > 1
    assert all(len(pairs) == 200 for pairs in found)
    order = np.random.default_rng(0).permutation(len(u))
    again = max_weight_matching(400, (v[order], u[order], w[order]), seed=2)
    assert again == max_weight_matching(400, (u, v, w), seed=2)
