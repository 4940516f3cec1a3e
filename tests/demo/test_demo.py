"""The demo organisation: realistic, valid, idempotent, resettable, deterministic."""

import datetime
import io
import re

import pytest
import time_machine
from django.conf import settings as django_settings
from django.core.management import call_command
from django.test import override_settings

from hallway.accounts.models import Membership, Organisation, Role, User
from hallway.accounts.tenancy import scoped
from hallway.demo.data import DEMO_PASSWORD, DEMO_SLUG
from hallway.demo.roster import ascii_fold, build_roster
from hallway.demo.seed import demo_seed
from hallway.people.models import Location, Person, PersonStatus, Tag, Team
from tests.factories import make_person

TODAY = datetime.date(2025, 3, 3)
FAST_HASHING = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CITY_ZONES = {
    "Berlin": "Europe/Berlin",
    "Köln": "Europe/Berlin",
    "Amsterdam": "Europe/Amsterdam",
    "São Paulo": "America/Sao_Paulo",
    "New York": "America/New_York",
    "Bangalore": "Asia/Kolkata",
}
LOGINS = {
    Role.OWNER: "owner@demo.hallway.test",
    Role.ADMIN: "admin@demo.hallway.test",
    Role.ORGANISER: "organiser@demo.hallway.test",
    Role.MEMBER: "member@demo.hallway.test",
}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """Seed once for the whole module; each test's changes are rolled back as usual.

    Seeding writes ~3,000 rows, so doing it per test would make this module slow.
    """
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHING):
        summary = demo_seed(today=TODAY)
    yield summary
    with django_db_blocker.unblock():
        Organisation.objects.filter(slug=DEMO_SLUG).delete()
        User.objects.filter(email__in=LOGINS.values()).delete()


@pytest.fixture(autouse=True)
def _fast_hashing(settings):
    settings.PASSWORD_HASHERS = FAST_HASHING


def demo_people():
    organisation = Organisation.objects.get(slug=DEMO_SLUG)
    return scoped(Person, organisation).select_related("team", "location", "manager")


def snapshot():
    """Everything that makes up the demo people, independent of database ids."""
    return sorted(
        (
            p.name,
            p.email,
            p.team.name if p.team else None,
            p.location.name if p.location else None,
            p.manager.email if p.manager else None,
            p.job_title,
            p.timezone,
            p.work_start,
            p.work_end,
            tuple(p.working_days),
            tuple(p.languages),
            p.preferred_language,
            p.slack_id,
            p.status,
            p.start_date,
            p.paused_until,
            p.left_on,
            tuple(sorted(t.name for t in p.interests.all())),
        )
        for p in demo_people().prefetch_related("interests")
    )


def counts():
    organisation = Organisation.objects.get(slug=DEMO_SLUG)
    return {
        "people": scoped(Person, organisation).count(),
        "teams": scoped(Team, organisation).count(),
        "locations": scoped(Location, organisation).count(),
        "tags": scoped(Tag, organisation).count(),
        "memberships": Membership.objects.filter(organisation=organisation).count(),
        "demo users": User.objects.filter(email__in=LOGINS.values()).count(),
    }


def test_the_demo_company_is_big_and_spread_over_the_six_offices(db, demo):
    organisation = Organisation.objects.get(slug=DEMO_SLUG)
    assert organisation.timezone == "Europe/Berlin"
    people = demo_people()
    assert people.count() >= 150
    assert scoped(Team, organisation).exclude(members=None).count() >= 8
    zones = dict(scoped(Location, organisation).values_list("name", "timezone"))
    assert zones == CITY_ZONES
    for city in CITY_ZONES:
        assert people.filter(location__name=city).count() >= 10, city
    remote = people.filter(location=None)
    assert remote.exists()
    assert not remote.filter(timezone__in=CITY_ZONES.values()).exists()
    assert (demo.people, demo.teams, demo.locations) == (
        people.count(),
        scoped(Team, organisation).count(),
        6,
    )


def test_new_hires_start_soon_and_some_people_started_recently(db, demo):
    people = demo_people()
    in_four_weeks = TODAY + datetime.timedelta(weeks=4)
    new_hires = people.filter(start_date__gt=TODAY, start_date__lte=in_four_weeks)
    assert new_hires.count() >= 10
    assert demo.new_hires == new_hires.count()
    recent = people.filter(
        start_date__gte=TODAY - datetime.timedelta(weeks=3), start_date__lte=TODAY
    )
    assert recent.count() >= 3
    eight_years_ago = TODAY - datetime.timedelta(days=8 * 365 + 2)
    assert not people.filter(start_date__lt=eight_years_ago).exists()
    assert not people.filter(start_date=None).exists()
    assert not people.filter(start_date__gt=in_four_weeks).exists()


def test_every_person_passes_the_models_validation(db, demo):
    for person in demo_people():
        person.full_clean()


def test_the_data_looks_like_a_real_company(db, demo):
    people = list(demo_people().prefetch_related("interests"))
    emails = [p.email for p in people]
    assert len(set(emails)) == len(emails)
    for p in people:
        assert p.email.isascii(), p.email
        assert 2 <= len(p.interests.all()) <= 5, p.name
        assert "en" in p.languages, p.name
        assert p.preferred_language in {"en", "de", "nl"}
        if p.preferred_language != "en":
            assert p.preferred_language in p.languages, p.name
    for p in people:
        if p.email.endswith("@fernweh.test"):
            first, last = p.name.split(" ", 1)
            assert p.email == f"{ascii_fold(first)}.{ascii_fold(last)}@fernweh.test"
    assert any(not p.name.isascii() for p in people)  # Jürgen, Zoë, João …
    by_city = {
        city: [p for p in people if p.location and p.location.name == city] for city in CITY_ZONES
    }
    sao_paulo = by_city["São Paulo"]
    assert all(p.preferred_language == "en" for p in sao_paulo)  # no Portuguese messages
    assert sum("pt" in p.languages for p in sao_paulo) >= 0.8 * len(sao_paulo)
    assert any(p.preferred_language == "nl" for p in by_city["Amsterdam"])
    assert any(p.preferred_language == "de" for p in by_city["Köln"])
    slack = [p for p in people if re.fullmatch(r"U0[A-Z0-9]{7}", p.slack_id)]
    assert len(slack) >= 0.8 * len(people)
    assert len({p.slack_id for p in slack}) == len(slack)
    assert any(p.working_days == [1, 2, 3, 4] for p in people)  # part-timers
    assert len({(p.work_start, p.work_end) for p in people}) >= 6
    assert len({t.name for p in people for t in p.interests.all()}) >= 35


def test_some_people_are_paused_and_some_have_left(db, demo):
    people = demo_people()
    paused = people.filter(status=PersonStatus.PAUSED)
    assert paused.count() >= 2
    assert all(p.paused_until > TODAY for p in paused)
    left = people.filter(status=PersonStatus.LEFT)
    assert left.count() >= 2
    assert all(p.start_date < p.left_on <= TODAY for p in left)


@pytest.mark.parametrize(
    ("office", "region", "day"),
    [
        ("Berlin", "DE-BE", datetime.date(2025, 3, 8)),  # Internationaler Frauentag
        ("Köln", "DE-NW", datetime.date(2025, 6, 19)),  # Fronleichnam
        ("Amsterdam", "NL", datetime.date(2025, 4, 26)),  # Koningsdag (the 27th is a Sunday)
        ("São Paulo", "BR-SP", datetime.date(2025, 7, 9)),  # Revolução Constitucionalista
        ("New York", "US-NY", datetime.date(2025, 2, 12)),  # Lincoln's Birthday
        ("Bangalore", "IN-KA", datetime.date(2025, 11, 1)),  # Karnataka Rajyotsava
    ],
)
def test_every_office_has_its_public_holidays(db, demo, office, region, day):
    from hallway.absences.models import Holiday

    location = Location.objects.get(organisation__slug=DEMO_SLUG, name=office)
    assert location.region == region
    days = Holiday.objects.filter(location=location)
    assert days.filter(date=day, region=region).exists()
    assert set(days.values_list("date__year", flat=True)) == {2024, 2025, 2026}


def test_a_few_people_are_out_of_office(db, demo):
    from hallway.absences.models import OutOfOffice
    from hallway.absences.selectors import person_away_on

    ranges = OutOfOffice.objects.filter(organisation__slug=DEMO_SLUG).select_related("person")
    assert ranges.count() == 3
    assert [r.person.location.name for r in ranges if r.first_day <= TODAY <= r.last_day] == [
        "São Paulo"
    ]
    away_now = next(r.person for r in ranges if r.first_day <= TODAY)
    assert person_away_on(person=away_now, day=TODAY).reason == "out_of_office"


def test_managers_form_a_tree_from_the_ceo_through_heads_and_team_leads(db, demo):
    people = {p.pk: p for p in demo_people()}
    roots = [p for p in people.values() if p.manager_id is None]
    assert len(roots) == 1
    ceo = roots[0]
    for person in people.values():
        seen = set()
        current = person
        while current.manager_id is not None:
            assert current.pk not in seen, f"manager cycle through {current}"
            seen.add(current.pk)
            current = people[current.manager_id]
        assert current == ceo
    for team in {p.team for p in people.values()} - {ceo.team}:
        leads = [p for p in people.values() if p.team == team and people[p.manager_id].team != team]
        assert len(leads) == 1, team
        head = people[leads[0].manager_id]
        assert head.manager == ceo, team


@pytest.mark.parametrize("role", list(LOGINS))
def test_each_demo_login_signs_in_and_is_in_the_directory(client, db, demo, role):
    email = LOGINS[role]
    assert client.login(email=email, password=DEMO_PASSWORD)
    user = User.objects.get(email=email)
    organisation = Organisation.objects.get(slug=DEMO_SLUG)
    assert Membership.objects.get(user=user, organisation=organisation).role == role
    person = scoped(Person, organisation).get(user=user)
    assert person.name == user.get_full_name()
    assert {login.email: login.role for login in demo.logins}[email] == role


def test_a_second_run_refreshes_without_duplicating(db, demo):
    before = counts()
    people_before = snapshot()
    changed = demo_people().get(email=LOGINS[Role.MEMBER])
    changed.name = "Somebody Else"
    changed.save()
    User.objects.filter(email=LOGINS[Role.ADMIN]).update(password="")

    summary = demo_seed(today=TODAY)

    assert counts() == before
    assert snapshot() == people_before
    assert (summary.created, summary.updated, summary.unchanged) == (0, 1, before["people"] - 1)
    assert User.objects.get(email=LOGINS[Role.ADMIN]).check_password(DEMO_PASSWORD)


def test_reset_rebuilds_the_same_people_from_scratch_and_leaves_other_organisations(
    db, demo, carol
):
    before = counts()
    people_before = snapshot()
    old = Organisation.objects.get(slug=DEMO_SLUG)
    make_person(old, "Extra Person", email="extra@fernweh.test")

    summary = demo_seed(reset=True, today=TODAY)

    assert summary.organisation.pk != old.pk
    assert not Person.objects.filter(email="extra@fernweh.test").exists()
    assert counts() == before
    assert (summary.created, summary.updated, summary.unchanged) == (before["people"], 0, 0)
    # A fresh run gives exactly the same people as the module's first run: deterministic.
    assert snapshot() == people_before
    carol.refresh_from_db()
    assert carol.organisation.slug == "acme"


def test_the_roster_is_deterministic_and_only_dates_follow_today():
    first = build_roster(today=TODAY)
    assert build_roster(today=TODAY) == first
    later = build_roster(today=TODAY + datetime.timedelta(days=10))
    assert [p["name"] for p in later] == [p["name"] for p in first]
    shift = datetime.timedelta(days=10)
    assert all(
        b["start_date"] - a["start_date"] == shift for a, b in zip(first, later, strict=True)
    )


def test_the_command_prints_the_summary_and_the_logins(db, demo):
    out = io.StringIO()
    # Noon in Berlin on TODAY: the module's demo is current, so nothing needs writing.
    with time_machine.travel(datetime.datetime(2025, 3, 3, 11, 0, tzinfo=datetime.UTC)):
        call_command("demo", stdout=out)
    output = out.getvalue()
    assert f"0 people created, 0 updated, {demo.people} unchanged." in output
    assert re.search(rf"People: {demo.people}\b", output)
    assert re.search(r"New hires starting in the next four weeks: \d+", output)
    assert django_settings.BASE_URL in output
    for role, email in LOGINS.items():
        assert re.search(
            rf"{Role(role).label}: {re.escape(email)}, password {DEMO_PASSWORD}", output
        )
    assert counts()["people"] == demo.people


def test_the_command_sets_up_a_data_folder_that_was_never_migrated(tmp_path):
    import os
    import subprocess
    import sys
    from pathlib import Path

    hallway = Path(sys.executable).with_name("hallway")
    env = {**os.environ, "HALLWAY_DATA_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)  # the embedded SQLite of a fresh data folder
    result = subprocess.run(
        [str(hallway), "demo"], capture_output=True, text=True, env=env, check=False, timeout=300
    )
    assert result.returncode == 0, result.stderr
    assert "Setting up the database first" in result.stdout
    assert "is ready" in result.stdout
    assert "Traceback" not in result.stderr
    assert (tmp_path / "hallway.sqlite3").exists()


def test_two_worker_runs_in_a_row_on_the_demo_send_everything_once(
    transactional_db, smtp_server, settings
):
    """`hallway worker --until-idle` runs what is due, what that enqueues and the outbox it
    fills, so a second run right after it has nothing left to send (real SMTP)."""
    from django.utils import timezone

    from hallway.messaging.models import OutboxMessage, Status

    settings.HALLWAY_SENDING_WINDOWS = False  # every intro is due now, whatever the hour
    demo_seed(today=datetime.date.today())
    call_command("worker", "--until-idle")
    sent = len(smtp_server)
    assert sent > 0  # the new hires' first intros, at least
    assert not OutboxMessage.objects.filter(status=Status.QUEUED, due_at__lte=timezone.now())
    call_command("worker", "--until-idle")
    assert len(smtp_server) == sent
