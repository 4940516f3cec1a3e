"""The demo's two client projects, mid-way: New York and the Netherlands, half covered."""

import datetime
import io
from collections import Counter

import pytest
import time_machine
from django.core.management import call_command
from django.test import override_settings

from hallway.accounts.models import Organisation, User
from hallway.demo.data import DEMO_SLUG
from hallway.demo.projects import demo_projects
from hallway.demo.seed import demo_seed
from hallway.messaging.models import OutboxMessage
from hallway.projects.models import OneOnOne, OneOnOneStatus
from hallway.projects.selectors.coverage import project_coverage
from hallway.projects.selectors.roster import member_language, member_zone, roster_of
from tests.projects.test_one_on_ones import inside_hours

TODAY = datetime.date(2026, 12, 9)
FAST_HASHING = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=FAST_HASHING),
        time_machine.travel(datetime.datetime(2026, 12, 9, 11, 0, tzinfo=datetime.UTC)),
    ):
        summary = demo_seed(today=TODAY)
    yield summary
    with django_db_blocker.unblock():
        Organisation.objects.filter(slug=DEMO_SLUG).delete()
        User.objects.filter(email__endswith="@demo.hallway.test").delete()


@pytest.fixture(autouse=True)
def _fast_hashing(settings):
    settings.PASSWORD_HASHERS = FAST_HASHING


def projects():
    return {p.name: p for p in demo_projects(Organisation.objects.get(slug=DEMO_SLUG))}


def test_two_client_projects_one_in_new_york_one_in_the_netherlands(db, demo):
    found = projects()
    assert demo.projects.projects == len(found) == 2
    us, nl = found["US shop rollout"], found["Platform migration Windmolen"]
    organisation = us.organisation
    for project, zone, region, language in (
        (us, "America/New_York", "US-NY", "en"),
        (nl, "Europe/Amsterdam", "NL", "nl"),
    ):
        assert project.goal
        assert project.lead.email == "organiser@demo.hallway.test"
        assert project.starts_on < TODAY < project.ends_on
        assert project.sponsor is not None
        assert project.sponsor.key_counterpart
        members = roster_of(project)
        ours = [m for m in members if m.ours]
        theirs = [m for m in members if not m.ours]
        assert all(m.role and m.responsibilities for m in members)
        assert any(m.key_counterpart for m in ours)
        assert {m.person.location.name for m in ours} <= {"Berlin", "Amsterdam"}
        for member in theirs:
            assert member.contact.company == project.company
            assert member_zone(member, organisation) == zone
            assert member.contact.effective("holiday_region") == region
            assert member_language(member, organisation) == language
    assert {m.person.location.name for m in roster_of(us) if m.ours} == {"Berlin", "Amsterdam"}


def test_each_coverage_matrix_is_half_filled(db, demo):
    statuses: Counter[str] = Counter()
    for project in projects().values():
        coverage = project_coverage(project=project)
        mine = Counter(p.status for p in coverage.pairs)
        assert min(mine["met"], mine["planned"], mine["missing"]) > 0, project.name
        assert 0.3 <= coverage.covered / coverage.required <= 0.6
        statuses.update(mine)
    assert statuses["declined"] == 1
    assert (demo.projects.covered, demo.projects.required) == (
        statuses["met"],
        sum(statuses.values()),
    )


def test_met_ones_lie_in_the_past_planned_ones_ahead_inside_everyones_hours(db, demo):
    organisation = Organisation.objects.get(slug=DEMO_SLUG)
    for one_on_one in OneOnOne.objects.filter(organisation=organisation).select_related(
        "ours__person", "theirs__contact__company"
    ):
        if one_on_one.status == OneOnOneStatus.PLANNED:
            assert one_on_one.start.date() > TODAY
            for member in (one_on_one.ours, one_on_one.theirs):
                assert inside_hours(member, one_on_one.start, one_on_one.end, organisation)
        else:
            assert one_on_one.answered_at.date() < TODAY


def test_seeding_sends_nothing_and_a_second_run_changes_nothing(db, demo):
    organisation = Organisation.objects.get(slug=DEMO_SLUG)
    assert not OutboxMessage.objects.filter(
        organisation=organisation, idempotency_key__startswith="projects:"
    ).exists()
    before = OneOnOne.objects.filter(organisation=organisation).count()
    out = io.StringIO()
    with time_machine.travel(datetime.datetime(2026, 12, 9, 11, 0, tzinfo=datetime.UTC)):
        call_command("demo", stdout=out)
    assert (
        f"Projects: 2 client projects mid-way, {demo.projects.covered} of "
        f"{demo.projects.required} required 1:1s took place."
    ) in out.getvalue()
    assert OneOnOne.objects.filter(organisation=organisation).count() == before
