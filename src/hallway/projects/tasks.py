"""Periodic jobs of the client projects: every fifteen minutes, whatever is due in every
organisation (the agendas of tomorrow's meetings, "did you meet?" after a 1:1, series sent
again before their year of holidays runs short).
Idempotent: outbox keys and conditional updates decide, so a repeated or concurrent run
sends nothing twice."""

import logging

from django.utils import timezone
from django_tasks import task

from hallway.accounts.models import Organisation
from hallway.core.scheduler import Every, periodic
from hallway.projects.services.due import projects_run_due

logger = logging.getLogger("hallway.projects")


@periodic("projects.run_due", Every(minutes=15))
@task()
def projects_due() -> int:
    """Run every organisation's due project work; returns how many messages were queued."""
    now = timezone.now()
    queued = 0
    for organisation in Organisation.objects.order_by("id"):
        try:
            report = projects_run_due(organisation=organisation, now=now)
        except Exception:  # one organisation's failure must not hold up the others
            logger.exception("projects of organisation %s failed", organisation.pk)
            continue
        queued += report.queued
    return queued
