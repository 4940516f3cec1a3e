"""The demo's outreach: running sequences, messages waiting for approval, contractors with
check-ins answered (one client's ratings shown at k, the others hidden), a shared article
with its figures, quiet clients offered to their owners; and nothing queued to send."""

import datetime

import pytest
import time_machine
from django.test import override_settings

from hallway.accounts.models import Organisation, User
from hallway.demo.data import DEMO_SLUG
from hallway.demo.outreach import demo_outreach_seed
from hallway.demo.seed import demo_seed
from hallway.messaging.models import OutboxMessage, Status
from hallway.outreach.models import (
    Campaign,
    CheckIn,
    Enrollment,
    EnrollmentStatus,
    MessageStatus,
    PersonalMessage,
    QuietProposal,
)
from hallway.outreach.selectors.campaigns import campaign_figures
from hallway.outreach.selectors.care import client_feedback, clients_rated

TODAY = datetime.date(2026, 12, 9)
NOW = datetime.datetime(2026, 12, 9, 11, 0, tzinfo=datetime.UTC)
FAST_HASHING = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=FAST_HASHING),
        time_machine.travel(NOW),
    ):
        demo_seed(today=TODAY)
        organisation = Organisation.objects.get(slug=DEMO_SLUG)
    yield organisation
    with django_db_blocker.unblock():
        Organisation.objects.filter(slug=DEMO_SLUG).delete()
        User.objects.filter(email__endswith="@demo.hallway.test").delete()


def test_sequences_run_and_some_people_left_for_a_reason(demo, db):
    enrollments = Enrollment.objects.filter(organisation=demo)
    assert enrollments.filter(status=EnrollmentStatus.ACTIVE).count() >= 5
    reasons = set(
        enrollments.filter(status=EnrollmentStatus.LEFT).values_list("exit_reason", flat=True)
    )
    assert {"replied", "unsubscribed"} <= reasons
    waiting = PersonalMessage.objects.filter(organisation=demo, status=MessageStatus.PENDING)
    assert waiting.filter(owner__email="organiser@demo.hallway.test").exists()


def test_the_article_has_its_figures(demo, db):
    figures = campaign_figures(campaign=Campaign.objects.get(organisation=demo))
    assert figures.sent == figures.delivered > 0
    assert 0 < figures.clicked < figures.sent
    assert figures.replies >= 1
    assert figures.unsubscribes == 1


def test_contractors_answered_and_only_one_client_is_shown(demo, db):
    assert CheckIn.objects.filter(organisation=demo, answered_at__isnull=False).count() >= 20
    shown = {
        company.name: any(
            quarter.shown
            for quarter in client_feedback(organisation=demo, company=company, now=NOW).quarters
        )
        for company in clients_rated(demo)
    }
    assert len(shown) == 3
    assert sorted(shown.values()) == [False, False, True]


def test_quiet_clients_are_offered_and_nothing_waits_to_be_sent(demo, db):
    assert QuietProposal.objects.filter(organisation=demo).count() >= 3
    assert not OutboxMessage.objects.filter(organisation=demo, status=Status.QUEUED).exists()


def test_seeding_again_changes_nothing(demo, db):
    before = PersonalMessage.objects.filter(organisation=demo).count()
    demo_outreach_seed(organisation=demo, today=TODAY)
    assert PersonalMessage.objects.filter(organisation=demo).count() == before
