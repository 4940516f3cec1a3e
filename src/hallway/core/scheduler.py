"""Periodic jobs: which task runs how often, and the tick that enqueues each one once per slot.

A periodic job is a django-tasks task plus a schedule. Every `hallway worker` calls
`scheduler_tick()` about once per second. The tick works out each job's current *slot*
(the start of the interval that `now` falls into) and claims it by inserting a
`ScheduledRun` row; the unique constraint on (job, slot) lets exactly one of any number
of workers win. The winner enqueues the task in the same transaction, so a slot is never
claimed without its task being queued, nor queued twice.

Registering a job (in your app's `tasks.py`, which the scheduler imports by itself)::

    from django_tasks import task
    from hallway.core.scheduler import Every, periodic

    @periodic("coffee.start_due_rounds", Every(minutes=5))
    @task()
    def start_due_rounds() -> int:
        return round_start_due(now=timezone.now())

Rules every job must follow:

* **Idempotent.** The scheduler enqueues a job at most once per slot, but a job can still
  run twice: an operator re-enqueues a failed one, a worker dies after the work but before
  recording the result, or the job catches up after downtime right before its next slot.
  So a job looks at the current state ("who is due now?", with its own uniqueness guards
  such as idempotency keys) and never at "what happened since my last run".
* **No arguments.** The job reads the clock itself; pass ids only to follow-up tasks.
* **Catch-up runs once.** When no worker ran for a while, the next tick runs each job once
  for the current slot, not once per missed slot.
* A job that raises is recorded as a failed task result; the slot stays claimed and the
  job runs again in its next slot.
"""

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any, Protocol

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError, IntegrityError, transaction
from django.utils.module_loading import module_has_submodule
from django_tasks.base import Task

from hallway.core.models import ScheduledRun

logger = logging.getLogger("hallway.scheduler")

EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
DAY = datetime.timedelta(days=1)
JOB_NAME_MAX_LENGTH = ScheduledRun._meta.get_field("job").max_length or 100
# Apps register their periodic jobs in this module, next to the task definitions.
JOBS_MODULE = "tasks"


class Schedule(Protocol):
    """When a job runs: maps any moment to the start of the slot it falls into."""

    @property
    def period(self) -> datetime.timedelta: ...

    def slot(self, now: datetime.datetime) -> datetime.datetime: ...


@dataclass(frozen=True)
class Every:
    """A fixed interval aligned to midnight UTC: `Every(minutes=15)` starts slots at :00, :15, …"""

    days: int = 0
    hours: int = 0
    minutes: int = 0
    seconds: int = 0

    def __post_init__(self) -> None:
        if self.period < datetime.timedelta(seconds=1):
            raise ImproperlyConfigured("A periodic job's interval must be at least one second.")

    @property
    def period(self) -> datetime.timedelta:
        return datetime.timedelta(
            days=self.days, hours=self.hours, minutes=self.minutes, seconds=self.seconds
        )

    def slot(self, now: datetime.datetime) -> datetime.datetime:
        return EPOCH + ((now - EPOCH) // self.period) * self.period


@dataclass(frozen=True)
class DailyAt:
    """Once a day at HH:MM UTC."""

    hour: int
    minute: int = 0

    def __post_init__(self) -> None:
        if not (0 <= self.hour < 24 and 0 <= self.minute < 60):
            raise ImproperlyConfigured(f"Not a time of day: {self.hour:02}:{self.minute:02}.")

    @property
    def period(self) -> datetime.timedelta:
        return DAY

    def slot(self, now: datetime.datetime) -> datetime.datetime:
        utc = now.astimezone(datetime.UTC)
        today = utc.replace(hour=self.hour, minute=self.minute, second=0, microsecond=0)
        return today if utc >= today else today - DAY


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    task: Task[[], Any]
    schedule: Schedule


class PollFunction(Protocol):
    def __call__(self, *, worker_id: str, stop: Callable[[], bool]) -> bool: ...


@dataclass(frozen=True)
class WorkerPoll:
    """Work every worker does on each loop iteration, outside the task queue.

    For work that is already a queue of its own with its own safe claiming (the messaging
    outbox): a periodic task per second would only add a task row per second. The function
    takes the worker's id and a `stop()` to check between items, and returns True when more
    work is due right away (the worker then skips its pause).
    """

    name: str
    function: PollFunction


@dataclass
class JobRegistry:
    """The periodic jobs one scheduler knows. `registry` below is the installation's."""

    _jobs: dict[str, PeriodicJob] = field(default_factory=dict)
    _polls: dict[str, WorkerPoll] = field(default_factory=dict)
    _discovered: bool = False

    def register(self, name: str, task: Task[[], Any], schedule: Schedule) -> PeriodicJob:
        if not name or len(name) > JOB_NAME_MAX_LENGTH:
            raise ImproperlyConfigured(
                f"A periodic job needs a name of 1 to {JOB_NAME_MAX_LENGTH} characters."
            )
        if not isinstance(task, Task):
            raise ImproperlyConfigured(
                f"Periodic job {name!r} must be a django-tasks task (decorate it with @task())."
            )
        existing = self._jobs.get(name)
        if existing is not None and existing.task.module_path != task.module_path:
            raise ImproperlyConfigured(
                f"Periodic job {name!r} is registered twice: "
                f"{existing.task.module_path} and {task.module_path}."
            )
        job = PeriodicJob(name=name, task=task, schedule=schedule)
        self._jobs[name] = job
        return job

    def unregister(self, name: str) -> None:
        self._jobs.pop(name, None)

    def register_poll(self, name: str, function: PollFunction) -> WorkerPoll:
        poll = WorkerPoll(name=name, function=function)
        self._polls[name] = poll
        return poll

    def unregister_poll(self, name: str) -> None:
        self._polls.pop(name, None)

    def polls(self) -> list[WorkerPoll]:
        return sorted(self._polls.values(), key=lambda poll: poll.name)

    def jobs(self) -> list[PeriodicJob]:
        return sorted(self._jobs.values(), key=lambda job: job.name)

    def autodiscover(self) -> None:
        """Import every installed app's `tasks` module once, so their jobs are registered."""
        if self._discovered:
            return
        for app_config in apps.get_app_configs():
            if module_has_submodule(app_config.module, JOBS_MODULE):
                import_module(f"{app_config.name}.{JOBS_MODULE}")
        self._discovered = True

    def longest_period(self) -> datetime.timedelta:
        return max((job.schedule.period for job in self._jobs.values()), default=DAY)


registry = JobRegistry()


def periodic(name: str, schedule: Schedule) -> Callable[[Task[[], Any]], Task[[], Any]]:
    """Register the decorated task as a periodic job (put it above `@task()`)."""

    def register(task: Task[[], Any]) -> Task[[], Any]:
        registry.register(name, task, schedule)
        return task

    return register


def worker_poll(name: str) -> Callable[[PollFunction], PollFunction]:
    """Register the decorated function as a `WorkerPoll` (in your app's `tasks.py`)."""

    def register(function: PollFunction) -> PollFunction:
        registry.register_poll(name, function)
        return function

    return register


def polls_run(*, worker_id: str, stop: Callable[[], bool], jobs: JobRegistry | None = None) -> bool:
    """Run every worker poll once; True when one of them has more work due right away."""
    busy = False
    for poll in (jobs or installed_registry()).polls():
        if stop():
            break
        try:
            busy = bool(poll.function(worker_id=worker_id, stop=stop)) or busy
        except DatabaseError:
            raise  # the worker backs off and retries everything
        except Exception:
            logger.exception("worker poll %s failed", poll.name)
    return busy


def installed_registry() -> JobRegistry:
    registry.autodiscover()
    return registry


def scheduler_tick(*, now: datetime.datetime, jobs: JobRegistry | None = None) -> list[str]:
    """Claim and enqueue every job whose current slot is unclaimed; return their names.

    Safe to call from any number of processes at once: each slot is enqueued exactly once.
    """
    if now.tzinfo is None:
        raise ValueError("scheduler_tick needs an aware datetime.")
    enqueued = []
    for job in (jobs or installed_registry()).jobs():
        try:
            if _claim_and_enqueue(job, now=now):
                enqueued.append(job.name)
        except DatabaseError:
            raise  # the database is unwell: the worker backs off and retries everything
        except Exception:
            # One broken job (say, a queue missing from settings) must not stop the others.
            # Nothing was kept, so it is tried again on the next tick.
            logger.exception("periodic job %s could not be enqueued", job.name)
    return enqueued


def _claim_and_enqueue(job: PeriodicJob, *, now: datetime.datetime) -> bool:
    slot = job.schedule.slot(now)
    if already_claimed(job.name, slot):
        return False
    # One transaction for the claim and the task row (django-tasks-db writes it to the same
    # database): a crash in between leaves neither, so the slot is retried on the next tick.
    with transaction.atomic():
        try:
            # A savepoint: a lost race must not poison the caller's transaction.
            with transaction.atomic():
                run = ScheduledRun.objects.create(job=job.name, slot=slot, claimed_at=now)
        except IntegrityError:
            return False
        result = job.task.enqueue()
        run.task_id = str(result.id)
        run.save(update_fields=["task_id"])
    logger.info("periodic job %s enqueued for slot %s (task %s)", job.name, slot, result.id)
    return True


def already_claimed(job_name: str, slot: datetime.datetime) -> bool:
    # Cheap check before the insert: losing the insert race is rare, and every lost insert
    # would leave an error line in the PostgreSQL server log.
    return ScheduledRun.objects.filter(job=job_name, slot=slot).exists()


def history_prune(
    *, now: datetime.datetime, keep: datetime.timedelta = datetime.timedelta(days=30)
) -> dict[str, int]:
    """Delete finished task results and scheduler claims older than `keep`.

    Claims are kept for at least two periods of the slowest job, so a current slot's claim
    is never deleted (which would let the job run again). Ready and running tasks stay.
    """
    from django_tasks_db.models import DBTaskResult

    cutoff = now - keep
    claims_cutoff = now - max(keep, 2 * installed_registry().longest_period())
    results, _ = DBTaskResult.objects.finished().filter(finished_at__lt=cutoff).delete()
    claims, _ = ScheduledRun.objects.filter(slot__lt=claims_cutoff).delete()
    return {"task_results": results, "scheduled_runs": claims}
