"""Periodic job of outreach: every five minutes, whatever is due in every organisation.
Idempotent (see `services.due`)."""

import logging

from django.utils import timezone
from django_tasks import task

from hallway.accounts.models import Organisation
from hallway.core.scheduler import Every, periodic
from hallway.outreach.services.due import outreach_run_due

logger = logging.getLogger("hallway.outreach")


@periodic("outreach.run_due", Every(minutes=5))
@task()
def outreach_due() -> int:
    """Run every organisation's due outreach; returns how many messages were queued."""
    now = timezone.now()
    queued = 0
    for organisation in Organisation.objects.order_by("id"):
        try:
            report = outreach_run_due(organisation=organisation, now=now)
        except Exception:  # one organisation's failure must not hold up the others
            logger.exception("outreach of organisation %s failed", organisation.pk)
            continue
        queued += report.queued
    return queued
