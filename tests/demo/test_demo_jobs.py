"""The demo's jobs: candidates at the open stages, one job's hiring frozen with its
candidates told and a resume date; `hallway job freeze` works on the other job."""

import datetime
import io
import json

import pytest
import time_machine
from django.core.management import call_command
from django.test import override_settings

from hallway.accounts.models import Organisation, User
from hallway.demo.data import DEMO_SLUG
from hallway.demo.jobs import demo_jobs_seed
from hallway.demo.seed import demo_seed
from hallway.outreach.models import Candidacy, Freeze, PersonalMessage, Source
from hallway.relationships.models import Order

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


@pytest.fixture(autouse=True)
def _at_noon(time_machine):
    time_machine.move_to(NOW)


def test_a_frozen_job_with_candidates_told_and_a_resume_date(demo, db):
    freeze = Freeze.objects.get(organisation=demo)
    assert freeze.resume_on == TODAY + datetime.timedelta(days=21)
    assert freeze.notified == 4
    told = PersonalMessage.objects.filter(organisation=demo, source=Source.FREEZE)
    assert told.count() == 4
    assert {message.language for message in told} <= {"en", "de", "nl"}
    stages = set(Candidacy.objects.filter(organisation=demo).values_list("stage", flat=True))
    assert {"applied", "screening", "interview", "offer"} <= stages


def test_seeding_again_changes_nothing(demo, db):
    before = (Order.objects.count(), Candidacy.objects.count(), Freeze.objects.count())
    summary = demo_jobs_seed(organisation=demo, today=TODAY)
    assert (summary.jobs, summary.candidacies, summary.frozen, summary.told) == (2, 8, 1, 4)
    assert (Order.objects.count(), Candidacy.objects.count(), Freeze.objects.count()) == before


def test_the_freeze_command_on_the_demos_other_job(demo, db):
    job = Order.objects.get(organisation=demo, external_id="demo-job-data")
    out = io.StringIO()
    call_command(
        "job", "freeze", str(job.pk), "--org", DEMO_SLUG, "--until", "2027-01-11",
        "--stages", "applied,screening", "--json", stdout=out, stderr=io.StringIO(),
    )  # fmt: skip
    assert json.loads(out.getvalue()) == {"notified": 2, "follow_up_on": "2027-01-11"}
