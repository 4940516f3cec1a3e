"""Periodic jobs of the rituals: every five minutes, whatever is due in every organisation
(stand-up questions and pulse rounds at each person's local time, reminders, digests at
each zone group's cut-off, rounds closed at their cut-off).
Idempotent: unique check-ins, conditional updates and outbox keys decide, so a repeated or
concurrent run sends nothing twice."""

import logging

from django.utils import timezone
from django_tasks import task

from hallway.accounts.models import Organisation
from hallway.core.scheduler import Every, periodic
from hallway.rituals.services.due import rituals_run_due

logger = logging.getLogger("hallway.rituals")


@periodic("rituals.run_due", Every(minutes=5))
@task()
def rituals_due() -> int:
    """Run every organisation's due rituals; returns how many messages were queued."""
    now = timezone.now()
    queued = 0
    for organisation in Organisation.objects.order_by("id"):
        try:
            report = rituals_run_due(organisation=organisation, now=now)
        except Exception:  # one organisation's failure must not hold up the others
            logger.exception("rituals of organisation %s failed", organisation.pk)
            continue
        queued += report.queued
    return queued
