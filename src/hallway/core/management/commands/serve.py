"""`hallway serve`: the web application on waitress, optionally with a background worker.

Static files are served by WhiteNoise straight from the app folders (WHITENOISE_USE_FINDERS),
so no collectstatic step is needed: WhiteNoise prefers the finders' copies anyway, so a
collected copy would only go stale after an upgrade.
"""

import logging
import os
import signal
import subprocess
import sys
import threading
import time
from argparse import ArgumentParser
from types import FrameType
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.core.wsgi import get_wsgi_application
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

logger = logging.getLogger("hallway.serve")

# A worker that ran this long before dying was healthy: restart it without delay growth.
WORKER_HEALTHY_AFTER = 60.0
WORKER_BACKOFF_START = 1.0
WORKER_BACKOFF_MAX = 60.0
# How long the worker may take to finish its current task when we stop.
WORKER_STOP_TIMEOUT = 30.0
# Headers a trusted reverse proxy sets, so Django sees the client's scheme and host.
PROXY_HEADERS = "x-forwarded-for x-forwarded-host x-forwarded-proto x-forwarded-port"


class WorkerSupervisor:
    """Runs `hallway worker` as a child process, restarts it with backoff when it dies."""

    def __init__(self, command: list[str]) -> None:
        self.command = command
        self.process: subprocess.Popen[bytes] | None = None
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._thread = threading.Thread(
            target=self._supervise, name="worker-supervisor", daemon=True
        )

    def start(self) -> None:
        self._thread.start()

    def _spawn(self) -> subprocess.Popen[bytes] | None:
        with self._lock:
            if self._stopping.is_set():
                return None
            # Own session: a Ctrl-C in the terminal reaches only us, and we stop the worker
            # deliberately instead of racing its exit against a restart.
            self.process = subprocess.Popen(self.command, start_new_session=True)  # noqa: S603
            return self.process

    def _supervise(self) -> None:
        backoff = WORKER_BACKOFF_START
        while True:
            started = time.monotonic()
            process = self._spawn()
            if process is None:
                return
            logger.info("worker started (pid %d)", process.pid)
            code = process.wait()
            if self._stopping.is_set():
                return
            if time.monotonic() - started > WORKER_HEALTHY_AFTER:
                backoff = WORKER_BACKOFF_START
            logger.error(
                "worker (pid %d) exited with code %s; restarting in %gs", process.pid, code, backoff
            )
            if self._stopping.wait(backoff):
                return
            backoff = min(backoff * 2, WORKER_BACKOFF_MAX)

    def stop(self, *, force: bool = False) -> None:
        """Ask the worker to finish its current task and exit; kill it if it takes too long."""
        with self._lock:
            self._stopping.set()
            process = self.process
        if process is not None and process.poll() is None:
            if force:
                process.kill()
            else:
                process.terminate()
            try:
                process.wait(WORKER_STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                logger.warning("worker (pid %d) did not stop in time; killing it", process.pid)
                process.kill()
                process.wait()
        self._thread.join(timeout=5)


def unapplied_migrations() -> int:
    connection = connections[DEFAULT_DB_ALIAS]
    executor = MigrationExecutor(connection)
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def display_url(host: str, port: int) -> str:
    if host in {"0.0.0.0", "::", ""}:  # noqa: S104 - only a label for the printed URL
        host = "127.0.0.1"
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}/"


def stop_on_signals() -> None:
    """SIGTERM, SIGINT and SIGHUP stop the server the way Ctrl-C does."""

    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)
    # Set explicitly: a shell starts background jobs with SIGINT ignored.
    signal.signal(signal.SIGINT, interrupt)
    # An ignored SIGHUP means `nohup`: keep running when the terminal goes away.
    if signal.getsignal(signal.SIGHUP) is not signal.SIG_IGN:
        signal.signal(signal.SIGHUP, interrupt)


class Command(BaseCommand):
    help = "Serve Hallway over HTTP (waitress); with --with-worker also run the background worker."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--host",
            default=settings.SERVE_HOST,
            help="Address to listen on (default: %(default)s, or HALLWAY_HOST).",
        )
        parser.add_argument(
            "--port",
            type=int,
            default=settings.SERVE_PORT,
            help="Port to listen on (default: %(default)s, or HALLWAY_PORT).",
        )
        parser.add_argument(
            "--threads", type=int, default=8, help="Request threads (default: %(default)s)."
        )
        parser.add_argument(
            "--with-worker",
            action="store_true",
            help="Also run `hallway worker` as a child process and stop it on exit.",
        )
        parser.add_argument(
            "--trusted-proxy",
            default=None,
            metavar="ADDRESS",
            help="Address of a reverse proxy whose X-Forwarded-* headers are trusted ('*' for any).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from waitress.server import create_server

        if options["threads"] < 1:
            raise CommandError("--threads must be at least 1.")
        pending = unapplied_migrations()
        if pending:
            logger.warning(
                "%d database migration(s) are not applied; run `hallway migrate`.", pending
            )
        proxy: dict[str, Any] = {}
        if options["trusted_proxy"]:
            proxy = {
                "trusted_proxy": options["trusted_proxy"],
                "trusted_proxy_headers": PROXY_HEADERS,
                "clear_untrusted_proxy_headers": True,
            }
        try:
            server = create_server(
                get_wsgi_application(),
                host=options["host"],
                port=options["port"],
                threads=options["threads"],
                ident="Hallway",
                **proxy,
            )
        except OSError as exc:
            raise CommandError(
                f"Cannot listen on {options['host']}:{options['port']}: {exc}"
            ) from exc

        supervisor = None
        if options["with_worker"]:
            supervisor = WorkerSupervisor(
                [sys.executable, "-m", "hallway.cli", "worker", "--parent-pid", str(os.getpid())]
            )
        stop_on_signals()
        self.stdout.write(f"Hallway is running at {display_url(options['host'], options['port'])}")
        self.stdout.write("Press Ctrl+C to stop.")
        self.stdout.flush()
        try:
            if supervisor is not None:
                supervisor.start()
            server.run()  # returns after Ctrl-C / SIGTERM, having closed its sockets
        finally:
            if supervisor is not None:
                self.stdout.write("Stopping the worker (it finishes its current task)…")
                try:
                    supervisor.stop()
                except KeyboardInterrupt:
                    supervisor.stop(force=True)
            self.stdout.write("Hallway stopped.")
