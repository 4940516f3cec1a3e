"""Periodic jobs of gatherings: reminders before, touches after.

Both are idempotent (reminders by their outbox keys, touches by their external ids), so a
run repeated after a crash, or catching up after downtime, sends and records nothing twice.
"""

from django.utils import timezone
from django_tasks import task

from hallway.core.scheduler import Every, periodic
from hallway.gatherings.services.reminders import reminders_send_due
from hallway.gatherings.services.series import series_schedule_due
from hallway.gatherings.services.touches import gathering_touches_record


@periodic("gatherings.reminders", Every(minutes=5))
@task()
def gatherings_reminders() -> int:
    """Reminders 24 hours and one hour before each gathering, to every guest with a seat."""
    return reminders_send_due(now=timezone.now())


@periodic("gatherings.touches", Every(hours=1))
@task()
def gatherings_touches() -> int:
    """Gatherings that took place: each contact who said yes was touched."""
    return gathering_touches_record(now=timezone.now())


@periodic("gatherings.series", Every(days=1))
@task()
def gatherings_series() -> int:
    """The next occurrences of recurring happy hours, created ten days ahead (idempotent:
    one per series and date)."""
    return series_schedule_due(now=timezone.now())


@periodic("gatherings.afterwards", Every(hours=1))
@task()
def gatherings_afterwards() -> int:
    """Gatherings that ended an hour to a week ago: "who you met" notes and the memory of
    who met whom."""
    from hallway.gatherings.services.afterwards import afterwards_send_due

    return afterwards_send_due(now=timezone.now())
