"""Which groups' figures may be shown without giving anyone's answer away.

Anonymous answers are reported per group, and the groups form a tree: the organisation,
its departments, their teams (people without a department or team make an "other" group
of their own, so every answer sits in exactly one leaf). A group is shown only when at
least `k` people answered (*primary suppression*). That alone is not enough: when a
department is shown and exactly one of its teams is hidden, the hidden team's count and
sum are the department's minus its shown teams'. So more groups are hidden until no
hidden figure can be worked out from the shown ones (*complementary suppression*): the
smallest shown sibling of a group that could be derived is hidden too ("to protect a
smaller group"), or the parent when there is no sibling left to hide, repeatedly.

"Worked out" is exact linear algebra: each parent's figure (a count, a sum, any additive
figure) is the sum of its children's, so the hidden figures are unknowns of a system of
equations, one per parent. A hidden group is derivable when that system determines it.
For a tree this is found by peeling (solve every equation with a single unknown, repeat);
the tests check the result against the rank of the system.

A group with no answers has nothing to protect and protects nothing: its figure, zero, is
taken as known to everyone (its members know they did not answer).

This module is pure: no Django, no database, no clock.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

#: Reasons a group is hidden.
FEWER_THAN_K = "fewer_than_k"
PROTECTS_SMALLER = "protects_smaller"


@dataclass(frozen=True)
class Group:
    """One group of the tree: a unique `key`, its `parent`'s key (None for the root) and
    how many people answered in it. A parent's count is the sum of its children's."""

    key: str
    parent: str | None
    count: int


@dataclass(frozen=True)
class Disclosure:
    """Whether a group's figures may be shown; `reason` says why not ("" when shown)."""

    key: str
    shown: bool
    reason: str


def _children(groups: Sequence[Group]) -> dict[str, list[Group]]:
    children: dict[str, list[Group]] = defaultdict(list)
    for group in groups:
        if group.parent is not None:
            children[group.parent].append(group)
    return children


def _check(groups: Sequence[Group], k: int) -> None:
    if k < 1:
        raise ValueError("k must be at least 1")
    keys = {group.key for group in groups}
    if len(keys) != len(groups):
        raise ValueError("group keys must be unique")
    for group in groups:
        if group.count < 0:
            raise ValueError(f"group {group.key!r} has a negative count")
        if group.parent is not None and group.parent not in keys:
            raise ValueError(f"group {group.key!r} has an unknown parent {group.parent!r}")
    by_key = {group.key: group for group in groups}
    for parent, children in _children(groups).items():
        if sum(child.count for child in children) != by_key[parent].count:
            raise ValueError(f"the children of {parent!r} do not add up to its count")
    for group in groups:  # a cycle would never reach a root
        seen: set[str] = set()
        cursor: str | None = group.key
        while cursor is not None:
            if cursor in seen:
                raise ValueError(f"group {group.key!r} is part of a cycle")
            seen.add(cursor)
            cursor = by_key[cursor].parent


def _equations(groups: Sequence[Group]) -> list[tuple[str, list[str]]]:
    """One equation per parent: (parent, children), meaning parent = sum(children)."""
    children = _children(groups)
    return [
        (group.key, [c.key for c in children[group.key]])
        for group in groups
        if group.key in children
    ]


def derivable(groups: Sequence[Group], hidden: Iterable[str]) -> list[tuple[str, str, list[str]]]:
    """The hidden groups (with answers) whose figures follow from the shown ones, in the
    order they are found: (derived group, the parent of the equation that gave it away,
    the other groups of that equation). Groups without answers count as known."""
    counts = {group.key: group.count for group in groups}
    unknown = {key for key in hidden if counts[key] > 0}
    found: list[tuple[str, str, list[str]]] = []
    equations = _equations(groups)
    progress = True
    while progress and unknown:
        progress = False
        for parent, children in equations:
            members = [parent, *children]
            missing = [member for member in members if member in unknown]
            if len(missing) == 1:
                key = missing[0]
                unknown.discard(key)
                found.append((key, parent, [m for m in members if m != key]))
                progress = True
    return found


def _cover(
    key: str, parent: str, others: list[str], counts: dict[str, int], hidden: set[str]
) -> str | None:
    """The group to hide so that `key` can no longer be derived from its equation: the
    smallest shown sibling (or child, when `key` is the parent), else the parent."""
    candidates = [
        other for other in others if other != parent and other not in hidden and counts[other] > 0
    ]
    if candidates:
        return min(candidates, key=lambda other: (counts[other], other))
    if parent != key and parent not in hidden:
        return parent
    return None


def disclose(groups: Sequence[Group], *, k: int) -> dict[str, Disclosure]:
    """Decide for every group whether its figures may be shown.

    A group is shown when at least `k` people answered in it and no hidden group's figure
    could be worked out from the shown groups (as a parent minus the sum of its shown
    children, or a parent as the sum of its children, along any chain of such steps).
    Hidden groups get the reason `FEWER_THAN_K` or `PROTECTS_SMALLER`. Deterministic: the
    same groups give the same answer whatever their order.

    Raises ValueError when keys repeat, a parent is unknown, the tree has a cycle, a count
    is negative, or a parent's count is not the sum of its children's.
    """
    groups = sorted(groups, key=lambda group: group.key)
    _check(groups, k)
    counts = {group.key: group.count for group in groups}
    reasons = {group.key: FEWER_THAN_K for group in groups if group.count < k}
    while True:
        leaks = derivable(groups, reasons)
        if not leaks:
            break
        key, parent, others = leaks[0]
        cover = _cover(key, parent, others, counts, set(reasons))
        if cover is None:  # cannot happen in a consistent tree; never loop forever
            raise ValueError(f"no group can protect {key!r}")
        reasons[cover] = PROTECTS_SMALLER
    return {
        group.key: Disclosure(group.key, group.key not in reasons, reasons.get(group.key, ""))
        for group in groups
    }
