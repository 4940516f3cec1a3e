"""Background work of the audit log: forgetting what is older than the retention."""

from django.utils import timezone
from django_tasks import task

from hallway.core.scheduler import DailyAt, periodic


@periodic("audit.prune", DailyAt(hour=3, minute=40))
@task()
def prune() -> int:
    from hallway.audit.services import audit_prune

    return audit_prune(now=timezone.now())
