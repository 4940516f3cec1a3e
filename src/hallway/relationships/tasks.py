"""Periodic jobs of relationships: touches that arrive by themselves, the nightly
rhythm recount and the weekly digest, retention, and the clean-up of uploads.

Each job is idempotent (a touch is unique per source and external id), and a source's own
failure is stored on it for its owner to see; one broken source never stops the others.
"""

from django.utils import timezone
from django_tasks import task

from hallway.core.scheduler import DailyAt, Every, periodic
from hallway.relationships.importing.uploads import contact_imports_prune
from hallway.relationships.services.calendar_feed import calendar_subscriptions_read
from hallway.relationships.services.coffee_touches import coffee_touches_record
from hallway.relationships.services.digest import digests_send_due
from hallway.relationships.services.mailboxes import mailboxes_read
from hallway.relationships.services.retention import retention_erase_everywhere
from hallway.relationships.services.rhythms import rhythms_recount_all


@periodic("relationships.read_calendars", Every(minutes=30))
@task()
def read_calendars() -> int:
    """Every user's calendar feed: past meetings with contacts become touches."""
    return calendar_subscriptions_read(now=timezone.now())


@periodic("relationships.read_mailboxes", Every(minutes=15))
@task()
def read_mailboxes() -> int:
    """Every mailbox (users' folders, organisations' BCC mailboxes): mail with contacts."""
    return mailboxes_read(now=timezone.now())


@periodic("relationships.coffee_touches", Every(hours=1))
@task()
def coffee_touches() -> int:
    """Coffee dates that took place with someone who is also a contact."""
    return coffee_touches_record(now=timezone.now())


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


@periodic("relationships.rhythms", DailyAt(hour=2, minute=20))
@task()
def relationships_rhythms() -> int:
    """Learn every company's rhythm again (idempotent: it recomputes from the history)."""
    return rhythms_recount_all(now=timezone.now())


@periodic("relationships.digest", Every(hours=1))
@task()
def relationships_digest() -> int:
    """This week's digest to everyone whose moment has come (one per user and week)."""
    return digests_send_due(now=timezone.now())
