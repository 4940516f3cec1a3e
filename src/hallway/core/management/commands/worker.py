"""`hallway worker`: run queued background tasks and the periodic scheduler.

Each loop iteration ticks the scheduler (see `hallway.core.scheduler`), runs the worker
polls (the messaging outbox delivers due messages this way), then runs every ready task
through django-tasks-db's own `Worker` in batch mode. Its claim is what makes many workers
safe: on PostgreSQL `SELECT … FOR UPDATE SKIP LOCKED` inside a transaction that marks the
row running, on SQLite an exclusive transaction.

With `--until-idle` the scheduler ticks once, and the loop goes on until an iteration finds
no message due and no task ready: what the tasks enqueued (more tasks, outbox messages) is
done in the same run. Messages held back until later (sending windows, retry backoff, a
"not before") are not due, so the run still ends.

While it runs, a worker beats (`hallway.core.liveness`) from a thread with its own database
connection, so that the tasks of a worker that was killed mid-task can be found and run
again by the periodic job `core.recover_orphaned_tasks`.
"""

import logging
import os
import signal
import socket
import threading
import time
from argparse import SUPPRESS, ArgumentParser, ArgumentTypeError
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

from django.core.management.base import BaseCommand
from django.db import DatabaseError, close_old_connections
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker, valid_interval
from django_tasks_db.models import DBTaskResult

from hallway.core.liveness import HEARTBEAT_EVERY, Heartbeat, heartbeat_forget
from hallway.core.scheduler import polls_run, scheduler_tick

logger = logging.getLogger("hallway.worker")

# Seconds to wait after the database failed, doubling up to the maximum.
ERROR_BACKOFF_START = 1.0
ERROR_BACKOFF_MAX = 60.0
# How often a batch waits and retries when SQLite reports "database is locked".
LOCKED_RETRY_SECONDS = 0.2


class TaskRunner(Worker):
    """django-tasks-db's worker in batch mode: runs ready tasks one by one until none is left.

    Only adds a log line per task; claiming, running and recording stay the library's.
    """

    def __init__(self, *, queue_names: list[str], worker_id: str) -> None:
        super().__init__(
            queue_names=queue_names,
            interval=LOCKED_RETRY_SECONDS,
            batch=True,
            backend_name=DEFAULT_TASK_BACKEND_ALIAS,
            startup_delay=False,
            max_tasks=None,
            worker_id=worker_id,
            excluded_queue_names=[],
        )

    @property
    def tasks_run(self) -> int:
        return self._run_tasks

    def run_task(self, db_task_result: "DBTaskResult[..., Any]") -> None:
        started = time.monotonic()
        super().run_task(db_task_result)
        duration = time.monotonic() - started
        if db_task_result.status == TaskResultStatus.SUCCESSFUL:
            logger.info(
                "task %s id=%s status=%s duration=%.3fs",
                db_task_result.task_path,
                db_task_result.id,
                db_task_result.status,
                duration,
            )
        else:
            logger.error(
                "task %s id=%s status=%s duration=%.3fs\n%s",
                db_task_result.task_path,
                db_task_result.id,
                db_task_result.status,
                duration,
                db_task_result.traceback.rstrip(),
            )


class WorkerLoop:
    """Tick, run what is ready, wait; until told to stop (or until idle, with `until_idle`)."""

    def __init__(
        self,
        *,
        queue_names: list[str],
        interval: float,
        until_idle: bool,
        worker_id: str,
        parent_pid: int | None = None,
        heartbeat_interval: float = HEARTBEAT_EVERY.total_seconds(),
    ) -> None:
        self.queue_names = queue_names
        self.interval = interval
        self.until_idle = until_idle
        self.worker_id = worker_id
        self.parent_pid = parent_pid
        self.heartbeat_interval = heartbeat_interval
        self.stopping = False
        self.interrupted = False
        self.tasks_run = 0
        self._ticked = False
        self._runner: TaskRunner | None = None
        self._heartbeat: Heartbeat | None = None
        self._wake = threading.Event()

    def stop(self) -> None:
        """Finish the task in hand, then leave the loop."""
        self.stopping = True
        if self._runner is not None:
            self._runner.running = False
        self._wake.set()

    def run(self) -> None:
        logger.info(
            "worker %s started (queues: %s%s)",
            self.worker_id,
            ",".join(self.queue_names),
            ", until idle" if self.until_idle else f", every {self.interval:g}s",
        )
        heartbeat = Heartbeat(
            worker_id=self.worker_id, started_at=timezone.now(), interval=self.heartbeat_interval
        )
        # The first beat before the first claim, on this thread: from the start, any task
        # this worker holds has a heartbeat to go with it.
        heartbeat.beat()
        heartbeat.start()
        self._heartbeat = heartbeat
        try:
            self._loop()
        finally:
            heartbeat.stop()
            self._heartbeat = None
            self._forget_heartbeat()
        logger.info("worker %s stopped after %d task(s)", self.worker_id, self.tasks_run)

    def _loop(self) -> None:
        backoff = ERROR_BACKOFF_START
        while not self.stopping:
            try:
                busy = self.run_once()
                backoff = ERROR_BACKOFF_START
            except DatabaseError:
                if self.until_idle:
                    raise
                logger.exception(
                    "worker %s: database error, retrying in %gs", self.worker_id, backoff
                )
                if self._heartbeat is not None:
                    self._heartbeat.disown_earlier_claims()
                close_old_connections()
                self._sleep(backoff)
                backoff = min(backoff * 2, ERROR_BACKOFF_MAX)
                continue
            if self._parent_gone() or (self.until_idle and not busy):
                break
            if not busy:
                self._sleep(self.interval)

    def _forget_heartbeat(self) -> None:
        # Whatever ended the loop, this process holds no task any more. If the database is
        # unreachable, the heartbeat just goes stale, with the same result a little later.
        try:
            heartbeat_forget(worker_id=self.worker_id)
        except Exception:
            logger.warning("worker %s: could not remove its heartbeat", self.worker_id)

    def run_once(self) -> bool:
        """One tick, the worker polls, then every ready task; True if more work may be due now.

        The tasks that ran may have enqueued messages or more tasks: only an iteration that
        ran no task and found no message due is idle.
        """
        # Drop connections the database closed while we slept, as Django does per request.
        close_old_connections()
        # A run until idle ticks once: a slot that opens while it works is the next run's,
        # so the run ends even when its work takes longer than a job's interval.
        if not (self.until_idle and self._ticked):
            scheduler_tick(now=timezone.now())
            self._ticked = True
        busy = polls_run(worker_id=self.worker_id, stop=lambda: self.stopping)
        runner = TaskRunner(queue_names=self.queue_names, worker_id=self.worker_id)
        self._runner = runner
        # Checked after publishing the runner, so a signal arriving in between is not lost.
        if self.stopping:
            return False
        try:
            runner.run()
        finally:
            self.tasks_run += runner.tasks_run
            self._runner = None
            close_old_connections()
        return busy or runner.tasks_run > 0

    def _sleep(self, seconds: float) -> None:
        self._wake.wait(seconds)
        self._wake.clear()

    def _parent_gone(self) -> bool:
        """Started by `hallway serve --with-worker`: stop when that process disappears."""
        if self.parent_pid is None or os.getppid() == self.parent_pid:
            return False
        logger.warning(
            "worker %s: parent process %d is gone, stopping", self.worker_id, self.parent_pid
        )
        return True


@contextmanager
def graceful_signals(loop: WorkerLoop) -> Iterator[None]:
    """SIGTERM/SIGINT: finish the current task, then exit. A second signal interrupts it."""

    def handle(signum: int, frame: FrameType | None) -> None:
        if loop.stopping:
            logger.warning("%s again: interrupting the current task", signal.strsignal(signum))
            loop.interrupted = True
            raise KeyboardInterrupt
        # Stop first: a second signal that arrives while this one is still being logged
        # must count as the second.
        loop.stop()
        logger.warning(
            "%s: stopping after the current task (send it again to interrupt)",
            signal.strsignal(signum),
        )

    watched = [signal.SIGTERM, signal.SIGINT]
    previous = {signum: signal.signal(signum, handle) for signum in watched}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


@contextmanager
def library_logs_quieted() -> Iterator[None]:
    """The library logs two lines per batch and two per task; our own line replaces them."""
    quieted = {"django_tasks": logging.CRITICAL, "django_tasks_db": logging.WARNING}
    previous = {}
    for name, level in quieted.items():
        previous[name] = logging.getLogger(name).level
        logging.getLogger(name).setLevel(level)
    try:
        yield
    finally:
        for name, level in previous.items():
            logging.getLogger(name).setLevel(level)


def queue_names(value: str) -> list[str]:
    names = [name.strip() for name in value.split(",") if name.strip()]
    if not names:
        raise ArgumentTypeError("name at least one queue, or '*' for all")
    return names


def heartbeat_interval(value: str) -> float:
    seconds = valid_interval(value)
    if not 0 < seconds <= HEARTBEAT_EVERY.total_seconds():
        raise ArgumentTypeError(
            f"a heartbeat interval is more than 0 and at most {HEARTBEAT_EVERY.total_seconds():g}s"
        )
    return seconds


def default_worker_id() -> str:
    # Readable in the task results (which host and process ran it) and unique in the pool.
    return f"{socket.gethostname()[:40]}-{os.getpid()}-{get_random_string(6)}"


class Command(BaseCommand):
    help = "Run queued background tasks and the periodic jobs, until stopped (or until idle)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--until-idle",
            action="store_true",
            help=(
                "Tick the scheduler once, run every ready task and deliver every due message "
                "(including what those tasks enqueue), then exit (for cron)."
            ),
        )
        parser.add_argument(
            "--interval",
            type=valid_interval,
            default=1.0,
            metavar="SECONDS",
            help="Pause between looks for new tasks when idle (default: %(default)s).",
        )
        parser.add_argument(
            "--queue",
            type=queue_names,
            default=["default"],
            metavar="NAME",
            help="Queue(s) to run, comma-separated; '*' for all (default: default).",
        )
        parser.add_argument("--worker-id", default=None, help="Unique name of this worker.")
        # Set by `hallway serve --with-worker` so an orphaned worker stops by itself.
        parser.add_argument("--parent-pid", type=int, default=None, help=SUPPRESS)
        # Tests beat faster to watch the heartbeat thread; in production the recovery's
        # staleness window is tuned to the default.
        parser.add_argument(
            "--heartbeat-interval",
            type=heartbeat_interval,
            default=HEARTBEAT_EVERY.total_seconds(),
            help=SUPPRESS,
        )

    def handle(self, *args: Any, **options: Any) -> None:
        loop = WorkerLoop(
            queue_names=options["queue"],
            interval=options["interval"],
            until_idle=options["until_idle"],
            worker_id=(options["worker_id"] or default_worker_id())[:64],
            parent_pid=options["parent_pid"],
            heartbeat_interval=options["heartbeat_interval"],
        )
        try:
            with library_logs_quieted(), graceful_signals(loop):
                loop.run()
        except KeyboardInterrupt:
            loop.interrupted = True
        if loop.interrupted:
            # Stopped by a second signal: the task in hand was cut short (and recorded as failed).
            raise SystemExit(1)
