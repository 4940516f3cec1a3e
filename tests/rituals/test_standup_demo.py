"""The demo's stand-ups: two teams, a month of answers (German and Dutch where people write
in them), blockers with one resolved, people away marked away, and no message queued."""

import datetime

import pytest
from django.test import override_settings

from hallway.accounts.models import Organisation, User
from hallway.demo.data import DEMO_SLUG
from hallway.demo.seed import demo_seed
from hallway.demo.standups import TEXTS, demo_standups_seed
from hallway.messaging.models import OutboxMessage
from hallway.rituals.models import CheckIn, CheckInStatus, Digest, StandUp
from hallway.rituals.services.standups_run import standups_run_due

TODAY = datetime.date(2025, 3, 3)
FAST_HASHING = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHING):
        summary = demo_seed(today=TODAY)
    yield summary
    with django_db_blocker.unblock():
        Organisation.objects.filter(slug=DEMO_SLUG).delete()
        User.objects.filter(email__endswith="@demo.hallway.test").delete()


def test_two_daily_stand_ups_with_a_month_of_answers(db, demo):
    standups = StandUp.objects.filter(organisation=demo.organisation)
    assert sorted(standups.values_list("name", flat=True)) == [
        "Mobile daily",
        "Sales DACH Daily",
    ]
    rows = CheckIn.objects.filter(organisation=demo.organisation)
    assert rows.filter(status=CheckInStatus.ANSWERED).count() > 200
    assert rows.filter(status=CheckInStatus.AWAY).exclude(away_reason="").exists()
    assert rows.filter(blocked=True).count() >= 2
    assert rows.filter(blocked=True, blocker_resolved_at__isnull=False).count() == 1
    german = rows.filter(person__preferred_language="de", status=CheckInStatus.ANSWERED)
    assert german.filter(today__in=TEXTS["de"]["today"]).exists()
    # Mobile spans Amsterdam and Bangalore: two digests a day.
    mobile = standups.get(name="Mobile daily")
    assert Digest.objects.filter(occurrence__standup=mobile, number=2).exists()


def test_no_message_and_nothing_sent_for_the_past(db, demo):
    assert not OutboxMessage.objects.filter(template__startswith="rituals_").exists()
    now = datetime.datetime.combine(TODAY, datetime.time(0, 30), tzinfo=datetime.UTC)
    report = standups_run_due(organisation=demo.organisation, now=now)
    assert report.digests == 0
    assert report.reminded == 0


def test_seeding_again_changes_nothing(db, demo):
    before = CheckIn.objects.count()
    summary = demo_standups_seed(organisation=demo.organisation, today=TODAY)
    assert summary.standups == 2  # what the demo has, made by the first run
    assert CheckIn.objects.count() == before
