"""Periodic jobs of relationships."""

from django.utils import timezone
from django_tasks import task

from hallway.core.scheduler import DailyAt, periodic
from hallway.relationships.services.retention import retention_erase_everywhere


@periodic("relationships.retention_erase", DailyAt(hour=2, minute=40))
@task()
def retention_erase() -> int:
    """Contacts past their review and grace period are erased (idempotent: a second run
    finds none)."""
    return retention_erase_everywhere(now=timezone.now())
