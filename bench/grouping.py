"""Benchmark: the grouping engine on social golfer instances and product sizes.

Run with `make bench` (or `.venv/bin/python bench/grouping.py`; `--golfers` runs only the
golfer table). Each instance gets a time limit (60 s for the golfer table, 10 s for product
sizes, 1 s for the live re-plan) passed to the engine as its progress callback. Columns:
rounds reached (the leading rounds in which nobody meets anyone twice) against the target,
the upper bound floor((n-1)/(s-1)), repeated encounters in all rounds, seconds and the
method (a design, or the search).

Golfer instances g-s-w: g groups of s people for w rounds, the proven optimum as target
(5-4-5 and 6-6-3 lie below the bound: no resolvable design exists there).
"""

import sys
import time
from collections import Counter

import numpy as np

sys.path.insert(0, "src")

from hallway.engine.grouping import GroupingRules, MixWeights, plan_groups, plan_numbered
from hallway.engine.model import Participant

GOLFERS = (
    (5, 3, 7),
    (6, 3, 8),
    (4, 4, 5),
    (5, 4, 5),
    (5, 5, 6),
    (6, 4, 7),
    (7, 4, 9),
    (7, 7, 8),
    (8, 8, 9),
    (6, 6, 3),
    (8, 4, 10),
)


def deadline(seconds: float):
    started = time.perf_counter()
    return lambda: (time.perf_counter() - started) / seconds


def row(name, reached, target, bound, repeats, seconds, method, note=""):
    ok = "ok" if reached >= target else "SHORT"
    print(
        f"{name:<28} {reached:>3} / {target:<3} {bound:>5} {repeats:>7} {seconds:>8.2f}  "
        f"{ok:<5} {method}{note}",
        flush=True,
    )


def golfers() -> None:
    for g, s, w in GOLFERS:
        n = g * s
        started = time.perf_counter()
        plan = plan_numbered(n, s, w, seed=0, max_iterations=10**8, progress=deadline(60))
        seconds = time.perf_counter() - started
        row(
            f"golfer {g}-{s}-{w}",
            plan.repeat_free_rounds,
            w,
            (n - 1) // (s - 1),
            plan.total_repeats,
            seconds,
            plan.method,
        )


def product(n: int, s: int, target: int, label: str = "") -> None:
    started = time.perf_counter()
    plan = plan_numbered(n, s, target, seed=0, max_iterations=10**8, progress=deadline(10))
    seconds = time.perf_counter() - started
    row(
        label or f"{n} people, tables of {s}",
        plan.repeat_free_rounds,
        target,
        (n - 1) // (s - 1),
        plan.total_repeats,
        seconds,
        plan.method,
    )


def departments() -> None:
    # 60 people in 5 departments of 12, tables of 6: at most 2 of a department per table.
    people = [Participant(id=f"p{i:02d}", department=f"dept{i % 5}") for i in range(60)]
    rules = GroupingRules(rounds=6, size=6, mix=MixWeights(different_department=1.0))
    started = time.perf_counter()
    plan = plan_groups(people, rules=rules, seed=0, max_iterations=10**8, progress=deadline(10))
    seconds = time.perf_counter() - started
    by_id = {p.id: p.department for p in people}
    worst = max(
        max(Counter(by_id[m] for m in room.members).values())
        for rooms in plan.rounds
        for room in rooms
    )
    reached = plan.repeat_free_rounds if worst <= 2 else 0
    row(
        "60 people, 6, departments",
        reached,
        6,
        59 // 5,
        plan.total_repeats,
        seconds,
        plan.method,
        f" (most of one department at a table: {worst})",
    )


def replan() -> None:
    people = [Participant(id=f"p{i:03d}", department=f"dept{i % 8}") for i in range(200)]
    rules = GroupingRules(rounds=6, size=5)
    first = plan_groups(people, rules=rules, seed=0, max_iterations=10**8, progress=deadline(10))
    held = [[room.members for room in rooms] for rooms in first.rounds[:2]]
    gone = set(np.random.default_rng(0).choice([p.id for p in people], 30, replace=False))
    present = [p for p in people if p.id not in gone]
    started = time.perf_counter()
    plan = plan_groups(
        present, rules=rules, held=held, seed=0, max_iterations=10**8, progress=deadline(0.6)
    )
    seconds = time.perf_counter() - started
    row(
        "re-plan 200 -> 170 after r2",
        plan.repeat_free_rounds,
        6,
        (170 - 1) // 4,
        plan.total_repeats,
        seconds,
        plan.method,
        " (limit 1 s)",
    )


def main() -> None:
    print(
        f"{'instance':<28} {'rounds':>9} {'bound':>5} {'repeats':>7} {'seconds':>8}  {'':<5} method"
    )
    golfers()
    if "--golfers" in sys.argv[1:]:
        return
    product(100, 5, 16)
    product(300, 6, 34)
    product(100, 5, 24, "100 people, 5, to the bound")
    departments()
    replan()


if __name__ == "__main__":
    main()
