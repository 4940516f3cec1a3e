"""The grouping engine's properties: everyone placed once, sizes, fixed roles, repeats."""

import random
from collections import Counter
from itertools import combinations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hallway.engine.grouping import (
    GroupingError,
    GroupingRules,
    MixWeights,
    plan_groups,
    plan_numbered,
    room_sizes,
)
from hallway.engine.model import Participant, PastMeeting

DEPARTMENTS = ("sales", "eng", "ops", "hr")


@st.composite
def events(draw):
    n = draw(st.integers(min_value=4, max_value=24))
    size = draw(st.integers(min_value=2, max_value=min(6, n)))
    rooms = len(room_sizes(n, GroupingRules(rounds=1, size=size)))
    rounds = draw(st.integers(min_value=1, max_value=min(5, rooms)))
    people = [
        Participant(id=f"p{i:02d}", department=draw(st.sampled_from(DEPARTMENTS))) for i in range(n)
    ]
    ids = [p.id for p in people]
    rnd = random.Random(draw(st.integers(0, 1000)))
    rnd.shuffle(ids)
    hosts = tuple(ids[: draw(st.integers(0, min(2, rooms)))])
    rest = ids[len(hosts) :]
    roaming = tuple(rest[: draw(st.integers(0, 1 if rooms >= rounds else 0))])
    rest = rest[len(roaming) :]
    together = ()
    smallest = n // rooms
    if smallest >= 3 and len(rest) >= 4 and draw(st.booleans()):
        together = (frozenset(rest[:2]),)
        rest = rest[2:]
    forbid = frozenset()
    if len(rest) >= 4 and rooms >= 2 and draw(st.booleans()):
        forbid = frozenset({frozenset(rest[-2:])})
    history = (
        PastMeeting(people=frozenset(ids[:2]), date=__import__("datetime").date(2025, 1, 1)),
    )
    rules = GroupingRules(
        rounds=rounds,
        size=size,
        hosts=hosts,
        roaming=roaming,
        together=together,
        forbid=forbid,
        mix=MixWeights(different_department=draw(st.sampled_from((0.0, 1.0)))),
    )
    return people, rules, history, draw(st.integers(0, 5))


def count_repeats(rounds, history):
    seen = Counter()
    for meeting in history:
        for a, b in combinations(sorted(meeting.people), 2):
            seen[a, b] += 1
    repeats = 0
    for groups in rounds:
        for room in groups:
            for pair in combinations(sorted(room.members), 2):
                repeats += seen[pair] > 0
        for room in groups:
            for pair in combinations(sorted(room.members), 2):
                seen[pair] += 1
    return repeats


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(events())
def test_plans_keep_every_rule(event):
    people, rules, history, seed = event
    plan = plan_groups(people, rules=rules, history=history, seed=seed, max_iterations=100)
    ids = sorted(p.id for p in people)
    assert len(plan.rounds) == rules.rounds
    visited = {pid: set() for pid in rules.roaming}
    for groups in plan.rounds:
        # Everyone exactly once per round, roaming guests included.
        assert sorted(pid for room in groups for pid in room.members) == ids
        sizes = [len(room.members) for room in groups]
        assert max(sizes) - min(sizes) <= 1
        assert max(sizes) <= rules.size or (rules.size == 2 and max(sizes) == 3)
        assert min(sizes) >= 2
        for k, room in enumerate(groups):
            for pair in combinations(room.members, 2):
                assert frozenset(pair) not in rules.forbid
            if k < len(rules.hosts):
                assert rules.hosts[k] in room.members
                assert f"host:{rules.hosts[k]}" in room.reasons
            for pid in rules.roaming:
                if pid in room.members:
                    assert k not in visited[pid]
                    visited[pid].add(k)
        for unit in rules.together:
            assert any(unit <= set(room.members) for room in groups)
    if not rules.together:
        assert plan.total_repeats == count_repeats(plan.rounds, history)
    again = plan_groups(people, rules=rules, history=history, seed=seed, max_iterations=100)
    assert again == plan
    shuffled = list(reversed(people))
    assert (
        plan_groups(shuffled, rules=rules, history=history, seed=seed, max_iterations=100) == plan
    )


def test_repeat_free_prefix_and_counts_are_reported():
    plan = plan_numbered(9, 3, 5, max_iterations=500)  # AG(2, 3) has 4 rounds; the 5th repeats
    assert plan.repeat_free_rounds == 4
    assert plan.total_repeats == 9  # everyone met everyone: each pair of round 5 repeats
    assert plan.max_pair_meetings == 2
    assert plan.method.startswith("affine_geometry_AG(2,3)")


def test_search_reaches_a_repeat_free_plan_without_a_construction():
    plan = plan_numbered(30, 5, 4, seed=1, max_iterations=3000)
    assert plan.method == "search"
    assert plan.repeat_free_rounds == 4
    assert plan.total_repeats == 0


def test_relabelling_mixes_departments():
    people = [Participant(id=f"p{i:02d}", department=f"d{i // 5}") for i in range(25)]
    plan = plan_groups(people, rules=GroupingRules(rounds=3, size=5), max_iterations=200)
    assert plan.method == "affine_geometry_AG(2,5)"
    for groups in plan.rounds:
        for room in groups:
            assert "departments:5" in room.reasons


def test_replan_keeps_held_rounds_and_avoids_them():
    people = [Participant(id=f"p{i:02d}") for i in range(30)]
    rules = GroupingRules(rounds=4, size=5)
    first = plan_groups(people, rules=rules, max_iterations=500)
    held = [[room.members for room in rooms] for rooms in first.rounds[:2]]
    present = [*people[:-4], Participant(id="late")]
    plan = plan_groups(present, rules=rules, held=held, max_iterations=500)
    assert [[room.members for room in rooms] for rooms in plan.rounds[:2]] == held
    assert all(room.reasons == ("held",) for room in plan.rounds[0])
    assert plan.held_rounds == 2
    assert plan.total_repeats == 0


def test_history_counts_as_met_before():
    people = [Participant(id=x) for x in "abcd"]
    history = [PastMeeting(people=frozenset("ab"), date=__import__("datetime").date(2025, 1, 1))]
    plan = plan_groups(
        people, rules=GroupingRules(rounds=3, size=2), history=history, max_iterations=200
    )
    # Three rounds of pairs of four people: every pair meets once, so a and b meet again.
    assert plan.total_repeats == 1
    assert plan.repeat_free_rounds in (0, 1, 2)


@pytest.mark.parametrize(
    ("rules", "message"),
    [
        (GroupingRules(rounds=2, size=9), "size: 9 is larger"),
        (GroupingRules(rounds=0, size=2), "rounds: expected at least 1"),
        (GroupingRules(rounds=2, size=2, hosts=("zed",)), "hosts[0]: unknown id 'zed'"),
        (GroupingRules(rounds=2, size=2, roaming=("zed",)), "roaming[0]: unknown id"),
        (GroupingRules(rounds=5, size=2, roaming=("a",)), "roaming: 5 rounds but only 4 rooms"),
        (
            GroupingRules(rounds=2, size=2, together=(frozenset({"a", "zed"}),)),
            "together[0][1]: unknown id",
        ),
        (
            GroupingRules(rounds=2, size=2, forbid=frozenset({frozenset({"a", "zed"})})),
            "forbid[0]",
        ),
        (
            GroupingRules(rounds=2, size=2, together=(frozenset("abc"),)),
            "together[0]: 3 people do not fit",
        ),
    ],
)
def test_bad_rules_name_the_field(rules, message):
    people = [Participant(id=x) for x in "abcdefgh"]
    with pytest.raises(GroupingError) as caught:
        plan_groups(people, rules=rules)
    assert str(caught.value).startswith(message.split(":")[0])
    assert message in str(caught.value)
