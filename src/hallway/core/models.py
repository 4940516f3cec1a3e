from django.db import models
from django.utils.timezone import now


class ScheduledRun(models.Model):
    """One claimed run of a periodic job in one time slot.

    The unique constraint is the lock: of several schedulers ticking at once,
    exactly one inserts the row and enqueues the job.
    """

    job = models.CharField(max_length=100)
    slot = models.DateTimeField()
    claimed_at = models.DateTimeField(default=now)
    task_id = models.CharField(max_length=64, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["job", "slot"], name="one_run_per_slot")]
        ordering = ["-slot"]

    def __str__(self) -> str:
        return f"{self.job} @ {self.slot:%Y-%m-%d %H:%M}"


class WorkerHeartbeat(models.Model):
    """The last sign of life of one running `hallway worker` process.

    A worker writes it every few seconds from a thread of its own, and deletes it when it
    stops cleanly. A task still marked running whose worker stopped beating was abandoned
    (see `hallway.core.liveness`). `started_at` tells a restarted worker that reuses its
    id (`--worker-id host-1`) apart from the process that claimed a task before.
    """

    worker_id = models.CharField(max_length=64, unique=True)
    hostname = models.CharField(max_length=255, blank=True)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    last_seen = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["worker_id"]

    def __str__(self) -> str:
        return f"{self.worker_id} ({self.hostname}, pid {self.pid})"
