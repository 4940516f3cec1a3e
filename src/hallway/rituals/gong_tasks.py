"""The gong's periodic job: the wins by email (idempotent: one digest per reader and
period, by its outbox key). Imported by the app's `ready()` so the scheduler knows it."""

from django.utils import timezone
from django_tasks import task

from hallway.core.scheduler import Every, periodic
from hallway.rituals.services.gong_digest import digests_send_due


@periodic("rituals.gong_digest", Every(hours=1))
@task()
def gong_digest() -> int:
    """Yesterday's or last week's wins to everyone who asked for them by email."""
    return digests_send_due(now=timezone.now())
