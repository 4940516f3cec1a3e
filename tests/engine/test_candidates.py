"""Large rounds: candidate lists, scoring only some pairs, the relaxation's matching, parts."""

import math
from dataclasses import replace
from datetime import timedelta
from itertools import combinations
from unittest.mock import patch

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hallway.engine import candidates, matching, pairing
from hallway.engine.all_pairs import allowed_pairs
from hallway.engine.candidates import candidate_pairs
from hallway.engine.matching import max_weight_matching
from hallway.engine.model import Participant, PastMeeting, pair_key
from hallway.engine.relaxation import _best_alternation, cycle_cover_matching
from hallway.engine.scoring import ONBOARDING_BONUS, ONBOARDING_FACTOR, History, is_new_hire
from tests.engine import test_pairing
from tests.engine.test_matching import assert_matching, brute_force, graphs, total
from tests.engine.test_pairing import NOW
from tests.engine.test_scoring import TODAY
from tests.engine.test_scoring import rounds as scored_rounds

SHARED_FIXTURE = [HealthCheck.function_scoped_fixture]
# Seeded noise breaks ties in the ranking; a partner better by more than this always wins.
NOISE_MARGIN = 2e-3


def qualities(people, history, rules):
    """The quality of every allowed pair, from the exact weights (no forced pairs here)."""
    new = {p.id: is_new_hire(p, rules=rules, today=TODAY) for p in people}
    found = {}
    for a, b, weight, _ in allowed_pairs(people, rules=rules, history=history, today=TODAY):
        hires = new[a] + new[b]
        found[(a, b)] = (weight - ONBOARDING_BONUS * hires) / ONBOARDING_FACTOR if hires else weight
    return found


@settings(max_examples=60, deadline=None)
@given(scored_rounds(), st.integers(1, 4), st.integers(0, 2**32))
def test_candidates_are_allowed_pairs_holding_everyones_best_partners(data, k, seed):
    people, history, rules = data
    rules = replace(rules, force=frozenset())
    iu, ju = candidate_pairs(people, rules=rules, history=history, today=TODAY, seed=seed, k=k)
    ids = [p.id for p in people]
    got = {(ids[i], ids[j]) for i, j in zip(iu.tolist(), ju.tolist(), strict=True)}
    quality = qualities(people, history, rules)
    assert got <= quality.keys()
    if len(people) < 2:
        return
    # The ranking's price of each partner, as the module computes it; the quality is the
    # exact one above, so this checks the blockwise quality and the selection.
    features = candidates._features(people, rules=rules, history=history, today=TODAY)
    price = dict(zip(ids, (candidates.potential(features, rules) / 2).tolist(), strict=True))
    for person in ids:
        mine = sorted(
            (
                (q - price[pair[1] if pair[0] == person else pair[0]], pair)
                for pair, q in quality.items()
                if person in pair
            ),
            key=lambda item: item[0],
            reverse=True,
        )
        if not mine:
            continue
        kth = mine[min(k, len(mine)) - 1][0]
        assert {pair for q, pair in mine if q > kth + NOISE_MARGIN} <= got
        assert sum(person in pair for pair in got) >= min(k, len(mine))


def dense_candidates(people, history, rules, *, seed, k):
    """The reference: every pair ranked at once, each row's `k` best (ties: the lower index),
    and the forced pairs."""
    f = candidates._features(people, rules=rules, history=history, today=TODAY)
    price = candidates.potential(f, rules) / 2
    everyone = np.arange(len(people))
    values = candidates._class_values(f, everyone, everyone, rules=rules, price=price)
    salt = candidates._salt(seed, len(people))
    ranking = candidates._ranking(f, everyone, everyone, values, rules=rules, salt=salt)
    pairs = set(f.forced)
    for i, row in enumerate(ranking.tolist()):
        best = sorted((-value, j) for j, value in enumerate(row) if value > -math.inf)[:k]
        pairs.update((min(i, j), max(i, j)) for _, j in best)
    return pairs


def fast_candidates(people, history, rules, *, seed, k, first_look, block_cells):
    """candidate_pairs with small first looks and blocks, so that small rounds take every
    path: several blocks per class, several chunks per block."""
    with (
        patch.object(candidates, "_FIRST_LOOK", first_look),
        patch.object(candidates, "_BLOCK_CELLS", block_cells),
    ):
        iu, ju = candidate_pairs(people, rules=rules, history=history, today=TODAY, seed=seed, k=k)
    return set(zip(iu.tolist(), ju.tolist(), strict=True))


@settings(max_examples=100, deadline=None)
@given(
    scored_rounds(),
    st.integers(1, 4),
    st.integers(0, 2**32),
    st.sampled_from([1, 2, 512]),
    st.sampled_from([1, 20, 1 << 21]),
)
def test_candidates_are_the_best_of_the_dense_ranking_of_every_pair(
    data, k, seed, first_look, block_cells
):
    people, history, rules = data
    found = fast_candidates(
        people, history, rules, seed=seed, k=k, first_look=first_look, block_cells=block_cells
    )
    expected = (
        dense_candidates(people, history, rules, seed=seed, k=k) if len(people) > 1 else set()
    )
    assert found == expected


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_candidates_of_a_crowd_with_many_ties_are_the_best_of_the_dense_ranking(seed):
    rng = np.random.default_rng(seed)
    people = [
        Participant(
            id=f"p{i:03d}",
            team=f"t{rng.integers(12)}",
            department=("", "d1", "d2")[rng.integers(3)],
            location=("Berlin", "Lisbon")[rng.integers(2)],
            timezone=("Europe/Berlin", "Europe/Lisbon")[rng.integers(2)],
            languages=frozenset({"en"}),
            interests=frozenset(f"i{t}" for t in rng.choice(6, rng.integers(0, 4), replace=False)),
            manager=f"p{rng.integers(300):03d}",
        )
        for i in range(300)
    ]
    ids = [p.id for p in people]
    meetings = [
        PastMeeting(
            frozenset(rng.choice(ids, 2, replace=False).tolist()), TODAY - timedelta(days=days)
        )
        for days in rng.integers(1, 400, 600).tolist()
    ]
    history = History.from_meetings(meetings)
    rules = pairing.Rules(min_overlap_minutes=60, require_shared_language=True)
    found = fast_candidates(people, history, rules, seed=seed, k=5, first_look=8, block_cells=3000)
    assert found == dense_candidates(people, history, rules, seed=seed, k=5)


def test_forced_pairs_are_always_candidates():
    people = [Participant(id=f"p{i}", team="same", languages=frozenset({"en"})) for i in range(9)]
    people.append(Participant(id="far", team="same", languages=frozenset({"pt"})))
    rules = replace(
        pairing.Rules(require_shared_language=True), force=frozenset({pair_key("p0", "far")})
    )
    iu, ju = candidate_pairs(people, rules=rules, history=History({}), today=TODAY, seed=1, k=1)
    assert (0, 9) in set(zip(iu.tolist(), ju.tolist(), strict=True))


@settings(max_examples=50, deadline=None)
@given(scored_rounds(), st.data())
def test_scoring_some_pairs_equals_scoring_all_of_them_restricted(data, draw):
    people, history, rules = data
    n = len(people)
    pairs = list(combinations(range(n), 2))
    chosen = draw.draw(st.lists(st.sampled_from(pairs), max_size=20)) if pairs else []
    among = (np.array([j for _, j in chosen] or [0]), np.array([i for i, _ in chosen] or [0]))
    every = allowed_pairs(people, rules=rules, history=history, today=TODAY)
    some = allowed_pairs(people, rules=rules, history=history, today=TODAY, among=among)
    wanted = {(people[i].id, people[j].id) for i, j in chosen}
    assert some == [pair for pair in every if (pair[0], pair[1]) in wanted]


@pytest.fixture
def rounded(monkeypatch):
    """Every component goes through the relaxation and its repair, however small."""
    monkeypatch.setattr(matching, "_BLOSSOM_MAX_NODES", 3)


@settings(max_examples=80, deadline=None, suppress_health_check=SHARED_FIXTURE)
@given(graph=graphs(max_n=10), seed=st.integers(0, 2**32))
def test_matching_from_the_relaxation_is_a_valid_matching_never_above_the_optimum(
    rounded, graph, seed
):
    n, edges = graph
    pairs = max_weight_matching(n, edges, max_cardinality=True, seed=seed, exact=False)
    assert_matching(n, edges, pairs)
    count, weight = brute_force(n, edges, max_cardinality=True)
    assert len(pairs) <= count
    if len(pairs) == count:
        assert total(edges, pairs) <= weight + 1e-9
    assert pairs == max_weight_matching(n, edges, max_cardinality=True, seed=seed, exact=False)


@settings(max_examples=40, deadline=None, suppress_health_check=SHARED_FIXTURE)
@given(n=st.integers(4, 40), seed=st.integers(0, 2**32))
def test_matching_from_the_relaxation_pairs_everyone_of_a_complete_graph(rounded, n, seed):
    rng = np.random.default_rng(seed)
    edges = [(a, b, float(rng.integers(1, 5))) for a, b in combinations(range(n), 2)]
    pairs = max_weight_matching(n, edges, max_cardinality=True, seed=seed, exact=False)
    assert len(pairs) == n // 2
    optimum = max_weight_matching(n, edges, max_cardinality=True, seed=seed)
    assert total(edges, pairs) >= 0.9 * total(edges, optimum)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.floats(0, 100), min_size=3, max_size=15))
def test_best_alternation_equals_trying_every_offset(links):
    length = len(links)

    def alternation(offset):
        return sum(links[(offset + 2 * i) % length] for i in range(length // 2))

    offsets = range(length if length % 2 else 2)
    best = max(alternation(o) for o in offsets)
    assert alternation(_best_alternation(np.array(links))) == pytest.approx(best)


def test_cycle_cover_matching_reads_pairs_and_the_better_half_of_each_cycle():
    # 0<->1 a pair; 2->3->4->2 a triangle; 5->6->7->8->5 a square.
    sigma = np.array([1, 0, 3, 4, 2, 6, 7, 8, 5])
    link = np.array([5.0, 5.0, 1.0, 9.0, 2.0, 1.0, 4.0, 1.0, 4.0])
    pairs, weight = cycle_cover_matching(sigma, link)
    assert sorted(pairs) == [(0, 1), (3, 4), (5, 8), (6, 7)]
    assert weight == 5.0 + 9.0 + 8.0


@pytest.fixture
def in_parts(monkeypatch):
    """Rounds of more than five people are planned from candidates, in parts of seven."""
    monkeypatch.setattr(pairing, "FULL_GRAPH_LIMIT", 5)
    monkeypatch.setattr(pairing, "PART_SIZE", 7)
    monkeypatch.setattr(matching, "_BLOSSOM_MAX_NODES", 4)


def test_plans_in_parts_keep_every_rule_and_place_everyone_once(in_parts):
    test_pairing.test_every_group_is_allowed_and_everyone_appears_once()


def test_plans_in_parts_are_deterministic_and_independent_of_input_order(in_parts):
    test_pairing.test_deterministic_for_a_seed_and_independent_of_input_order()


def test_plans_in_parts_pair_a_realistic_crowd_completely(in_parts, monkeypatch):
    monkeypatch.setattr(pairing, "FULL_GRAPH_LIMIT", 40)
    monkeypatch.setattr(pairing, "PART_SIZE", 60)
    people = [
        Participant(
            id=f"p{i:03d}",
            team=f"t{i % 17}",
            department=f"d{i % 5}",
            location=("Berlin", "Amsterdam", "São Paulo")[i % 3],
            timezone=("Europe/Berlin", "Europe/Amsterdam", "America/Sao_Paulo")[i % 3],
            languages=frozenset({"en"}),
            interests=frozenset({f"i{i % 7}", f"i{i % 11}"}),
        )
        for i in range(200)
    ]
    result = pairing.plan_round(
        people, history=[], rules=pairing.Rules(), today=TODAY, now=NOW, seed=3
    )
    assert not result.unmatched
    assert sorted(m for g in result.groups for m in g.members) == [p.id for p in people]
