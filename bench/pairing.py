"""Benchmark: Hallway's exact matching against networkx and rustworkx.

Run with `make bench` (or `.venv/bin/python bench/pairing.py`). Every solve runs in its own
subprocess with a time limit, so a slow reference never hangs the run; peak memory is the
child's maximum resident set (interpreter and graph included).

Graphs: random complete graphs (every pair allowed, uniform weights) and sparse random
graphs with an average of 20 candidates per person.
"""

import json
import resource
import subprocess
import sys
import time

import numpy as np

COMPLETE = (200, 500, 1_000, 2_000)
SPARSE = (1_000, 10_000, 100_000)
LIMIT = {"hallway": 120, "rustworkx": 60, "networkx": 60}
DEGREE = 20


def graph(kind: str, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(n)
    if kind == "complete":
        u, v = np.triu_indices(n, 1)
    else:
        m = n * DEGREE // 2
        a, b = rng.integers(0, n, m), rng.integers(0, n, m)
        keep = a != b
        codes = np.unique(np.minimum(a, b)[keep] * n + np.maximum(a, b)[keep])
        u, v = codes // n, codes % n
    # Weights on a grid of 1/1000 so every solver compares the same exact integers.
    w = rng.integers(0, 1_000_000, len(u)) / 1000.0
    return u.astype(np.int64), v.astype(np.int64), w


def solve(kind: str, n: int, solver: str) -> dict[str, float]:
    u, v, w = graph(kind, n)
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
                ratio = theirs["seconds"] / ours["seconds"] if ours else float("nan")
                same = (
                    "yes"
                    if ours
                    and ours["matched"] == theirs["matched"]
                    and abs(ours["objective"] - theirs["objective"]) < 1e-6
                    else "NO"
                    if ours
                    else "?"
                )
                cells.append(f"{theirs['seconds']:>{width}.2f} {ratio:>6.1f} {same:>4} |")
            print(" ".join(cells).rstrip(" |"), flush=True)


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "--one":
        print(json.dumps(solve(sys.argv[2], int(sys.argv[3]), sys.argv[4])))
    else:
        main()
