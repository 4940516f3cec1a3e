"""The exact-cover search under a cyclic symmetry: 8-4-10 complete and repeat-free."""

from itertools import combinations

import pytest

from hallway.engine.golf_constructions import best_construction, pair_meetings
from hallway.engine.golf_symmetric import (
    MODELS,
    CyclicModel,
    _search,
    is_repeat_free,
    symmetric_schedule,
)
from hallway.engine.grouping import plan_numbered


def assert_complete(schedule, points, size, rounds):
    assert len(schedule) == rounds
    for groups in schedule:
        assert sorted(p for group in groups for p in group) == list(range(points))
        assert {len(group) for group in groups} == {size}
    meetings = pair_meetings(schedule)
    assert max(meetings.values()) == 1
    assert len(meetings) == rounds * (points // size) * size * (size - 1) // 2


def test_32_golfers_in_fours_for_10_rounds():
    schedule = symmetric_schedule(MODELS[32, 4])
    assert_complete(schedule, 32, 4, 10)
    assert is_repeat_free(schedule, 32, 4)
    # 30 of the 31 others met: the pairs never met are {x, x + 4} on each ring of 8.
    never = set(combinations(range(32), 2)) - set(pair_meetings(schedule))
    assert never == {(8 * c + x, 8 * c + x + 4) for c in range(4) for x in range(4)}


def test_the_search_is_deterministic():
    first = symmetric_schedule(MODELS[32, 4])
    _search.cache_clear()
    assert symmetric_schedule(MODELS[32, 4]) == first
    # The cached result is copied: changing it changes no later answer.
    first[0][0][0] = -1
    assert symmetric_schedule(MODELS[32, 4])[0][0][0] != -1


def test_best_construction_and_the_engine_reach_10_rounds():
    found = best_construction(32, 4)
    assert found is not None
    assert found.name == "cyclic_exact_cover_32_4"
    assert_complete(found.schedule, 32, 4, 10)
    plan = plan_numbered(32, 4, 10)
    assert plan.repeat_free_rounds == 10
    assert plan.total_repeats == 0
    assert plan.method == "cyclic_exact_cover_32_4"


@pytest.mark.parametrize(
    ("model", "rounds"),
    [
        # Kirkman's schoolgirls (5-3-7): Z_7 on two rings of 7 plus a fixed point.
        (CyclicModel(modulus=7, rings=(7, 7, 1), size=3, steps=(7,)), 7),
        # The resolvable 2-(28, 4, 1) design (7-4-9): Z_9 on three rings plus a fixed point.
        (CyclicModel(modulus=9, rings=(9, 9, 9, 1), size=4, steps=(9,)), 9),
        # AG(2, 4) (4-4-5): Z_15 on a ring of 15 plus a fixed point, one base round of step
        # 5, so blocks fixed by the shift by 5 ({oo, x, x + 5, x + 10}).
        (CyclicModel(modulus=15, rings=(15, 1), size=4, steps=(5,)), 5),
    ],
)
def test_other_models(model, rounds):
    assert model.rounds == rounds
    assert_complete(symmetric_schedule(model), model.points, model.size, rounds)


def test_no_schedule_when_the_model_has_none_or_the_budget_runs_out():
    # Both fixed points would meet ring a in a round of step 5 whose development covers
    # the orbit of the pairs {x, x + 5} of that ring: twice.
    assert symmetric_schedule(CyclicModel(15, (15, 15, 1, 1), 4, (5, 5))) == []
    assert symmetric_schedule(MODELS[32, 4], node_limit=10) == []


@pytest.mark.parametrize(
    ("modulus", "rings", "size", "steps"),
    [(8, (8, 3), 4, (8,)), (8, (8, 8), 4, (3,)), (8, (8, 8), 5, (8,)), (8, (8, 8), 1, (8,))],
)
def test_invalid_models(modulus, rings, size, steps):
    with pytest.raises(ValueError, match="must"):
        CyclicModel(modulus, rings, size, steps)


def test_is_repeat_free_rejects_bad_schedules():
    assert is_repeat_free([[[0, 1], [2, 3]], [[0, 2], [1, 3]]], 4, 2)
    assert not is_repeat_free([[[0, 1], [2, 3]], [[0, 1], [2, 3]]], 4, 2)  # a pair twice
    assert not is_repeat_free([[[0, 1], [1, 3]]], 4, 2)  # not a partition
    assert not is_repeat_free([[[0, 1, 2], [3]]], 4, 2)  # wrong group size


def test_a_plan_of_a_few_rounds_does_not_wait_for_the_search(monkeypatch):
    from hallway.engine import golf_constructions

    searched = []
    monkeypatch.setattr(
        golf_constructions, "symmetric_schedule", lambda model: searched.append(model) or []
    )
    found = best_construction(32, 4, enough=8)  # the transversal design TD(4, 8) has 8
    assert found is not None
    assert len(found.schedule) == 8
    assert searched == []
    assert plan_numbered(32, 4, 4).method != "cyclic_exact_cover_32_4"
    assert searched == []
