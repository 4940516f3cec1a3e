"""Housekeeping jobs of the installation itself."""

from django.utils import timezone
from django_tasks import task

from hallway.core.scheduler import DailyAt, history_prune, periodic


@periodic("core.prune_history", DailyAt(hour=3, minute=30))
@task()
def prune_history() -> dict[str, int]:
    """Forget finished task results and scheduler claims older than 30 days (idempotent)."""
    return history_prune(now=timezone.now())
