"""Several rounds of groups (breakout rooms, tables) in which everyone meets someone new.

``plan_groups`` splits the participants into rooms for each round. Rooms have the group
size (or the largest size within min/max) and sizes differ by at most one. In order:

1. a forbidden pair never shares a room (``GroupingError`` when that is impossible);
2. as few repeated encounters as possible, counting the history (earlier events, coffee
   dates) and the rounds already held; a pair meeting for the c-th time costs (c - 1)**2,
   so unavoidable repeats are spread out; the leading rounds are kept repeat-free;
3. the mix, as weights per pair sharing a room (``MixWeights``): diversity (different
   team / department / location / seniority) or similarity (shared interests).

Fixed roles: ``hosts[i]`` stays in room i every round; each roaming guest visits a
different room every round and never the same room twice (rooms counted over the held
rounds too); each ``together`` set shares a room every round (their meetings with each
other are never counted as repeats).

Live re-plan: pass the rounds already held as ``held`` (people who left may appear in
them) and the people present now as ``participants``; the held rounds are kept as they
are and the remaining rounds are planned around them.

Method: where a classical design reaches more rounds without repeats
(``golf_constructions.best_construction``: circle method, affine geometries over GF(q),
Latin squares, transversal designs, 1-rotational designs, an exact-cover search under a
cyclic symmetry in ``golf_symmetric.py``) and there are no hosts, roaming guests or
together sets, its points are mapped onto the people by a relabelling that minimises the
mix (and past meetings); the tabu search of ``group_search.py`` then plans any further
rounds and polishes the mix without giving up a repeat-free round. Otherwise the search
plans everything.

Reason codes of a room (stable, lowercase, with an optional ``:<value>``), in this order:

* ``held``: a round that was already held (no other codes).
* ``host:<id>``: the room's host.
* ``roaming:<id>``: a roaming guest visiting this round.
* ``together:<id>+<id>...``: a set that stays together.
* ``all_new``: no two members met before (history or earlier rounds); otherwise
  ``met_before:<n>``, the number of pairs meeting again (pairs of a together set excluded).
* ``teams:<k>``, ``departments:<k>``, ``locations:<k>``, ``seniorities:<k>``: the number
  of different known values in the room, for each attribute whose mix weight is not 0
  (absent when nobody in the room has a value).
* ``shared_interest:<tag>``: the interest most members share (at least two; ties
  alphabetically), when ``shared_interest`` > 0.
* ``smaller_room``: the room has one person fewer than the largest rooms.

Deterministic: the plan depends on the participants (not their order), the rules, the
seed and the iteration budget; ``progress`` (the share of the caller's time budget used)
may stop the search earlier. The engine reads no clock.
"""

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import linear_sum_assignment

from hallway.engine.golf_constructions import Schedule, best_construction
from hallway.engine.group_mix import MixWeights, mix_matrix, relabel, unweighted_schedule
from hallway.engine.group_search import FORBIDDEN, REPEAT, SearchProblem, search
from hallway.engine.model import PairKey, Participant, PastMeeting


class GroupingError(ValueError):
    """The rules cannot be met; the message starts with the field at fault."""


@dataclass(frozen=True)
class GroupingRules:
    """How to split people into rooms, for how many rounds, with which fixed roles."""

    rounds: int
    size: int | None = None
    min_size: int | None = None
    max_size: int | None = None
    hosts: tuple[str, ...] = ()
    roaming: tuple[str, ...] = ()
    together: tuple[frozenset[str], ...] = ()
    forbid: frozenset[PairKey] = frozenset()
    mix: MixWeights = field(default_factory=MixWeights)


@dataclass(frozen=True)
class Room:
    """The people of one room in one round (sorted), with reason codes."""

    members: tuple[str, ...]
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class GroupPlan:
    """The rounds (held ones first), how repeat-free they are, and how they were made."""

    rounds: tuple[tuple[Room, ...], ...]
    repeat_free_rounds: int
    total_repeats: int
    max_pair_meetings: int
    method: str
    held_rounds: int = 0


def room_sizes(people: int, rules: GroupingRules) -> list[int]:
    """The capacity of each room: as large as allowed, sizes differing by at most one.

    With ``size`` no room is larger than it, except that nobody is ever alone in a room
    (five people in pairs make a pair and a trio)."""
    if rules.size is not None:
        if rules.size < 2:
            raise GroupingError(f"size: expected at least 2, got {rules.size}")
        if rules.size > people:
            raise GroupingError(
                f"size: {rules.size} is larger than the number of participants ({people})"
            )
        rooms = -(-people // rules.size)
        if people // rooms < 2:
            rooms = people // rules.size  # pairs of an odd head-count: one trio, nobody alone
    else:
        low = rules.min_size if rules.min_size is not None else 2
        high = rules.max_size if rules.max_size is not None else max(low, 5)
        if low < 2 or high < low:
            raise GroupingError(f"min_size: expected 2 <= min_size <= max_size, got {low}..{high}")
        if low > people:
            raise GroupingError(
                f"min_size: {low} is larger than the number of participants ({people})"
            )
        rooms = -(-people // high)
        if people // rooms < low:
            raise GroupingError(
                f"min_size: {people} participants cannot be split into rooms of {low} to {high}"
            )
    base, extra = divmod(people, rooms)
    return [base + 1] * extra + [base] * (rooms - extra)


def _check_ids(ids: set[str], values: Iterable[str], path: str) -> None:
    for i, pid in enumerate(values):
        if pid not in ids:
            raise GroupingError(f"{path}[{i}]: unknown id {pid!r}")


def _validate(
    ids: set[str], rules: GroupingRules, held: Sequence[Sequence[Sequence[str]]], rooms: int
) -> None:
    if rules.rounds < 1:
        raise GroupingError(f"rounds: expected at least 1, got {rules.rounds}")
    if len(held) > rules.rounds:
        raise GroupingError(
            f"held: {len(held)} rounds were held but the event has only {rules.rounds}"
        )
    _check_ids(ids, rules.hosts, "hosts")
    _check_ids(ids, rules.roaming, "roaming")
    for path, values in (("hosts", rules.hosts), ("roaming", rules.roaming)):
        seen: set[str] = set()
        for i, pid in enumerate(values):
            if pid in seen:
                raise GroupingError(f"{path}[{i}]: {pid!r} is listed twice")
            seen.add(pid)
    if len(rules.hosts) > rooms:
        raise GroupingError(f"hosts: {len(rules.hosts)} hosts but only {rooms} rooms")
    for i, pid in enumerate(rules.roaming):
        if pid in rules.hosts:
            raise GroupingError(f"roaming[{i}]: {pid!r} is also a host")
    if rules.roaming and len(rules.roaming) > rooms:
        raise GroupingError(f"roaming: {len(rules.roaming)} roaming guests but only {rooms} rooms")
    if rules.roaming and rules.rounds > rooms:
        raise GroupingError(
            f"roaming: {rules.rounds} rounds but only {rooms} rooms, "
            "so a roaming guest would visit a room twice"
        )
    for i, pair in enumerate(sorted(rules.forbid, key=sorted)):
        _check_ids(ids, sorted(pair), f"forbid[{i}]")
    member_of: dict[str, int] = {}
    for i, unit in enumerate(rules.together):
        _check_ids(ids, sorted(unit), f"together[{i}]")
        if len(unit) < 2:
            raise GroupingError(f"together[{i}]: expected at least two different ids")
        for pid in sorted(unit):
            if pid in member_of:
                raise GroupingError(f"together[{i}]: {pid!r} is also in together[{member_of[pid]}]")
            member_of[pid] = i
        for a, b in combinations(sorted(unit), 2):
            if frozenset((a, b)) in rules.forbid:
                raise GroupingError(f"together[{i}]: {a!r} and {b!r} are a forbidden pair")
        pinned = [pid for pid in unit if pid in rules.hosts or pid in rules.roaming]
        if len(pinned) > 1:
            raise GroupingError(
                f"together[{i}]: {pinned[0]!r} and {pinned[1]!r} cannot both stay with the set"
            )


def _roaming_rooms(
    rules: GroupingRules,
    held: Sequence[Sequence[Sequence[str]]],
    capacities: Sequence[int],
    pinned_count: Sequence[int],
) -> list[dict[str, int]]:
    """For each round still to plan, the room of each roaming guest (never one visited)."""
    rooms = len(capacities)
    visited: dict[str, set[int]] = {pid: set() for pid in rules.roaming}
    for groups in held:
        for k, group in enumerate(groups):
            for pid in group:
                if pid in visited:
                    visited[pid].add(k)
    plan: list[dict[str, int]] = []
    for r in range(len(held), rules.rounds):
        cost = np.zeros((len(rules.roaming), rooms))
        for i, pid in enumerate(rules.roaming):
            for k in range(rooms):
                # Rotate through the rooms; a visited or full room is out of the question.
                full = pinned_count[k] >= capacities[k]
                cost[i, k] = 1e9 if k in visited[pid] or full else (k - i - r) % rooms
        rows, cols = linear_sum_assignment(cost)
        if cost[rows, cols].max(initial=0.0) >= 1e9:
            raise GroupingError(
                f"roaming: no new room is free for every roaming guest in round {r + 1}"
            )
        assignment = {rules.roaming[i]: int(k) for i, k in zip(rows, cols, strict=True)}
        for pid, k in assignment.items():
            visited[pid].add(k)
        plan.append(assignment)
    return plan


def _stats(
    rounds: Sequence[Sequence[Sequence[str]]],
    history: Mapping[PairKey, int],
    exempt: Callable[[str, str], bool],
) -> tuple[int, int, int, list[list[int]]]:
    """repeat-free leading rounds, repeated meetings, most meetings of a pair, repeats per room."""
    seen: Counter[PairKey] = Counter(history)
    planned: Counter[PairKey] = Counter()
    leading = 0
    still_free = True
    total = 0
    per_room: list[list[int]] = []
    for groups in rounds:
        again_round: list[int] = []
        for group in groups:
            again = 0
            for a, b in combinations(sorted(group), 2):
                key = frozenset((a, b))
                if exempt(a, b):
                    continue
                planned[key] += 1
                if seen[key]:
                    again += 1
            again_round.append(again)
        for group in groups:
            for a, b in combinations(sorted(group), 2):
                seen[frozenset((a, b))] += 1
        total += sum(again_round)
        if still_free and not any(again_round):
            leading += 1
        else:
            still_free = False
        per_room.append(again_round)
    return leading, total, max(planned.values(), default=0), per_room


def plan_groups(
    participants: Sequence[Participant],
    *,
    rules: GroupingRules,
    history: Sequence[PastMeeting] = (),
    seniority: Mapping[str, str] | None = None,
    held: Sequence[Sequence[Sequence[str]]] = (),
    seed: int = 0,
    max_iterations: int = 20_000,
    progress: Callable[[], float] | None = None,
) -> GroupPlan:
    """Plan ``rules.rounds`` rounds of rooms (see the module docstring)."""
    seniority = seniority or {}
    people = sorted(participants, key=lambda p: p.id)
    ids = [p.id for p in people]
    if len(set(ids)) != len(ids):
        raise GroupingError("participants: duplicate id")
    if len(ids) < 2:
        raise GroupingError(f"participants: expected at least 2, got {len(ids)}")
    capacities = room_sizes(len(ids), rules)
    rooms = len(capacities)
    _validate(set(ids), rules, held, rooms)
    index = {pid: i for i, pid in enumerate(ids)}
    n = len(ids)

    past: Counter[PairKey] = Counter()
    for meeting in history:
        if meeting.met:
            for a, b in combinations(sorted(meeting.people), 2):
                past[frozenset((a, b))] += 1
    base = np.zeros((n, n), dtype=np.int64)
    for key, times in list(past.items()) + [
        (frozenset((a, b)), 1)
        for groups in held
        for group in groups
        for a, b in combinations(sorted(set(group)), 2)
    ]:
        a, b = sorted(key)
        if a in index and b in index:
            base[index[a], index[b]] += times
            base[index[b], index[a]] += times
    forbid = np.zeros((n, n), dtype=bool)
    for pair in rules.forbid:
        a, b = sorted(pair)
        forbid[index[a], index[b]] = forbid[index[b], index[a]] = True
    unit_of: dict[str, int] = {}
    for k, unit in enumerate(rules.together):
        for pid in unit:
            unit_of[pid] = k
    exempt = np.zeros((n, n), dtype=bool)
    units = [tuple(sorted(index[pid] for pid in unit)) for unit in rules.together]
    for unit_ix in units:
        exempt[np.ix_(unit_ix, unit_ix)] = True
    weight = mix_matrix(people, rules.mix, seniority)

    # Pins: hosts stay in their room, roaming guests rotate; their sets come along.
    to_plan = rules.rounds - len(held)
    pinned_count = [0] * rooms
    host_room = {pid: k for k, pid in enumerate(rules.hosts)}
    for pid, k in host_room.items():
        pinned_count[k] += len(rules.together[unit_of[pid]]) if pid in unit_of else 1
        if pinned_count[k] > capacities[k]:
            raise GroupingError(f"hosts[{k}]: the room cannot hold {pid!r} with their set")
    roaming_plan = _roaming_rooms(rules, held, capacities, pinned_count)
    pinned: list[dict[int, int]] = []
    for r in range(to_plan):
        pins: dict[int, int] = {}
        spots = {**host_room, **(roaming_plan[r] if r < len(roaming_plan) else {})}
        load = [0] * rooms
        for pid, k in spots.items():
            group = sorted(rules.together[unit_of[pid]]) if pid in unit_of else [pid]
            for member in group:
                pins[index[member]] = k
            load[k] += len(group)
            if load[k] > capacities[k]:
                raise GroupingError(
                    f"roaming: room {k + 1} is too small in round {len(held) + r + 1} "
                    "for its host, roaming guests and their sets"
                )
        pinned.append(pins)
    smallest = min(capacities)
    for i, unit in enumerate(rules.together):
        if len(unit) > smallest:
            raise GroupingError(
                f"together[{i}]: {len(unit)} people do not fit a room of {smallest}"
            )

    rng = np.random.default_rng(seed)
    method = "search"
    initial: list[NDArray[np.int64]] = []
    fixed_roles = rules.hosts or rules.roaming or rules.together
    schedule: Schedule = []
    if to_plan and not fixed_roles:
        construction = (
            best_construction(n, capacities[0], enough=to_plan)
            if len(set(capacities)) == 1
            else None
        )
        if construction is not None and len(construction.schedule) > 1:
            schedule = construction.schedule[:to_plan]
            method = construction.name + ("" if len(schedule) >= to_plan else "+search")
        elif weight.any() and not base.any():
            # Plan the rounds for repeats alone, then choose who is who for the mix: swapping
            # two people's whole schedules never creates a repeat, swapping them in one
            # round usually does.
            schedule = unweighted_schedule(
                capacities, to_plan, n, int(rng.integers(2**31)), max_iterations, progress
            )
            method = "search+relabelling"
    if schedule:
        relabel_cost = weight + REPEAT * ((base >= 1) & ~exempt) + FORBIDDEN * forbid
        person_at = relabel(schedule, n, relabel_cost, rng)
        for points in schedule:
            assignment = np.zeros(n, dtype=np.int64)
            for k, block in enumerate(points):
                assignment[person_at[np.array(block)]] = k
            initial.append(assignment)
    planned_rooms: list[NDArray[np.int64]] = []
    if to_plan:
        problem = SearchProblem(
            capacities=capacities,
            rounds=to_plan,
            base=base,
            weight=weight,
            forbid=forbid,
            exempt=exempt,
            pinned=pinned,
            units=units,
            initial=initial,
        )
        done = search(
            problem,
            seed=int(rng.integers(2**31)),
            max_iterations=max_iterations,
            progress=progress,
        )
        planned_rooms = done.rooms
    new_rounds = [
        [sorted(ids[p] for p in np.flatnonzero(assignment == k)) for k in range(rooms)]
        for assignment in planned_rooms
    ]
    for r, groups in enumerate(new_rounds):
        for group in groups:
            for a, b in combinations(group, 2):
                if frozenset((a, b)) in rules.forbid:
                    raise GroupingError(
                        f"forbid: {a!r} and {b!r} cannot be kept apart in round "
                        f"{len(held) + r + 1} with these rules"
                    )
    all_rounds = [[sorted(group) for group in groups] for groups in held] + new_rounds
    leading, total, most, per_room = _stats(
        all_rounds,
        past,
        lambda a, b: a in unit_of and unit_of[a] == unit_of.get(b),
    )
    by_id = {p.id: p for p in people}
    largest = max(capacities)
    out_rounds: list[tuple[Room, ...]] = []
    for r, groups in enumerate(all_rounds):
        if r < len(held):
            out_rounds.append(tuple(Room(tuple(g), ("held",)) for g in groups))
            continue
        out_rounds.append(
            tuple(
                Room(
                    tuple(group),
                    _reasons(group, rules, by_id, seniority, per_room[r][k], unit_of, largest),
                )
                for k, group in enumerate(groups)
            )
        )
    return GroupPlan(
        rounds=tuple(out_rounds),
        repeat_free_rounds=leading,
        total_repeats=total,
        max_pair_meetings=most,
        method=method,
        held_rounds=len(held),
    )


def _reasons(
    group: Sequence[str],
    rules: GroupingRules,
    by_id: Mapping[str, Participant],
    seniority: Mapping[str, str],
    again: int,
    unit_of: Mapping[str, int],
    largest: int,
) -> tuple[str, ...]:
    codes: list[str] = []
    members = set(group)
    codes += [f"host:{pid}" for pid in rules.hosts if pid in members]
    codes += [f"roaming:{pid}" for pid in rules.roaming if pid in members]
    for unit in rules.together:
        if unit <= members:
            codes.append("together:" + "+".join(sorted(unit)))
    codes.append("all_new" if again == 0 else f"met_before:{again}")
    mix = rules.mix
    for weight, name, values in (
        (mix.different_team, "teams", [by_id[p].team for p in group]),
        (mix.different_department, "departments", [by_id[p].department for p in group]),
        (mix.different_location, "locations", [by_id[p].location for p in group]),
        (mix.different_seniority, "seniorities", [seniority.get(p, "") for p in group]),
    ):
        known = len({v for v in values if v})
        if weight and known:
            codes.append(f"{name}:{known}")
    if mix.shared_interest > 0:
        tags = Counter(t for p in group for t in by_id[p].interests)
        shared = sorted((-count, tag) for tag, count in tags.items() if count >= 2)
        if shared:
            codes.append(f"shared_interest:{shared[0][1]}")
    if len(group) < largest:
        codes.append("smaller_room")
    return tuple(codes)


def plan_numbered(
    people: int,
    size: int,
    rounds: int,
    *,
    seed: int = 0,
    max_iterations: int = 20_000,
    progress: Callable[[], float] | None = None,
) -> GroupPlan:
    """The social golfer form: people 0..people-1 (ids "0", "1", ...), no history or roles."""
    if people < 2:
        raise GroupingError(f"people: expected at least 2, got {people}")
    return plan_groups(
        [Participant(id=str(i)) for i in range(people)],
        rules=GroupingRules(rounds=rounds, size=size, mix=MixWeights(0, 0, 0, 0, 0)),
        seed=seed,
        max_iterations=max_iterations,
        progress=progress,
    )


__all__ = [
    "GroupPlan",
    "GroupingError",
    "GroupingRules",
    "MixWeights",
    "Room",
    "plan_groups",
    "plan_numbered",
    "room_sizes",
]
