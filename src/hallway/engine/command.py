"""`hallway engine match EDGES.csv`, `pair ROUND.json` and `groups ...`: print JSON.

The engine is pure, so its command starts without Django: `hallway.cli` hands
`hallway engine ...` straight to `main` here. An adapter only: it parses the input, calls
the engine and prints its answer; bad input exits 2 with the reason and no traceback. Each
action imports only the part of the engine it runs, so a small run takes a fraction of a
second (the Django command of the same name wraps this one for `call_command`).
"""

import argparse
import json
import math
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

MATCH_HELP = (
    "Maximum-weight matching of a CSV with header u,v,weight (ids are strings, weight a "
    "non-negative number). Prints JSON {pairs, total_weight, matched, seconds}, where "
    "matched is the number of people matched (twice the number of pairs)."
)

PAIR_HELP = (
    "Plan one round of coffee pairings from a JSON file {date, seed, participants, history, "
    "rules} (schema and defaults in docs/engine.md). Prints JSON {groups, unmatched, "
    "objective, seconds}."
)

GROUPS_HELP = (
    "Plan several rounds of groups (breakout rooms, tables) with as few repeated encounters "
    "as possible: either --people N --size S --rounds R (ids 0..N-1) or --input EVENT.json "
    "(schema in docs/engine.md). Prints JSON {rounds, repeat_free_rounds, total_repeats, "
    "max_pair_meetings, seconds} (with --input also reasons per room)."
)

HELP = "Run the pairing and grouping engine and print the result as JSON."

# An edge list larger than this (some 4,000 edges) starts importing SciPy while it is read.
_PREFETCH_BYTES = 64 * 1024


class Output(Protocol):
    def write(self, text: str, /) -> object: ...


class EngineCommandError(Exception):
    """Bad input: the command prints the message and exits 2."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", required=True)
    match = actions.add_parser("match", help=MATCH_HELP, description=MATCH_HELP)
    match.add_argument("edges", type=Path, help="CSV file with header u,v,weight")
    match.add_argument(
        "--max-cardinality",
        action="store_true",
        help="First pair as many people as possible, then maximise the weight "
        "(without it: the plain maximum-weight matching).",
    )
    match.add_argument("--seed", type=int, default=0, help="Chooses among equally good answers.")

    pair = actions.add_parser("pair", help=PAIR_HELP, description=PAIR_HELP)
    pair.add_argument("round", type=Path, help="JSON file describing the round")

    groups = actions.add_parser("groups", help=GROUPS_HELP, description=GROUPS_HELP)
    groups.add_argument("--people", type=int, help="number of people (ids 0..N-1)")
    groups.add_argument("--size", type=int, help="group size")
    groups.add_argument("--rounds", type=int, help="number of rounds")
    groups.add_argument("--input", type=Path, help="JSON file describing the event")
    groups.add_argument(
        "--seed", type=int, default=None, help="chooses among equally good plans (default 0)"
    )
    groups.add_argument(
        "--time-limit",
        type=float,
        default=10.0,
        help="seconds the search may take (default 10)",
    )


def execute(options: dict[str, Any], stdout: Output) -> None:
    """Run the parsed command; an EngineCommandError says what is wrong with the input."""
    action = options["action"]
    if action == "match":
        result = match(options["edges"], options["max_cardinality"], options["seed"])
    elif action == "pair":
        result = pair(options["round"])
    else:
        result = groups(options)
    # As before the command left Django: ids in a match are ASCII-escaped, plans are not.
    stdout.write(json.dumps(result, ensure_ascii=action == "match") + "\n")


def main(argv: Sequence[str] | None = None) -> int:
    """`hallway engine ...` without Django: the exit code."""
    parser = argparse.ArgumentParser(prog="hallway engine", description=HELP)
    add_arguments(parser)
    options = vars(parser.parse_args(argv))
    try:
        execute(options, sys.stdout)
    except EngineCommandError as error:
        print(f"hallway engine {options['action']}: {error}", file=sys.stderr)
        return 2
    return 0


def match(path: Path, max_cardinality: bool, seed: int) -> dict[str, Any]:
    from hallway.engine.edge_input import EdgeInputError, read_edges
    from hallway.engine.matching import edge_weights, max_weight_matching

    if path.is_file() and path.stat().st_size > _PREFETCH_BYTES:
        # A graph this large needs SciPy, whose import takes about as long as reading the
        # file: it runs in a thread meanwhile (NumPy lets go of the lock while it reads).
        threading.Thread(target=_import_solvers, daemon=True).start()
    try:
        edges = read_edges(path)
    except EdgeInputError as error:
        raise EngineCommandError(str(error)) from None
    n = len(edges.ids)
    started = time.perf_counter()
    pairs = max_weight_matching(
        n, (edges.u, edges.v, edges.weight), max_cardinality=max_cardinality, seed=seed
    )
    seconds = time.perf_counter() - started
    ids = edges.ids
    return {
        "pairs": sorted(sorted((ids[a], ids[b])) for a, b in pairs),
        "total_weight": math.fsum(edge_weights(n, (edges.u, edges.v, edges.weight), pairs)),
        "matched": 2 * len(pairs),
        "seconds": round(seconds, 6),
    }


def _import_solvers() -> None:
    import hallway.engine.relaxation  # noqa: F401 (loads SciPy's sparse graphs)


def pair(path: Path) -> dict[str, Any]:
    from hallway.engine.pairing import plan_round
    from hallway.engine.round_input import RoundInputError, load_round, plan_as_json

    text = read_text(path)
    try:
        round_ = load_round(text)
    except RoundInputError as error:
        raise EngineCommandError(f"{path}: {error}") from None
    started = time.perf_counter()
    plan = plan_round(
        round_.participants,
        history=round_.history,
        rules=round_.rules,
        today=round_.today,
        now=round_.now,
        seed=round_.seed,
        previous_sit_outs=round_.previous_sit_outs,
        slot_days=round_.slot_days,
    )
    return plan_as_json(plan, seconds=time.perf_counter() - started)


def groups(options: dict[str, Any]) -> dict[str, Any]:
    from hallway.engine.group_input import groups_as_json, load_event
    from hallway.engine.grouping import GroupingError, plan_groups, plan_numbered
    from hallway.engine.round_input import RoundInputError

    limit: float = options["time_limit"]
    if not limit > 0:
        raise EngineCommandError(f"--time-limit: expected a positive number, got {limit}")
    numbered = ("people", "size", "rounds")
    given = [name for name in numbered if options[name] is not None]
    path: Path | None = options["input"]
    if path is not None and given:
        raise EngineCommandError(f"--input: not together with --{given[0]}")
    if path is None:
        for name in numbered:
            if options[name] is None:
                raise EngineCommandError(f"--{name}: required (or --input EVENT.json)")
    started = time.perf_counter()

    def progress() -> float:
        return (time.perf_counter() - started) / limit

    try:
        if path is None:
            people, size, rounds = (options[name] for name in numbered)
            if people < 2:
                raise EngineCommandError(f"--people: expected at least 2, got {people}")
            if size < 2 or size > people:
                raise EngineCommandError(
                    f"--size: expected 2 to the number of people ({people}), got {size}"
                )
            if rounds < 1:
                raise EngineCommandError(f"--rounds: expected at least 1, got {rounds}")
            plan = plan_numbered(
                people,
                size,
                rounds,
                seed=options["seed"] or 0,
                max_iterations=1_000_000,
                progress=progress,
            )
        else:
            event = load_event(read_text(path))
            started = time.perf_counter()
            plan = plan_groups(
                event.participants,
                rules=event.rules,
                history=event.history,
                seniority=event.seniority,
                held=event.held,
                seed=event.seed if options["seed"] is None else options["seed"],
                max_iterations=1_000_000,
                progress=progress,
            )
    except (RoundInputError, GroupingError) as error:
        where = f"{path}: " if path is not None else ""
        raise EngineCommandError(f"{where}{error}") from None
    seconds = time.perf_counter() - started
    return groups_as_json(plan, seconds=seconds, numbered=path is None)


def read_text(path: Path) -> str:
    """A UTF-8 file's text; an EngineCommandError when it cannot be read."""
    try:
        return path.read_text(encoding="utf-8-sig")
    except OSError as error:
        raise EngineCommandError(f"{path}: {error.strerror}") from error
    except UnicodeDecodeError:
        raise EngineCommandError(f"{path}: not UTF-8 text") from None
