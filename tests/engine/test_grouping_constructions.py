"""Finite fields and the classical designs: field axioms, repeat-free rounds, the bounds."""

from itertools import product

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hallway.engine.finite_fields import galois_field, prime_power
from hallway.engine.golf_constructions import (
    affine_lines,
    best_construction,
    circle_method,
    pair_meetings,
    transversal_plus_one,
)

FIELDS = (2, 3, 4, 5, 7, 8, 9, 16, 25, 27)


def assert_schedule(schedule, n, s):
    for groups in schedule:
        assert sorted(p for g in groups for p in g) == list(range(n))
        assert {len(g) for g in groups} == {s}
    assert max(pair_meetings(schedule).values()) == 1


@pytest.mark.parametrize("q", FIELDS)
def test_tables_satisfy_the_field_axioms(q):
    field = galois_field(q)
    add, mul = field.add, field.mul
    elements = range(q)
    for a, b in product(elements, elements):
        assert add[a, b] == add[b, a]
        assert mul[a, b] == mul[b, a]
        if a and b:
            assert mul[a, b] != 0  # no zero divisors
    for a, b, c in product(elements, elements, elements):
        assert add[add[a, b], c] == add[a, add[b, c]]
        assert mul[mul[a, b], c] == mul[a, mul[b, c]]
        assert mul[a, add[b, c]] == add[mul[a, b], mul[a, c]]
    for a in elements:
        assert add[a, 0] == a
        assert mul[a, 1] == a
        assert add[a, field.neg[a]] == 0
        if a:
            assert mul[a, field.inv[a]] == 1


def test_prime_powers_and_no_field_otherwise():
    assert prime_power(9) == (3, 2)
    assert prime_power(8) == (2, 3)
    assert prime_power(7) == (7, 1)
    assert prime_power(6) is None
    assert prime_power(1) is None
    with pytest.raises(ValueError, match="not a prime power"):
        galois_field(6)


@pytest.mark.parametrize(("q", "d"), [(2, 3), (3, 2), (3, 3), (4, 2), (5, 2), (8, 2), (9, 2)])
def test_affine_parallel_classes_are_repeat_free_and_reach_the_bound(q, d):
    schedule = affine_lines(q, d)
    assert len(schedule) == (q**d - 1) // (q - 1)
    assert_schedule(schedule, q**d, q)
    # Every pair meets exactly once: the bound is reached.
    assert len(pair_meetings(schedule)) == q**d * (q**d - 1) // 2


@settings(max_examples=15, deadline=None)
@given(st.integers(min_value=1, max_value=20))
def test_circle_method_meets_everyone_once(half):
    schedule = circle_method(2 * half)
    assert len(schedule) == 2 * half - 1
    assert_schedule(schedule, 2 * half, 2)


@pytest.mark.parametrize(
    ("n", "s", "rounds"),
    [
        (15, 3, 7),
        (18, 3, 8),
        (24, 4, 7),
        (28, 4, 9),
        (16, 4, 5),
        (25, 5, 6),
        (49, 7, 8),
        (64, 8, 9),
        (36, 6, 3),
        (100, 5, 18),
        (300, 6, 48),
        (20, 4, 5),
        (32, 4, 10),
    ],
)
def test_best_construction(n, s, rounds):
    found = best_construction(n, s)
    assert found is not None
    assert len(found.schedule) == rounds
    assert_schedule(found.schedule, n, s)


def test_transversal_plus_one_gives_q_minus_one_rounds():
    assert_schedule(transversal_plus_one(5, 11), 5 * 12, 5)
    assert len(transversal_plus_one(5, 11)) == 10


def test_no_construction_for_uneven_sizes():
    assert best_construction(17, 4) is None
