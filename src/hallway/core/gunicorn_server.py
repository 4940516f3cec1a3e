"""gunicorn run from `hallway serve`: several web processes (one per core by default), the
WSGI application loaded once and shared by fork.

Only imported where gunicorn is installed (not on Windows; there `hallway serve` uses
waitress alone)."""

import signal
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from typing import Any

from gunicorn.app.base import BaseApplication
from gunicorn.arbiter import Arbiter


class _Application(BaseApplication):
    def __init__(self, application: Any, options: dict[str, Any]) -> None:
        self.application = application
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            if key in self.cfg.settings:  # settings newer than the installed gunicorn are skipped
                self.cfg.set(key, value)

    def load(self) -> Any:
        return self.application


class _Arbiter(Arbiter):
    """gunicorn's master, where SIGHUP means what it means for `hallway serve` on waitress:
    the terminal went away, so stop (or, under `nohup`, keep running) - not "reload".

    It forks web processes holding `fork_lock`, the lock the background worker is spawned
    under: a web process forked while the worker is being spawned would keep the pipe
    through which `subprocess` learns that the worker started open, and hang the spawn."""

    hup_ignored = False
    fork_lock: AbstractContextManager[Any] = nullcontext()

    def handle_hup(self) -> None:
        if not self.hup_ignored:
            raise StopIteration

    def spawn_worker(self) -> Any:
        with self.fork_lock:
            return super().spawn_worker()


def serve_with_gunicorn(
    application: Any,
    *,
    bind: str,
    processes: int,
    threads: int,
    request_timeout: int,
    graceful_timeout: int,
    on_ready: Callable[[], None],
    fork_lock: AbstractContextManager[Any] | None = None,
) -> None:
    """Serve until SIGTERM, SIGINT or SIGHUP; ends with SystemExit (0 after a clean stop).

    `on_ready` runs in this (the master) process once the socket listens. The master also
    collects every child process's exit: a background worker started from `on_ready` may
    now and then read as having exited with 0; its supervisor restarts it either way.
    `fork_lock`: see `_Arbiter`."""
    options = {
        "bind": [bind],
        "workers": processes,
        "worker_class": "gthread" if threads > 1 else "sync",
        "threads": threads,
        "timeout": request_timeout,
        "graceful_timeout": graceful_timeout,
        "preload_app": True,
        "proc_name": "hallway",
        "accesslog": None,
        "errorlog": "-",
        "loglevel": "warning",
        "control_socket_disable": True,
        "when_ready": lambda _arbiter: on_ready(),
    }
    _Arbiter.hup_ignored = signal.getsignal(signal.SIGHUP) is signal.SIG_IGN
    _Arbiter.fork_lock = fork_lock or nullcontext()
    _Arbiter(_Application(application, options)).run()
