"""`hallway serve`: the web application, optionally with a background worker.

On Linux and macOS it runs gunicorn with one process per core (`--processes`, or
HALLWAY_PROCESSES), each with `--threads` request threads (one by default), so pages are
served on every core;
with one process, or where gunicorn is not installed (Windows), it runs waitress in this
process. Both stop cleanly on SIGTERM, SIGINT and SIGHUP.

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

# Request threads per web process. Pages are mostly Python, which runs one thread at a time
# per process: with gunicorn, one thread (its sync workers) served more pages with shorter
# tails than 2 or 8 (bench/web_load.py: people list 165 against 131 req/s at 10 users, a
# coffee program's p95 96 against 330 ms), and a busy process leaves new connections to an
# idle one. Waitress is a single process, so it needs threads to serve more than one request.
GUNICORN_THREADS = 1
WAITRESS_THREADS = 8
# A worker that ran this long before dying was healthy: restart it without delay growth.
WORKER_HEALTHY_AFTER = 60.0
WORKER_BACKOFF_START = 1.0
WORKER_BACKOFF_MAX = 60.0
# How long the worker may take to finish its current task when we stop.
WORKER_STOP_TIMEOUT = 30.0
# Headers a trusted reverse proxy sets, so Django sees the client's scheme and host.
PROXY_HEADERS = "x-forwarded-for x-forwarded-host x-forwarded-proto x-forwarded-port"
# How long a request may run before gunicorn replaces its process, and how long the
# processes get to finish their requests when we stop.
REQUEST_TIMEOUT = 120
GRACEFUL_TIMEOUT = 30


class WorkerSupervisor:
    """Runs `hallway worker` as a child process, restarts it with backoff when it dies."""

    def __init__(self, command: list[str]) -> None:
        self.command = command
        self.process: subprocess.Popen[bytes] | None = None
        self._stopping = threading.Event()
        # Held while the worker is spawned; gunicorn's master holds it while it forks a web
        # process, which would otherwise inherit the half-spawned worker's pipes.
        self.spawn_lock = threading.Lock()
        self._thread = threading.Thread(
            target=self._supervise, name="worker-supervisor", daemon=True
        )

    def start(self) -> None:
        self._thread.start()

    def _spawn(self) -> subprocess.Popen[bytes] | None:
        with self.spawn_lock:
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
        with self.spawn_lock:
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


def default_processes() -> int:
    """HALLWAY_PROCESSES, else one process per core this process may run on."""
    configured = os.environ.get("HALLWAY_PROCESSES", "").strip()
    if configured:
        return int(configured)
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def gunicorn_available() -> bool:
    try:
        import gunicorn  # noqa: F401
    except ImportError:  # Windows: gunicorn needs fork
        return False
    return True


def with_proxy_headers(application: Any, trusted_proxy: str | None) -> Any:
    """Let a trusted reverse proxy tell Django the client's address, scheme and host (the
    X-Forwarded-* headers of anyone else are dropped), as waitress does itself."""
    if not trusted_proxy:
        return application
    from waitress.proxy_headers import proxy_headers_middleware

    return proxy_headers_middleware(
        application,
        trusted_proxy=trusted_proxy,
        trusted_proxy_headers=set(PROXY_HEADERS.split()),
        clear_untrusted=True,
    )


class Command(BaseCommand):
    help = (
        "Serve Hallway over HTTP (gunicorn with one process per core, or waitress); "
        "with --with-worker also run the background worker."
    )

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
            "--processes",
            type=int,
            default=None,
            help=(
                "Web processes (default: HALLWAY_PROCESSES, else one per core). With 1, or "
                "where gunicorn is not available, one waitress process serves everything."
            ),
        )
        parser.add_argument(
            "--threads",
            type=int,
            default=None,
            help=(
                f"Request threads per process (default: {GUNICORN_THREADS} with several "
                f"processes, {WAITRESS_THREADS} with one)."
            ),
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
        processes = options["processes"]
        if processes is None:
            try:
                processes = default_processes()
            except ValueError as exc:
                raise CommandError("HALLWAY_PROCESSES must be a whole number.") from exc
        if processes < 1:
            raise CommandError("--processes must be at least 1.")
        if options["threads"] is not None and options["threads"] < 1:
            raise CommandError("--threads must be at least 1.")
        pending = unapplied_migrations()
        if pending:
            logger.warning(
                "%d database migration(s) are not applied; run `hallway migrate`.", pending
            )
        # Processes forked later must not share this one's database connection.
        connections.close_all()
        if processes > 1 and not gunicorn_available():
            logger.warning("gunicorn is not available here: serving with one process (waitress).")
            processes = 1
        supervisor = None
        if options["with_worker"]:
            supervisor = WorkerSupervisor(
                [sys.executable, "-m", "hallway.cli", "worker", "--parent-pid", str(os.getpid())]
            )
        if options["threads"] is None:
            options["threads"] = WAITRESS_THREADS if processes == 1 else GUNICORN_THREADS
        if processes == 1:
            self._serve_waitress(options, supervisor)
        else:
            self._serve_gunicorn(options, processes, supervisor)

    def _announce(self, options: dict[str, Any], processes: int) -> None:
        self.stdout.write(f"Hallway is running at {display_url(options['host'], options['port'])}")
        threads = options["threads"]
        each = f"{threads} thread" if threads == 1 else f"{threads} threads"
        if processes == 1:
            self.stdout.write(f"Serving with 1 process ({each}, waitress).")
        else:
            self.stdout.write(f"Serving with {processes} processes ({each} each, gunicorn).")
        self.stdout.write("Press Ctrl+C to stop.")
        self.stdout.flush()

    def _stop_worker(self, supervisor: WorkerSupervisor | None) -> None:
        if supervisor is not None:
            self.stdout.write("Stopping the worker (it finishes its current task)…")
            try:
                supervisor.stop()
            except KeyboardInterrupt:
                supervisor.stop(force=True)
        self.stdout.write("Hallway stopped.")

    def _serve_waitress(self, options: dict[str, Any], supervisor: WorkerSupervisor | None) -> None:
        from waitress.server import create_server

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
        stop_on_signals()
        self._announce(options, 1)
        try:
            if supervisor is not None:
                supervisor.start()
            server.run()  # returns after Ctrl-C / SIGTERM, having closed its sockets
        finally:
            self._stop_worker(supervisor)

    def _serve_gunicorn(
        self, options: dict[str, Any], processes: int, supervisor: WorkerSupervisor | None
    ) -> None:
        from hallway.core.gunicorn_server import serve_with_gunicorn

        host, port = options["host"], options["port"]

        def ready() -> None:
            self._announce(options, processes)
            if supervisor is not None:
                supervisor.start()

        master = os.getpid()
        failed = False
        try:
            serve_with_gunicorn(
                with_proxy_headers(get_wsgi_application(), options["trusted_proxy"]),
                bind=f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
                processes=processes,
                threads=options["threads"],
                request_timeout=REQUEST_TIMEOUT,
                graceful_timeout=GRACEFUL_TIMEOUT,
                on_ready=ready,
                fork_lock=supervisor.spawn_lock if supervisor is not None else None,
            )
        except SystemExit as exit_:
            if os.getpid() != master:
                raise  # a web process ending; what follows is the master's alone
            failed = exit_.code not in (0, None)
        finally:
            if os.getpid() == master:
                self._stop_worker(supervisor)
        if failed:
            raise CommandError(f"Cannot serve on {host}:{port} (see the messages above).")
