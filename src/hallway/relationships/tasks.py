"""Periodic jobs of relationships."""

from django.utils import timezone
from django_tasks import task

from hallway.core.scheduler import DailyAt, periodic
from hallway.relationships.importing.uploads import contact_imports_prune
from hallway.relationships.services.retention import retention_erase_everywhere


@periodic("relationships.retention_erase", DailyAt(hour=2, minute=40))
@task()
def retention_erase() -> int:
    """Contacts past their review and grace period are erased (idempotent: a second run
    finds none)."""
    return retention_erase_everywhere(now=timezone.now())


@periodic("relationships.prune_imports", DailyAt(hour=3, minute=50))
@task()
def prune_imports() -> int:
    """Uploaded contacts files nobody applied within a week are deleted (idempotent)."""
    return contact_imports_prune(now=timezone.now())
