"""`hallway engine match EDGES.csv`, `pair ROUND.json` and `groups ...`: print JSON.

An adapter only: it parses the input, calls the pure engine and prints its answer.
"""

import csv
import json
import math
import time
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from hallway.engine.group_input import groups_as_json, load_event
from hallway.engine.grouping import GroupingError, plan_groups, plan_numbered
from hallway.engine.matching import max_weight_matching
from hallway.engine.pairing import plan_round
from hallway.engine.round_input import RoundInputError, load_round, plan_as_json

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


class Command(BaseCommand):
    help = "Run the pairing and grouping engine and print the result as JSON."

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        match = actions.add_parser("match", help=MATCH_HELP, description=MATCH_HELP)
        match.add_argument("edges", type=Path, help="CSV file with header u,v,weight")
        match.add_argument(
            "--max-cardinality",
            action="store_true",
            help="First pair as many people as possible, then maximise the weight "
            "(without it: the plain maximum-weight matching).",
        )
        match.add_argument(
            "--seed", type=int, default=0, help="Chooses among equally good answers."
        )

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

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "match":
            self.match(options["edges"], options["max_cardinality"], options["seed"])
        elif action == "pair":
            self.pair(options["round"])
        elif action == "groups":
            self.groups(options)

    def groups(self, options: dict[str, Any]) -> None:
        limit: float = options["time_limit"]
        if not limit > 0:
            raise CommandError(
                f"--time-limit: expected a positive number, got {limit}", returncode=2
            )
        numbered = ("people", "size", "rounds")
        given = [name for name in numbered if options[name] is not None]
        path: Path | None = options["input"]
        if path is not None and given:
            raise CommandError(f"--input: not together with --{given[0]}", returncode=2)
        if path is None:
            for name in numbered:
                if options[name] is None:
                    raise CommandError(f"--{name}: required (or --input EVENT.json)", returncode=2)
        started = time.perf_counter()

        def progress() -> float:
            return (time.perf_counter() - started) / limit

        try:
            if path is None:
                people, size, rounds = (options[name] for name in numbered)
                if people < 2:
                    raise CommandError(f"--people: expected at least 2, got {people}", returncode=2)
                if size < 2 or size > people:
                    raise CommandError(
                        f"--size: expected 2 to the number of people ({people}), got {size}",
                        returncode=2,
                    )
                if rounds < 1:
                    raise CommandError(f"--rounds: expected at least 1, got {rounds}", returncode=2)
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
            raise CommandError(f"{where}{error}", returncode=2) from None
        seconds = time.perf_counter() - started
        result = groups_as_json(plan, seconds=seconds, numbered=path is None)
        self.stdout.write(json.dumps(result, ensure_ascii=False))

    def pair(self, path: Path) -> None:
        text = read_text(path)
        try:
            round_ = load_round(text)
        except RoundInputError as error:
            raise CommandError(f"{path}: {error}", returncode=2) from None
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
        seconds = time.perf_counter() - started
        self.stdout.write(json.dumps(plan_as_json(plan, seconds=seconds), ensure_ascii=False))

    def match(self, path: Path, max_cardinality: bool, seed: int) -> None:
        ids, edges = read_edges(path)
        started = time.perf_counter()
        pairs = max_weight_matching(len(ids), edges, max_cardinality=max_cardinality, seed=seed)
        seconds = time.perf_counter() - started
        weight = {(a, b): w for a, b, w in edges}
        named = sorted(sorted((ids[a], ids[b])) for a, b in pairs)
        result = {
            "pairs": named,
            "total_weight": math.fsum(
                weight.get((a, b), weight.get((b, a), 0.0)) for a, b in pairs
            ),
            "matched": 2 * len(pairs),
            "seconds": round(seconds, 6),
        }
        self.stdout.write(json.dumps(result))


def read_text(path: Path) -> str:
    """A UTF-8 file's text; a CommandError (exit 2) when it cannot be read."""
    try:
        return path.read_text(encoding="utf-8-sig")
    except OSError as error:
        raise CommandError(f"{path}: {error.strerror}", returncode=2) from error
    except UnicodeDecodeError:
        raise CommandError(f"{path}: not UTF-8 text", returncode=2) from None


def read_edges(path: Path) -> tuple[list[str], list[tuple[int, int, float]]]:
    """Read and check an edge CSV; a CommandError (exit 2) names the line and the reason."""
    try:
        handle = path.open(newline="", encoding="utf-8-sig")
    except OSError as error:
        raise CommandError(f"{path}: {error.strerror}", returncode=2) from error
    with handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if header is None or not any(cell.strip() for cell in header):
            raise CommandError(
                f"{path}: empty file; expected a header line u,v,weight", returncode=2
            )
        columns = [cell.strip().lower() for cell in header]
        missing = [name for name in ("u", "v", "weight") if name not in columns]
        if missing:
            raise CommandError(
                f"line 1: missing column {', '.join(missing)} (expected header u,v,weight)",
                returncode=2,
            )
        at = {name: columns.index(name) for name in ("u", "v", "weight")}
        index: dict[str, int] = {}
        ids: list[str] = []
        seen: dict[tuple[int, int], int] = {}
        edges: list[tuple[int, int, float]] = []
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) < len(columns):
                raise CommandError(
                    f"line {line}: expected {len(columns)} values, got {len(row)}", returncode=2
                )
            u, v, raw = (row[at[name]].strip() for name in ("u", "v", "weight"))
            if not u or not v:
                raise CommandError(f"line {line}: empty id", returncode=2)
            if u == v:
                raise CommandError(f"line {line}: self-loop ({u} with {u})", returncode=2)
            try:
                weight = float(raw)
            except ValueError:
                raise CommandError(
                    f"line {line}: weight {raw!r} is not a number", returncode=2
                ) from None
            if not math.isfinite(weight):
                raise CommandError(f"line {line}: weight {raw!r} is not finite", returncode=2)
            if weight < 0:
                raise CommandError(f"line {line}: weight {raw} is negative", returncode=2)
            a = index.setdefault(u, len(ids))
            if a == len(ids):
                ids.append(u)
            b = index.setdefault(v, len(ids))
            if b == len(ids):
                ids.append(v)
            key = (min(a, b), max(a, b))
            if key in seen:
                raise CommandError(
                    f"line {line}: duplicate edge {u},{v} (first on line {seen[key]})",
                    returncode=2,
                )
            seen[key] = line
            edges.append((a, b, weight))
    return ids, edges
