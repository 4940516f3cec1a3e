"""Worker liveness: heartbeats, and putting back the tasks of workers that died mid-task.

django-tasks-db marks a task RUNNING when a worker claims it (`DBTaskResult.claim` appends
the worker id to `worker_ids` and sets `started_at`). A worker killed hard (SIGKILL, out of
memory, power loss, a machine gone) never records the result, so without help the task
would stay RUNNING forever and its work would be lost.

So every `hallway worker` beats: its `Heartbeat` thread upserts the worker's
`WorkerHeartbeat` every `HEARTBEAT_EVERY` (a long task on the main thread does not stop
it), and the worker deletes it when it stops cleanly. `tasks_recover_orphaned()`, run every minute by the periodic job
`core.recover_orphaned_tasks`, puts every RUNNING task whose claiming worker has not beaten
for `STALE_AFTER` back to READY, so another worker runs it again. Tasks therefore run
*at least once*: a task can run a second time after its worker died part-way through,
which is why every task must be safe to run twice.

A worker that hit a database error mid-task cannot tell whether the result was recorded;
it moves its heartbeat's `started_at` forward, which disowns its earlier claims the same way
a restart under the same worker id does.

A task that took down `MAX_ATTEMPTS` workers in a row (a poison task: it runs out of
memory, crashes the interpreter) is marked FAILED instead of being handed to the next one.

Worker clocks must agree within a few seconds (NTP): heartbeats and claims are stamped by
the workers, and compared with the clock of the worker running the recovery.
"""

import datetime
import logging
import os
import socket
import threading
import time
import traceback
from contextlib import suppress
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeAlias

from django.db import connection
from django.db.models import QuerySet
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from hallway.core.models import WorkerHeartbeat

if TYPE_CHECKING:
    # A task of any kind: its arguments and result are the task's business, not ours.
    TaskRow: TypeAlias = DBTaskResult[..., Any]

logger = logging.getLogger("hallway.liveness")

# A worker beats this often; it counts as gone after missing several beats in a row, so a
# slow database or a busy machine does not make a live worker look dead, while what a
# killed worker held (its task, the messages it was sending) is taken over within 30 s:
# stale after 20 s, and the next worker that looks (every second by default) takes it.
HEARTBEAT_EVERY = datetime.timedelta(seconds=4)
STALE_AFTER = datetime.timedelta(seconds=20)
# Claims of one task (each claim appends to `worker_ids`) before it is given up on.
MAX_ATTEMPTS = 3
# Heartbeats left behind by killed workers are kept a while to help with post-mortems.
FORGET_HEARTBEATS_AFTER = datetime.timedelta(days=1)
HOSTNAME_MAX_LENGTH = WorkerHeartbeat._meta.get_field("hostname").max_length or 255
# After a failed heartbeat, try again sooner than the regular beat: a worker that misses
# beats for long enough is taken for dead and its task is run again elsewhere.
HEARTBEAT_RETRY_SECONDS = 2.0
# How long a stopping worker waits for a heartbeat stuck in a database call.
HEARTBEAT_JOIN_SECONDS = 5.0


class TaskAbandoned(Exception):
    """Recorded as the error of a task that every worker running it died on."""


@dataclass(frozen=True)
class RecoveryReport:
    """What one recovery did: ids of tasks put back to READY or marked FAILED."""

    requeued: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    heartbeats_deleted: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "requeued": self.requeued,
            "failed": self.failed,
            "heartbeats_deleted": self.heartbeats_deleted,
        }


def heartbeat_beat(
    *,
    worker_id: str,
    now: datetime.datetime,
    started_at: datetime.datetime | None = None,
    hostname: str | None = None,
    pid: int | None = None,
) -> None:
    """Record that worker `worker_id` is alive at `now` (insert or update, one statement).

    `started_at` is when the worker process started; give it on every beat, so a new
    process reusing an id replaces the old process's start (without it, the first beat's
    `now` is kept).
    """
    hostname = socket.gethostname() if hostname is None else hostname
    update_fields = ["hostname", "pid", "last_seen"]
    if started_at is not None:
        update_fields.append("started_at")
    WorkerHeartbeat.objects.bulk_create(
        [
            WorkerHeartbeat(
                worker_id=worker_id,
                hostname=hostname[:HOSTNAME_MAX_LENGTH],
                pid=os.getpid() if pid is None else pid,
                started_at=started_at or now,
                last_seen=now,
            )
        ],
        update_conflicts=True,
        unique_fields=["worker_id"],
        update_fields=update_fields,
    )


def heartbeat_forget(*, worker_id: str) -> None:
    """A worker stopped cleanly: it left no task behind, so there is nothing to wait for."""
    WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()


class Heartbeat:
    """Keeps this worker's heartbeat fresh from a daemon thread while the worker runs.

    The thread has its own database connection (Django's are per thread), so a task that
    runs for an hour does not make its worker look dead. A failed beat is logged and tried
    again; it never stops the worker.
    """

    def __init__(
        self,
        *,
        worker_id: str,
        started_at: datetime.datetime,
        interval: float = HEARTBEAT_EVERY.total_seconds(),
        retry_interval: float = HEARTBEAT_RETRY_SECONDS,
        taken_for_dead_after: float = STALE_AFTER.total_seconds(),
    ) -> None:
        self.worker_id = worker_id
        self.started_at = started_at
        self.interval = interval
        self.retry_interval = min(retry_interval, interval)
        self.taken_for_dead_after = taken_for_dead_after
        self.failures = 0
        self._last_success = time.monotonic()
        self._outage_reported = False
        self._stopped = threading.Event()
        self._thread = threading.Thread(
            target=self._run, name=f"heartbeat {worker_id}", daemon=True
        )

    def beat(self) -> bool:
        """One beat on the calling thread's connection; False (and logged) when it failed."""
        try:
            heartbeat_beat(worker_id=self.worker_id, now=timezone.now(), started_at=self.started_at)
        except Exception:
            self.failures += 1
            if self.failures == 1:
                logger.exception(
                    "worker %s: heartbeat failed, retrying every %gs",
                    self.worker_id,
                    self.retry_interval,
                )
            else:
                logger.warning(
                    "worker %s: heartbeat failed %d times in a row",
                    self.worker_id,
                    self.failures,
                )
            silent_for = time.monotonic() - self._last_success
            if not self._outage_reported and silent_for > self.taken_for_dead_after:
                self._outage_reported = True
                logger.error(
                    "worker %s: no heartbeat for over %gs; the recovery takes this worker "
                    "for dead, so a task it is running may run again on another worker",
                    self.worker_id,
                    self.taken_for_dead_after,
                )
            return False
        self._last_success = time.monotonic()
        self._outage_reported = False
        if self.failures:
            logger.info(
                "worker %s: heartbeat works again after %d failure(s)",
                self.worker_id,
                self.failures,
            )
            self.failures = 0
        return True

    def disown_earlier_claims(self) -> None:
        """Declare every task this worker claimed until now abandoned (from the next beat).

        After a database error the worker cannot know whether the task in hand was recorded
        (nor whether a claim whose commit failed went through). The recovery treats a task
        claimed before the heartbeat's `started_at` like one of a restarted worker: it runs
        it again, instead of leaving it RUNNING for as long as this worker lives.
        """
        self.started_at = timezone.now()

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stopped.set()
        self._thread.join(HEARTBEAT_JOIN_SECONDS)

    def _run(self) -> None:
        ok = True
        try:
            while not self._stopped.wait(self.interval if ok else self.retry_interval):
                ok = self.beat()
                if not ok:
                    # Reconnect on the next beat rather than reuse a broken connection.
                    with suppress(Exception):
                        connection.close()
        finally:
            with suppress(Exception):
                connection.close()


def tasks_recover_orphaned(*, now: datetime.datetime) -> RecoveryReport:
    """Put RUNNING tasks whose worker is gone back to READY (or FAILED after MAX_ATTEMPTS).

    A task is orphaned when it started more than STALE_AFTER ago and its claiming worker
    (the last of `worker_ids`) has no heartbeat since `now - STALE_AFTER`, or restarted
    (same id, later start) after claiming it. Safe to run in several processes at once:
    each change is a conditional UPDATE on the status and start seen here, so a task
    another recovery already handled, or a worker claimed again since, is left alone.
    """
    if now.tzinfo is None:
        raise ValueError("tasks_recover_orphaned needs an aware datetime.")
    cutoff = now - STALE_AFTER
    candidates = list(DBTaskResult.objects.running().filter(started_at__lt=cutoff).order_by())
    claimants = {_claimant(task) for task in candidates} - {None}
    heartbeats = {
        beat.worker_id: beat for beat in WorkerHeartbeat.objects.filter(worker_id__in=claimants)
    }
    requeued, failed = [], []
    for task in candidates:
        heartbeat = heartbeats.get(_claimant(task) or "")
        if heartbeat is not None and _alive(heartbeat, task, cutoff=cutoff):
            continue
        if _attempts(task) >= MAX_ATTEMPTS:
            if _fail(task, now=now):
                failed.append(str(task.id))
        elif _requeue(task):
            requeued.append(str(task.id))
    deleted, _ = WorkerHeartbeat.objects.filter(
        last_seen__lt=now - FORGET_HEARTBEATS_AFTER
    ).delete()
    return RecoveryReport(requeued=requeued, failed=failed, heartbeats_deleted=deleted)


def _claimant(task: "TaskRow") -> str | None:
    worker_ids = task.worker_ids if isinstance(task.worker_ids, list) else []
    return str(worker_ids[-1]) if worker_ids else None


def _attempts(task: "TaskRow") -> int:
    return len(task.worker_ids) if isinstance(task.worker_ids, list) else 0


def _alive(heartbeat: WorkerHeartbeat, task: "TaskRow", *, cutoff: datetime.datetime) -> bool:
    assert task.started_at is not None  # selected by started_at
    # A heartbeat that (re)started after the claim is a new process reusing the id, or a
    # worker that disowned its claims after a database error: the claim is not held.
    return heartbeat.last_seen >= cutoff and heartbeat.started_at <= task.started_at


def _still_as_seen(task: "TaskRow") -> "QuerySet[TaskRow]":
    # Same status and same claim: not finished meanwhile, nor requeued and claimed again.
    return DBTaskResult.objects.filter(
        id=task.id, status=TaskResultStatus.RUNNING, started_at=task.started_at
    )


def _requeue(task: "TaskRow") -> bool:
    # worker_ids is kept: the history shows every attempt, and it counts them.
    if not _still_as_seen(task).update(status=TaskResultStatus.READY):
        return False
    logger.warning(
        "task %s id=%s requeued: worker %s stopped without finishing it (attempt %d of %d)",
        task.task_path,
        task.id,
        _claimant(task) or "(unknown)",
        _attempts(task),
        MAX_ATTEMPTS,
    )
    return True


def _fail(task: "TaskRow", *, now: datetime.datetime) -> bool:
    attempts = _attempts(task)
    workers = ", ".join(str(worker_id) for worker_id in task.worker_ids)
    error = TaskAbandoned(
        f"abandoned by {attempts} workers that stopped without finishing it ({workers})"
    )
    changed = _still_as_seen(task).update(
        status=TaskResultStatus.FAILED,
        finished_at=now,
        return_value=None,
        exception_class_path=f"{TaskAbandoned.__module__}.{TaskAbandoned.__qualname__}",
        traceback="".join(traceback.format_exception_only(error)),
    )
    if not changed:
        return False
    logger.error("task %s id=%s failed: %s", task.task_path, task.id, error)
    return True
