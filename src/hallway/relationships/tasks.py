"""Background work of relationships: the nightly rhythm recount and the weekly digest."""

from django.utils import timezone
from django_tasks import task

from hallway.core.scheduler import DailyAt, Every, periodic


@periodic("relationships.rhythms", DailyAt(hour=2, minute=20))
@task()
def relationships_rhythms() -> int:
    """Learn every company's rhythm again (idempotent: it recomputes from the history)."""
    from hallway.relationships.services.rhythms import rhythms_recount_all

    return rhythms_recount_all(now=timezone.now())


@periodic("relationships.digest", Every(hours=1))
@task()
def relationships_digest() -> int:
    """This week's digest to everyone whose moment has come (one per user and week)."""
    from hallway.relationships.services.digest import digests_send_due

    return digests_send_due(now=timezone.now())
