"""Housekeeping jobs of the installation itself."""

from typing import Any

from django.utils import timezone
from django_tasks import task

from hallway.core.liveness import tasks_recover_orphaned
from hallway.core.scheduler import DailyAt, Every, history_prune, periodic


@periodic("core.prune_history", DailyAt(hour=3, minute=30))
@task()
def prune_history() -> dict[str, int]:
    """Forget finished task results and scheduler claims older than 30 days (idempotent)."""
    return history_prune(now=timezone.now())


@periodic("core.recover_orphaned_tasks", Every(minutes=1))
@task()
def recover_orphaned_tasks() -> dict[str, Any]:
    """Requeue tasks left running by workers that died (idempotent: a second run finds none)."""
    return tasks_recover_orphaned(now=timezone.now()).as_dict()
