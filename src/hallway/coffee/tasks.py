"""Background work of coffee: one periodic job runs the rounds (see `coffee.jobs`)."""

from typing import Any

from django.utils import timezone
from django_tasks import task

from hallway.core.scheduler import Every, periodic


@periodic("coffee.rounds", Every(minutes=15))
@task()
def coffee_rounds() -> dict[str, Any]:
    """Close, remind, plan and announce whatever is due (idempotent)."""
    from hallway.coffee.jobs import coffee_rounds_run

    report = coffee_rounds_run(now=timezone.now())
    return {
        "planned": report.planned,
        "announced": report.announced,
        "reminders": report.reminders,
        "closed": report.closed,
        "failed": report.failed,
    }
