"""Background work of absences: the public holidays of every location, kept filled."""

from django.utils import timezone
from django_tasks import task

from hallway.core.scheduler import DailyAt, periodic


@periodic("absences.public_holidays", DailyAt(hour=1, minute=20))
@task()
def public_holidays() -> int:
    """This year's and next year's public holidays for every location with a country
    (idempotent: a year already filled is left as it is)."""
    from hallway.absences.services import holidays_fill_all

    return holidays_fill_all(today=timezone.now().date())
