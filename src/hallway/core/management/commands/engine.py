"""`hallway engine match EDGES.csv` and `hallway engine pair ROUND.json`: print JSON.

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


class Command(BaseCommand):
    help = "Run the pairing engine on files and print the result as JSON."

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

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "match":
            self.match(options["edges"], options["max_cardinality"], options["seed"])
        elif action == "pair":
            self.pair(options["round"])

    def pair(self, path: Path) -> None:
        try:
            text = path.read_text(encoding="utf-8-sig")
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror}", returncode=2) from error
        except UnicodeDecodeError:
            raise CommandError(f"{path}: not UTF-8 text", returncode=2) from None
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
