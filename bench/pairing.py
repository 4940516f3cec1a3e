"""Benchmark: Hallway's exact matching against networkx and rustworkx.

Run with `make bench` (or `.venv/bin/python bench/pairing.py`). Every solve runs in its own
subprocess with a time limit, so a slow reference never hangs the run; peak memory is the
child's maximum resident set (interpreter and graph included).

Graphs: random complete graphs (every pair allowed, uniform weights) and sparse random
graphs with an average of 20 candidates per person: `max_weight_matching` on its own.

The whole command (`hallway engine match EDGES.csv --max-cardinality`, a fresh process:
start-up, reading the CSV, solving, printing) on a complete graph of 1,000 people and on
sparse graphs where everyone proposes 6 partners (6,000 to 100,000 people), integer weights
1–1,000, against the solve alone of rustworkx and networkx on the same graph.

Realistic rounds (`_round_generator.py`: teams, six cities' time zones, languages, 12 rounds
of history): `plan_round` end to end (scoring, candidates, matching, trios, slots; the
generation is not timed). Its objective is compared with the exact optimum of the full
weighted graph where that can be computed (n = 1,000, by Hallway's exact matching; the
references are given the same graph), else with an upper bound on it (n = 10,000: the
relaxation's prices on the candidate graph, raised until every pair of the full graph is
covered, so their sum bounds every matching). "gap" is how far below that the plan is.
"""

import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

COMPLETE = (200, 500, 1_000, 2_000)
SPARSE = (1_000, 10_000, 100_000)
REALISTIC = (1_000, 10_000, 100_000)
LIMIT = {"hallway": 180, "rustworkx": 60, "networkx": 60, "optimum": 900}
DEGREE = 20
COMMAND = (("whole", 1_000), ("proposals", 6_000), ("proposals", 10_000), ("proposals", 100_000))
PROPOSALS = 6


def graph(kind: str, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Random graphs: "complete" and "sparse" (DEGREE on average) with weights on a grid of
    1/1000; "whole" (complete) and "proposals" (everyone proposes PROPOSALS partners) with
    whole-number weights 1–1,000, as a user's file would have them."""
    rng = np.random.default_rng(n)
    if kind in ("complete", "whole"):
        u, v = np.triu_indices(n, 1)
    elif kind == "proposals":
        a = np.repeat(np.arange(n), PROPOSALS)
        b = rng.integers(0, n - 1, len(a))
        b += b >= a  # anyone but oneself
        codes = np.unique(np.minimum(a, b) * n + np.maximum(a, b))
        u, v = codes // n, codes % n
    else:
        m = n * DEGREE // 2
        a, b = rng.integers(0, n, m), rng.integers(0, n, m)
        keep = a != b
        codes = np.unique(np.minimum(a, b)[keep] * n + np.maximum(a, b)[keep])
        u, v = codes // n, codes % n
    if kind in ("whole", "proposals"):
        w = rng.integers(1, 1_001, len(u)) * 1.0
    else:
        # Weights on a grid of 1/1000 so every solver compares the same exact integers.
        w = rng.integers(0, 1_000_000, len(u)) / 1000.0
    return u.astype(np.int64), v.astype(np.int64), w


def realistic_round(n: int):
    sys.path.insert(0, "src")
    sys.path.insert(0, "bench")
    import _round_generator as generator

    people = sorted(generator.people(n), key=lambda p: p.id)
    return generator, people, generator.history(people)


def realistic_graph(n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every allowed pair of the realistic round and its weight, as plan_round scores it."""
    generator, people, history = realistic_round(n)
    from hallway.engine.all_pairs import allowed_pairs
    from hallway.engine.scoring import History

    index = {p.id: i for i, p in enumerate(people)}
    scored = allowed_pairs(
        people,
        rules=generator.rules(),
        history=History.from_meetings(history),
        today=generator.TODAY,
    )
    u = np.array([index[a] for a, _, _, _ in scored], dtype=np.int64)
    v = np.array([index[b] for _, b, _, _ in scored], dtype=np.int64)
    return u, v, np.array([w for _, _, w, _ in scored])


def plan_realistic(n: int) -> dict[str, float]:
    generator, people, history = realistic_round(n)
    from hallway.engine.pairing import plan_round

    started = time.perf_counter()
    plan = plan_round(
        people,
        history=history,
        rules=generator.rules(),
        today=generator.TODAY,
        now=generator.NOW,
        seed=1,
    )
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    could_meet = sum(u.reason in ("odd_one_out", "no_group_fits") for u in plan.unmatched)
    return {
        "seconds": seconds,
        "peak_mb": peak,
        "objective": plan.objective,
        "matched": sum(len(g.members) for g in plan.groups),
        "left_out": could_meet,
    }


def realistic_optimum(n: int) -> dict[str, float]:
    """The exact optimum of the full graph (n <= 1,000), else an upper bound on it."""
    from hallway.engine.matching import max_weight_matching

    if n <= 1_000:
        u, v, w = realistic_graph(n)
        weight = dict(zip(zip(u.tolist(), v.tolist(), strict=True), w.tolist(), strict=True))
        pairs = max_weight_matching(n, (u, v, w), max_cardinality=True)
        return {"optimum": sum(weight[p] for p in pairs), "exact": 1}
    generator, people, history = realistic_round(n)
    from hallway.engine.all_pairs import allowed_pairs
    from hallway.engine.candidates import candidate_pairs
    from hallway.engine.relaxation import lp_prices
    from hallway.engine.scoring import History

    past = History.from_meetings(history)
    rules, today = generator.rules(), generator.TODAY
    index = {p.id: i for i, p in enumerate(people)}

    def arrays(scored):
        u = np.array([index[a] for a, _, _, _ in scored], dtype=np.int64)
        v = np.array([index[b] for _, b, _, _ in scored], dtype=np.int64)
        return u, v, np.array([w for _, _, w, _ in scored])

    among = candidate_pairs(people, rules=rules, history=past, today=today, seed=1)
    u, v, w = arrays(allowed_pairs(people, rules=rules, history=past, today=today, among=among))
    prices = lp_prices(n, u, v, w)
    assert prices is not None
    y = prices[0]
    raised = np.maximum(y, 0.0)
    everyone = np.arange(n)
    for start in range(0, n, 200):
        rows = np.arange(start, min(start + 200, n))
        block = (np.repeat(rows, n), np.tile(everyone, len(rows)))
        bu, bv, bw = arrays(
            allowed_pairs(people, rules=rules, history=past, today=today, among=block)
        )
        np.maximum.at(raised, bu, bw - y[bv])
        np.maximum.at(raised, bv, bw - y[bu])
    return {"optimum": float(raised.sum()), "exact": 0}


def solve(kind: str, n: int, solver: str) -> dict[str, float]:
    if kind == "realistic":
        if solver == "hallway":
            return plan_realistic(n)
        if solver == "optimum":
            return realistic_optimum(n)
    u, v, w = graph(kind, n) if kind != "realistic" else realistic_graph(n)
    if solver == "hallway":
        sys.path.insert(0, "src")
        from hallway.engine.matching import max_weight_matching

        started = time.perf_counter()
        pairs = max_weight_matching(n, (u, v, w), max_cardinality=True)
    elif solver == "rustworkx":
        import rustworkx as rx

        g = rx.PyGraph()
        g.add_nodes_from(range(n))
        ints = np.rint(w * 1000).astype(np.int64).tolist()
        started = time.perf_counter()
        g.add_edges_from(list(zip(u.tolist(), v.tolist(), ints, strict=True)))
        pairs = list(rx.max_weight_matching(g, max_cardinality=True, weight_fn=int))
    else:
        import networkx as nx

        g = nx.Graph()
        started = time.perf_counter()
        g.add_weighted_edges_from(zip(u.tolist(), v.tolist(), w.tolist(), strict=True))
        pairs = list(nx.max_weight_matching(g, maxcardinality=True))
    seconds = time.perf_counter() - started
    weight = dict(zip(zip(u.tolist(), v.tolist(), strict=True), w.tolist(), strict=True))
    objective = sum(weight[(min(a, b), max(a, b))] for a, b in pairs)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    return {"seconds": seconds, "peak_mb": peak, "objective": objective, "matched": 2 * len(pairs)}


def command(kind: str, n: int, folder: Path) -> dict[str, float] | None:
    """`hallway engine match` as a user runs it: the wall time of the whole process."""
    u, v, w = graph(kind, n)
    path = folder / f"{kind}-{n}.csv"
    lines = (
        f"p{a},p{b},{x:g}\n" for a, b, x in zip(u.tolist(), v.tolist(), w.tolist(), strict=True)
    )
    path.write_text("u,v,weight\n" + "".join(lines), encoding="utf-8")
    hallway = Path(sys.executable).with_name("hallway")
    started = time.perf_counter()
    try:
        done = subprocess.run(  # noqa: S603 (our own command)
            [str(hallway), "engine", "match", str(path), "--max-cardinality"],
            capture_output=True,
            text=True,
            timeout=LIMIT["hallway"],
            check=True,
        )
    except subprocess.TimeoutExpired:
        return None
    seconds = time.perf_counter() - started
    result = json.loads(done.stdout)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {
        "seconds": seconds,
        "solve": result["seconds"],
        "objective": result["total_weight"],
        "matched": result["matched"],
        "peak_mb": peak,
    }


def start_and_read(folder: Path) -> None:
    """The two fixed costs of every command: starting (a one-edge file, whole process) and
    reading a large file (the complete graph of 1,000 people, 499,500 edges, in-process)."""
    tiny = folder / "one-edge.csv"
    tiny.write_text("u,v,weight\na,b,1\n", encoding="utf-8")
    hallway = Path(sys.executable).with_name("hallway")
    starts = []
    for _ in range(5):
        started = time.perf_counter()
        command = [str(hallway), "engine", "match", str(tiny)]
        subprocess.run(command, check=True, capture_output=True)  # noqa: S603 (our own command)
        starts.append(time.perf_counter() - started)
    u, v, w = graph("whole", 1_000)
    path = folder / "whole-1000.csv"
    lines = (
        f"p{a},p{b},{x:g}\n" for a, b, x in zip(u.tolist(), v.tolist(), w.tolist(), strict=True)
    )
    path.write_text("u,v,weight\n" + "".join(lines), encoding="utf-8")
    sys.path.insert(0, "src")
    from hallway.engine.edge_input import read_edges

    reads = []
    for _ in range(5):
        started = time.perf_counter()
        read_edges(path)
        reads.append(time.perf_counter() - started)
    print(
        f"start-up (one edge, whole process): {statistics.median(starts):.2f} s; reading "
        f"{len(u):,} edges: {statistics.median(reads):.2f} s (medians of 5)\n"
    )


def command_table() -> None:
    with tempfile.TemporaryDirectory() as folder:
        start_and_read(Path(folder))
    header = (
        f"{'command':<9} {'n':>7} {'edges':>9} | {'whole s':>8} {'solve s':>8} {'MB':>6} "
        f"{'matched':>7} | {'rustworkx s':>11} {'ratio':>6} {'same':>4} | "
        f"{'networkx s':>10} {'ratio':>6} {'same':>4}"
    )
    print(header)
    print("-" * len(header))
    with tempfile.TemporaryDirectory() as folder:
        for kind, n in COMMAND:
            ours = command(kind, n, Path(folder))
            cells = [f"{kind:<9} {n:>7} {len(graph(kind, n)[0]):>9} |"]
            if ours is None:
                cells.append(f"{'>' + str(LIMIT['hallway']):>8} {'':>8} {'':>6} {'':>7} |")
            else:
                cells.append(
                    f"{ours['seconds']:>8.2f} {ours['solve']:>8.2f} {ours['peak_mb']:>6.0f} "
                    f"{ours['matched']:>7} |"
                )
            for solver, width in (("rustworkx", 11), ("networkx", 10)):
                theirs = run(kind, n, solver) if n <= 10_000 else None
                if theirs is None:
                    text = "—" if n > 10_000 else f">{LIMIT[solver]}"
                    cells.append(f"{text:>{width}} {'':>6} {'':>4} |")
                    continue
                cells.append(compared(ours, theirs, width))
            print(" ".join(cells).rstrip(" |"), flush=True)
    print(
        "whole: wall time of the whole `hallway engine match` process; ratio: their solve "
        "alone / our whole process (above 1: we are faster); MB: the largest child so far\n"
    )


def compared(ours: dict[str, float] | None, theirs: dict[str, float], width: int) -> str:
    """A reference's cell: its time, how many times our time it is, and whether it found
    the same number of pairs and the same total weight."""
    if ours is None:
        return f"{theirs['seconds']:>{width}.2f} {'':>6} {'?':>4} |"
    ratio = theirs["seconds"] / ours["seconds"]
    same = (
        ours["matched"] == theirs["matched"] and abs(ours["objective"] - theirs["objective"]) < 1e-6
    )
    return f"{theirs['seconds']:>{width}.2f} {ratio:>6.1f} {'yes' if same else 'NO':>4} |"


def run(kind: str, n: int, solver: str) -> dict[str, float] | None:
    try:
        done = subprocess.run(  # noqa: S603 (our own interpreter and script)
            [sys.executable, __file__, "--one", kind, str(n), solver],
            capture_output=True,
            text=True,
            timeout=LIMIT[solver],
            check=True,
        )
    except subprocess.TimeoutExpired:
        return None
    except subprocess.CalledProcessError as error:
        print(error.stderr, file=sys.stderr)
        return None
    return dict(json.loads(done.stdout))


def main() -> None:
    command_table()
    header = (
        f"{'graph':<9} {'n':>7} {'edges':>10} | {'hallway s':>9} {'MB':>6} {'objective':>14} "
        f"{'matched':>7} | {'rustworkx s':>11} {'ratio':>6} {'same':>4} | "
        f"{'networkx s':>10} {'ratio':>6} {'same':>4}"
    )
    print(header)
    print("-" * len(header))
    gave_up: set[str] = set()
    for kind, sizes in (("complete", COMPLETE), ("sparse", SPARSE)):
        gave_up.clear()
        for n in sizes:
            edges = n * (n - 1) // 2 if kind == "complete" else len(graph(kind, n)[0])
            ours = None if "hallway" in gave_up else run(kind, n, "hallway")
            cells = [f"{kind:<9} {n:>7} {edges:>10} |"]
            if ours is None:
                gave_up.add("hallway")
                cells.append(f"{'>' + str(LIMIT['hallway']):>9} {'':>6} {'':>14} {'':>7} |")
            else:
                cells.append(
                    f"{ours['seconds']:>9.2f} {ours['peak_mb']:>6.0f} {ours['objective']:>14.3f} "
                    f"{ours['matched']:>7} |"
                )
            for solver, width in (("rustworkx", 11), ("networkx", 10)):
                theirs = None if solver in gave_up else run(kind, n, solver)
                if theirs is None:
                    gave_up.add(solver)
                    cells.append(f"{'>' + str(LIMIT[solver]):>{width}} {'':>6} {'':>4} |")
                    continue
                cells.append(compared(ours, theirs, width))
            print(" ".join(cells).rstrip(" |"), flush=True)
    realistic()


def realistic() -> None:
    header = (
        f"\n{'realistic':<9} {'n':>7} | {'hallway s':>9} {'MB':>6} {'objective':>12} "
        f"{'paired':>7} {'left out':>8} | {'optimum':>12} {'gap':>8} | "
        f"{'rustworkx s':>11} | {'networkx s':>10}"
    )
    print(header)
    print("-" * len(header.strip()))
    for n in REALISTIC:
        ours = run("realistic", n, "hallway")
        cells = [f"{'realistic':<9} {n:>7} |"]
        if ours is None:
            cells.append(f"{'>' + str(LIMIT['hallway']):>9} {'':>6} {'':>12} {'':>7} {'':>8} |")
        else:
            cells.append(
                f"{ours['seconds']:>9.2f} {ours['peak_mb']:>6.0f} {ours['objective']:>12.2f} "
                f"{ours['matched']:>7} {ours['left_out']:>8} |"
            )
        best = run("realistic", n, "optimum") if n <= 10_000 else None
        if best is None or ours is None:
            cells.append(f"{'—':>12} {'':>8} |")
        else:
            gap = 100 * (best["optimum"] - ours["objective"]) / best["optimum"]
            label = f"{best['optimum']:.2f}" + ("" if best["exact"] else " ≥")
            cells.append(f"{label:>12} {gap:>7.3f}% |")
        for solver, width in (("rustworkx", 11), ("networkx", 10)):
            theirs = run("realistic", n, solver) if n <= 1_000 else None
            text = (
                "—"
                if n > 1_000
                else (f"{theirs['seconds']:.2f}" if theirs else f">{LIMIT[solver]}")
            )
            cells.append(f"{text:>{width}} |")
        print(" ".join(cells).rstrip(" |"), flush=True)
    print(
        "optimum: exact optimum of the full graph, or an upper bound on it (≥); gap: how far "
        "the plan is below it; left out: people who sat out although they had an allowed partner"
    )


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "--one":
        print(json.dumps(solve(sys.argv[2], int(sys.argv[3]), sys.argv[4])))
    elif sys.argv[1:] == ["--realistic"]:
        realistic()
    elif sys.argv[1:] == ["--command"]:
        command_table()
    else:
        main()
