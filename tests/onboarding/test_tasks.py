"""The daily onboarding job: plans, introduces each week's meeting once, completes tracks."""

import datetime

from hallway.coffee.models import Pairing
from hallway.core.scheduler import installed_registry
from hallway.messaging.models import OutboxMessage
from hallway.onboarding.models import OnboardingTrack
from hallway.onboarding.services.setup import (
    buddy_volunteer_save,
    onboarding_template_default,
)
from hallway.onboarding.tasks import onboarding_run
from tests.onboarding.test_planning import NOW, company, new_hire  # noqa: F401


def test_the_job_is_registered():
    assert "onboarding.daily" in {job.name for job in installed_registry().jobs()}


def test_the_job_plans_nothing_with_an_inactive_template(company):  # noqa: F811
    template = onboarding_template_default(organisation=company["org"])
    template.active = False
    template.save()
    new_hire(company, "Nina New")
    assert onboarding_run(now=NOW).planned == []
    assert not OnboardingTrack.objects.exists()


def test_plans_then_introduces_each_week_once(company):  # noqa: F811
    org, people = company["org"], company["people"]
    onboarding_template_default(organisation=org)
    buddy_volunteer_save(organisation=org, person=people["sales0"], capacity=1)
    nina = new_hire(company, "Nina New", days_ahead=7)

    report = onboarding_run(now=NOW)
    track = OnboardingTrack.objects.get(person=nina)
    assert report.planned == [track.pk]
    assert report.introduced == []  # her first week has not begun
    assert not OutboxMessage.objects.exists()

    first_day = datetime.datetime.combine(nina.start_date, datetime.time(6), tzinfo=datetime.UTC)
    report = onboarding_run(now=first_day)
    buddy = Pairing.objects.get(
        onboarding_meeting__track=track, onboarding_meeting__step__kind="buddy"
    )
    assert report.introduced == [buddy.pk]
    recipients = set(OutboxMessage.objects.values_list("person_id", flat=True))
    assert recipients == {nina.pk, people["sales0"].pk}
    sent = OutboxMessage.objects.count()
    # The next day (and a second worker) send nothing again.
    assert onboarding_run(now=first_day + datetime.timedelta(days=1)).introduced == []
    assert onboarding_run(now=first_day).introduced == []
    assert OutboxMessage.objects.count() == sent
    buddy.refresh_from_db()
    assert buddy.introduced_at == first_day
    # Week two brings the teammate.
    week_two = first_day + datetime.timedelta(weeks=1)
    introduced = onboarding_run(now=week_two).introduced
    assert [Pairing.objects.get(pk=pk).onboarding_meeting.step.kind for pk in introduced] == [
        "teammate"
    ]


def test_finished_tracks_are_completed(company):  # noqa: F811
    org = company["org"]
    onboarding_template_default(organisation=org)
    new_hire(company, "Nina New", days_ahead=7)
    onboarding_run(now=NOW)
    assert onboarding_run(now=NOW + datetime.timedelta(weeks=8)).completed == 1
    assert OnboardingTrack.objects.get().completed_at is not None
