"""The daily onboarding job: plan tracks for people about to start, introduce each meeting
of a track when its week begins, and mark finished tracks as completed.

Idempotent: a person has at most one track (a database constraint), every intro message
has an idempotency key, and `introduced_at` is set with a conditional update, so running
the job twice, or in two workers at once, plans and sends nothing twice.
"""

import datetime
import logging
from dataclasses import dataclass, field

from django.db.models import Count
from django_tasks import task

from hallway.accounts.models import Organisation
from hallway.accounts.tenancy import scoped
from hallway.coffee.interface import Pairing, pairing_introduce, pairings_for_messages
from hallway.core.scheduler import DailyAt, periodic
from hallway.core.timezones import organisation_today
from hallway.onboarding.models import OnboardingTemplate, OnboardingTrack
from hallway.onboarding.selectors import STEP_DAYS
from hallway.onboarding.services.planning import onboarding_plan_due, onboarding_tracks_complete

logger = logging.getLogger("hallway.coffee")


@dataclass
class OnboardingReport:
    planned: list[int] = field(default_factory=list)  # track ids
    introduced: list[int] = field(default_factory=list)  # pairing ids
    completed: int = 0
    failed: list[str] = field(default_factory=list)  # organisation slugs


def onboarding_intros_due(*, organisation: Organisation, now: datetime.datetime) -> list[int]:
    """Introduce the track meetings whose week has begun and that were not introduced yet."""
    today = organisation_today(organisation, now)
    due = (
        scoped(Pairing, organisation)
        .filter(onboarding_meeting__isnull=False, introduced_at__isnull=True)
        # A meeting's week runs from six days before its date up to it (see `step_dates`).
        .filter(due_on__gte=today, due_on__lte=today + STEP_DAYS)
        .annotate(people=Count("members"))
        .filter(people__gte=2)
        .order_by("due_on", "id")
    )
    introduced = []
    for pairing in pairings_for_messages(due):
        pairing_introduce(pairing=pairing)
        Pairing.objects.filter(pk=pairing.pk, introduced_at__isnull=True).update(introduced_at=now)
        introduced.append(pairing.pk)
    return introduced


def onboarding_run(*, now: datetime.datetime) -> OnboardingReport:
    """Everything onboarding does once a day, for every organisation that set it up."""
    report = OnboardingReport()
    with_template = OnboardingTemplate.objects.values("organisation_id")
    with_tracks = OnboardingTrack.objects.values("organisation_id")
    organisations = Organisation.objects.filter(pk__in=with_template) | Organisation.objects.filter(
        pk__in=with_tracks
    )
    for organisation in organisations.distinct().order_by("pk"):
        try:
            report.planned += [
                t.pk
                for t in onboarding_plan_due(organisation=organisation, now=now, automatic=True)
            ]
            report.introduced += onboarding_intros_due(organisation=organisation, now=now)
            report.completed += onboarding_tracks_complete(organisation=organisation, now=now)
        except Exception:
            # One organisation's problem must not stop the others; tomorrow tries again.
            logger.exception("onboarding: organisation %s failed", organisation.pk)
            report.failed.append(organisation.slug)
    return report


@periodic("onboarding.daily", DailyAt(hour=5, minute=15))
@task()
def onboarding_daily() -> dict[str, object]:
    """Plan new hires' tracks, introduce this week's meetings, complete finished tracks."""
    from django.utils import timezone

    report = onboarding_run(now=timezone.now())
    return {
        "planned": len(report.planned),
        "introduced": len(report.introduced),
        "completed": report.completed,
        "failed": report.failed,
    }
