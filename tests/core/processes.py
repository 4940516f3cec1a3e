"""Helpers for tests that run `hallway` commands as real processes."""

import atexit
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[2]
SQLITE_FILE = "hallway.sqlite3"


def hallway_env(data_dir: Path, database_url: str | None = None) -> dict[str, str]:
    """The environment of a child process: its own data folder, SQLite unless told otherwise."""
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    env["HALLWAY_DATA_DIR"] = str(data_dir)
    env["PYTHONUNBUFFERED"] = "1"
    # The children import test tasks (tests.core.sample_tasks) by path.
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return env


def hallway_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "hallway.cli", *args]


def run_hallway(*args: str, env: dict[str, str], timeout: float = 180) -> str:
    done = subprocess.run(
        hallway_command(*args),
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert done.returncode == 0, f"hallway {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout + done.stderr


class Running:
    """A started `hallway` process whose combined output is collected as it arrives."""

    def __init__(self, *args: str, env: dict[str, str]) -> None:
        self.args = args
        self.process = subprocess.Popen(
            hallway_command(*args),
            env=env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self._lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self._lines.append(line)

    @property
    def pid(self) -> int:
        return self.process.pid

    def output(self) -> str:
        return "".join(self._lines)

    def wait_for_output(self, text: str, *, timeout: float = 60) -> None:
        def seen() -> bool:
            if self.process.poll() is not None and text not in self.output():
                self._reader.join(timeout=5)
                if text not in self.output():
                    raise AssertionError(f"exited before printing {text!r}:\n{self.output()}")
            return text in self.output()

        wait_until(
            seen, what=f"{text!r} in the output of hallway {' '.join(self.args)}", timeout=timeout
        )

    def send_signal(self, signum: int) -> None:
        self.process.send_signal(signum)

    def wait(self, *, timeout: float = 60) -> int:
        """The exit code of a process that should end by itself (killed if it hangs)."""
        try:
            code = self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise AssertionError(
                f"hallway {' '.join(self.args)} did not end:\n{self.output()}"
            ) from None
        self._reader.join(timeout=5)
        return code

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


_template: Path | None = None


def fresh_sqlite_data_dir(target: Path) -> Path:
    """A data folder with a migrated SQLite database at `target`.

    Migrating takes seconds, so this test process migrates once and copies the result.
    """
    global _template
    if _template is None:
        template = Path(tempfile.mkdtemp(prefix="hallway-test-template-")) / "data"
        atexit.register(shutil.rmtree, template.parent, ignore_errors=True)
        # `hallway check` is tested on its own; here the checks would only add seconds.
        run_hallway("migrate", "--noinput", "--skip-checks", env=hallway_env(template))
        _template = template
    shutil.copytree(_template, target)
    return target


def sqlite_rows(data_dir: Path, sql: str, params: tuple[object, ...] = ()) -> list[tuple]:
    with sqlite3.connect(data_dir / SQLITE_FILE, timeout=20) as db:
        return db.execute(sql, params).fetchall()


def postgres_url(settings_dict: dict[str, object]) -> str:
    """A DATABASE_URL for the database pytest-django created for this test run."""
    user = quote(str(settings_dict.get("USER") or ""))
    password = quote(str(settings_dict.get("PASSWORD") or ""))
    credentials = f"{user}:{password}@" if password else f"{user}@" if user else ""
    host = settings_dict.get("HOST") or "localhost"
    port = settings_dict.get("PORT") or 5432
    return f"postgres://{credentials}{host}:{port}/{settings_dict['NAME']}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until(condition: Callable[[], object], *, what: str, timeout: float = 60) -> None:
    """Wait for a process to reach a state; the timeout only guards against hanging forever."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting: {what}")
        time.sleep(0.1)


def children_of(pid: int) -> list[int]:
    """Process ids whose parent is `pid` (Linux /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            found.append(int(stat.parent.name))
    return found


def is_running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"
