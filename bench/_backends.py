"""Runs a benchmark once per database backend, each in a child process of its own, so
every backend starts from a fresh interpreter and a fresh database."""

import json
import os
import shutil
import subprocess
import sys
import tempfile
from typing import Any

PG_SERVER = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432").rstrip("/")


def run_per_backend(script: str, *, pg_database: str, backends: list[str]) -> list[dict[str, Any]]:
    """Run ``script --child BACKEND`` for each backend (SQLite in a throwaway folder, or the
    PostgreSQL database `pg_database`) and return the JSON line each child prints last.
    A failing child ends the benchmark with its error output."""
    results = []
    for backend in backends:
        env = dict(os.environ, HALLWAY_LOG_LEVEL="WARNING")
        if backend == "sqlite":
            env.pop("DATABASE_URL", None)
            env["HALLWAY_DATA_DIR"] = tempfile.mkdtemp(prefix=f"{pg_database}-")
        else:
            env["DATABASE_URL"] = f"{PG_SERVER}/{pg_database}"
        done = subprocess.run(  # noqa: S603 (our own interpreter and script)
            [sys.executable, script, "--child", backend],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if backend == "sqlite":
            shutil.rmtree(env["HALLWAY_DATA_DIR"], ignore_errors=True)
        sys.stderr.write(done.stderr)
        if done.returncode != 0:
            print(f"{backend}: failed (exit {done.returncode})")
            sys.exit(1)
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
    return results
