"""Which groups of anonymous answers may be shown (no database): k and complementary
suppression, checked against the exact rank of the equations an attacker could solve."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hallway.engine.disclosure import (
    FEWER_THAN_K,
    PROTECTS_SMALLER,
    Group,
    derivable,
    disclose,
)


def tree(departments: dict[str, dict[str, int]]) -> list[Group]:
    """An organisation of departments of teams with the given answer counts."""
    groups = []
    total = 0
    for department, teams in departments.items():
        groups.extend(Group(f"{department}/{team}", department, n) for team, n in teams.items())
        groups.append(Group(department, "org", sum(teams.values())))
        total += sum(teams.values())
    groups.append(Group("org", None, total))
    return groups


def shown(result) -> set[str]:
    return {key for key, decision in result.items() if decision.shown}


def test_a_team_with_four_answers_shows_nothing_at_k_5():
    result = disclose(tree({"eng": {"a": 4, "b": 6, "c": 7}}), k=5)
    assert not result["eng/a"].shown
    assert result["eng/a"].reason == FEWER_THAN_K


def test_teams_of_5_and_3_in_a_department_of_8_hide_the_3_and_the_5():
    result = disclose(tree({"dept": {"five": 5, "three": 3}, "sales": {"x": 9}}), k=5)
    assert result["dept/three"].reason == FEWER_THAN_K
    assert not result["dept/five"].shown
    assert result["dept/five"].reason == PROTECTS_SMALLER
    assert result["dept"].shown
    assert result["org"].shown


def test_the_smallest_shown_sibling_is_the_one_hidden():
    result = disclose(tree({"d": {"a": 2, "b": 9, "c": 6, "e": 12}}), k=5)
    assert shown(result) == {"org", "d", "d/b", "d/e"}
    assert result["d/c"].reason == PROTECTS_SMALLER


def test_a_department_with_one_hidden_team_and_no_other_hides_itself_upwards():
    # "ops" has one team with answers: its count equals the team's, so both are hidden, and
    # then the organisation minus "eng" would give "ops" away: the smaller shown
    # department is hidden too.
    result = disclose(tree({"ops": {"a": 3, "b": 0}, "eng": {"x": 6, "y": 7}, "hr": {"z": 5}}), k=5)
    assert not result["ops"].shown
    assert not result["ops/a"].shown
    assert not result["hr"].shown
    assert result["hr"].reason == PROTECTS_SMALLER
    assert not derivable(
        tree({"ops": {"a": 3, "b": 0}, "eng": {"x": 6, "y": 7}, "hr": {"z": 5}}),
        [key for key, decision in result.items() if not decision.shown],
    )


def test_groups_without_answers_protect_nobody():
    result = disclose(tree({"d": {"a": 3, "empty": 0, "b": 6}}), k=5)
    assert not result["d/b"].shown


def test_everything_hidden_when_the_organisation_is_below_k():
    result = disclose(tree({"d": {"a": 2, "b": 2}}), k=5)
    assert shown(result) == set()


def test_inconsistent_trees_are_refused():
    with pytest.raises(ValueError, match="add up"):
        disclose([Group("org", None, 9), Group("a", "org", 4)], k=5)
    with pytest.raises(ValueError, match="unknown parent"):
        disclose([Group("a", "nowhere", 4)], k=5)
    with pytest.raises(ValueError, match="unique"):
        disclose([Group("a", None, 4), Group("a", None, 4)], k=5)
    with pytest.raises(ValueError, match="k must"):
        disclose([Group("a", None, 4)], k=0)


def determined(groups: list[Group], hidden: set[str]) -> set[str]:
    """The hidden groups (with answers) the equations parent = sum(children) fix, by rank."""
    counts = {g.key: g.count for g in groups}
    unknown = sorted(key for key in hidden if counts[key] > 0)
    if not unknown:
        return set()
    column = {key: i for i, key in enumerate(unknown)}
    rows = []
    for parent in {g.parent for g in groups if g.parent is not None}:
        row = np.zeros(len(unknown))
        if parent in column:
            row[column[parent]] += 1
        for child in (g for g in groups if g.parent == parent):
            if child.key in column:
                row[column[child.key]] -= 1
        if row.any():
            rows.append(row)
    matrix = np.array(rows) if rows else np.zeros((0, len(unknown)))
    rank = np.linalg.matrix_rank(matrix) if rows else 0
    found = set()
    for key, i in column.items():
        unit = np.zeros(len(unknown))
        unit[i] = 1
        if np.linalg.matrix_rank(np.vstack([matrix, unit])) == rank:
            found.add(key)
    return found


team_counts = st.lists(st.integers(0, 12), min_size=1, max_size=5)
organisations = st.dictionaries(
    st.sampled_from(["eng", "ops", "sales", "hr", "other"]), team_counts, min_size=1, max_size=5
)


@settings(max_examples=300, deadline=None)
@given(organisations, st.integers(3, 10))
def test_no_hidden_figure_can_be_worked_out(departments, k):
    groups = tree(
        {dept: {f"t{i}": n for i, n in enumerate(counts)} for dept, counts in departments.items()}
    )
    result = disclose(groups, k=k)
    hidden = {key for key, decision in result.items() if not decision.shown}
    # Primary suppression: nothing below k is shown.
    assert all(result[g.key].shown is False for g in groups if g.count < k)
    # Complementary suppression: the rank of the system fixes no hidden figure.
    assert determined(groups, hidden) == set()
    # The peeling the engine uses agrees with the rank.
    assert not derivable(groups, hidden)
    # Reasons are consistent.
    for g in groups:
        decision = result[g.key]
        if decision.shown:
            assert decision.reason == ""
            assert g.count >= k
        else:
            assert decision.reason in (FEWER_THAN_K, PROTECTS_SMALLER)
            assert (decision.reason == FEWER_THAN_K) == (g.count < k)


@settings(max_examples=200, deadline=None)
@given(organisations, st.integers(3, 10), st.randoms(use_true_random=False))
def test_peeling_finds_exactly_what_the_rank_fixes(departments, k, rng):
    groups = tree(
        {dept: {f"t{i}": n for i, n in enumerate(counts)} for dept, counts in departments.items()}
    )
    hidden = {g.key for g in groups if rng.random() < 0.4}
    assert {key for key, _parent, _others in derivable(groups, hidden)} == determined(
        groups, hidden
    )


@given(organisations, st.integers(3, 10), st.randoms(use_true_random=False))
def test_the_order_of_the_groups_does_not_matter(departments, k, rng):
    groups = tree(
        {dept: {f"t{i}": n for i, n in enumerate(counts)} for dept, counts in departments.items()}
    )
    shuffled = list(groups)
    rng.shuffle(shuffled)
    assert disclose(groups, k=k) == disclose(shuffled, k=k)
