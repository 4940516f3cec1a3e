"""The demo's coffee: a program with six rounds of history, an upcoming round, onboarding."""

import datetime
import itertools
from collections import Counter

import pytest
import time_machine
from django.test import override_settings
from django.urls import reverse

from hallway.accounts.models import Organisation, User
from hallway.accounts.tenancy import scoped
from hallway.coffee.models import (
    Cadence,
    Pairing,
    PairingMember,
    Program,
    Round,
    RoundStatus,
    TeamPreference,
)
from hallway.demo.data import DEMO_SLUG
from hallway.demo.gatherings import COMING_TITLE, HAPPY_HOUR_TITLE, PAST_TITLE
from hallway.demo.seed import demo_seed
from hallway.gatherings.models import BreakoutRoom, Gathering, GatheringSeries
from hallway.gatherings.services.afterwards import gathering_afterwards
from hallway.messaging.models import OutboxMessage
from hallway.onboarding.models import BuddyVolunteer, OnboardingTrack
from hallway.people.models import Person

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


def test_the_program(db, demo):
    program = demo.coffee.program
    assert (program.name, program.slug) == ("Coffee across Acme", "coffee")
    assert program.cadence == Cadence.EVERY_2_WEEKS
    assert program.group_size == 2
    assert program.team_preference == TeamPreference.DIFFERENT
    assert program.min_overlap_minutes == 60


def test_six_closed_rounds_and_one_planned(db, demo):
    rounds = list(Round.objects.filter(program=demo.coffee.program).order_by("number"))
    assert [r.status for r in rounds] == [RoundStatus.CLOSED] * 6 + [RoundStatus.PLANNED]
    assert all(r.scheduled_for < TODAY for r in rounds[:6])
    assert rounds[-1].scheduled_for >= TODAY
    dates = [r.scheduled_for for r in rounds]
    assert all((b - a).days >= 14 for a, b in itertools.pairwise(dates))
    # More people joined over time.
    sizes = [Pairing.objects.filter(round=r).count() for r in rounds]
    assert sizes[0] < sizes[-1]


def test_realistic_feedback_and_no_messages_for_the_past(db, demo):
    members = PairingMember.objects.filter(pairing__round__status=RoundStatus.CLOSED)
    pairings = Pairing.objects.filter(round__status=RoundStatus.CLOSED)
    met = pairings.filter(members__outcome="met").distinct().count()
    assert 0.7 < met / pairings.count() < 0.9
    assert members.filter(outcome="missed").exists()
    ratings = Counter(members.exclude(rating=None).values_list("rating", flat=True))
    assert (ratings[4] + ratings[5]) / sum(ratings.values()) > 0.75
    languages = set(
        members.exclude(comment="").values_list("person__preferred_language", flat=True)
    )
    assert {"en", "de", "nl"} <= languages
    # Nothing of coffee or gatherings in the outbox: only outreach's messages, played as sent.
    assert not OutboxMessage.objects.exclude(message_type="outreach_personal").exists()


def test_new_hires_have_tracks_and_buddies_stay_within_capacity(db, demo):
    organisation = Organisation.objects.get(slug=DEMO_SLUG)
    starters = scoped(Person, organisation).filter(
        start_date__gt=TODAY, start_date__lte=TODAY + datetime.timedelta(weeks=4)
    )
    tracks = scoped(OnboardingTrack, organisation)
    assert set(starters) <= {t.person for t in tracks}
    load = Counter(tracks.exclude(buddy=None).values_list("buddy_id", flat=True))
    capacity = dict(scoped(BuddyVolunteer, organisation).values_list("person_id", "capacity"))
    assert load
    assert all(load[pk] <= capacity[pk] for pk in load)


def test_a_second_run_changes_nothing(db, demo):
    counts = (Round.objects.count(), Pairing.objects.count(), OnboardingTrack.objects.count())
    with override_settings(PASSWORD_HASHERS=FAST_HASHING):
        again = demo_seed(today=TODAY)
    assert (
        Round.objects.count(),
        Pairing.objects.count(),
        OnboardingTrack.objects.count(),
    ) == counts
    assert again.coffee.rounds == 7
    assert Program.objects.filter(slug="coffee").count() == 1


@time_machine.travel(datetime.datetime(2025, 3, 3, 9, 0, tzinfo=datetime.UTC), tick=False)
def test_the_insights_are_full(client, db, demo, django_assert_max_num_queries):
    client.force_login(User.objects.get(email="organiser@demo.hallway.test"))
    with django_assert_max_num_queries(30):
        html = client.get(reverse("coffee:insights")).content.decode()
    assert "Insights: Coffee across Acme" in html
    assert html.count('role="img"') == 6
    assert "Nothing to show yet" not in html
    onboarding = client.get(reverse("onboarding:overview")).content.decode()
    assert "Onboarding progress per new hire" in onboarding
    assert onboarding.count('role="img"') == 1


def test_new_hires_who_started_have_had_their_first_meetings(db, demo):
    organisation = Organisation.objects.get(slug=DEMO_SLUG)
    started = scoped(OnboardingTrack, organisation).filter(start_date__lt=TODAY)
    assert started.exists()
    past = scoped(Pairing, organisation).filter(
        onboarding_meeting__track__in=started, due_on__lt=TODAY
    )
    assert past.exists()
    assert all(p.slot_start is None or p.slot_start.date() <= p.due_on for p in past)
    assert PairingMember.objects.filter(pairing__in=past).exclude(outcome="").exists()


def test_the_gatherings_tell_their_story(db, demo):
    organisation = Organisation.objects.get(slug=DEMO_SLUG)
    gatherings = {g.title: g for g in Gathering.objects.filter(organisation=organisation)}
    assert demo.gatherings.gatherings == len(gatherings) == 3
    coming = gatherings[COMING_TITLE]
    statuses = Counter(coming.guests.values_list("status", flat=True))
    # Twelve invited to ten seats; one said no, so the first in line moved up.
    assert (statuses["waitlisted"], statuses["no"]) == (1, 1)
    assert statuses["yes"] >= 5
    assert coming.guests.filter(role="senior").exists()
    past = gatherings[PAST_TITLE]
    assert past.starts_at.date() < TODAY
    rooms = BreakoutRoom.objects.filter(gathering=past)
    assert rooms.values("round_number").distinct().count() == 3
    pairs = Counter(
        frozenset(pair)
        for room in rooms
        for pair in itertools.combinations(room.members.values_list("pk", flat=True), 2)
    )
    assert max(pairs.values()) == 1  # nobody met anyone twice
    # The past party's afterwards: ratings mostly 4 and 5, two connections made, one wish
    # not returned.
    afterwards = gathering_afterwards(gathering=past)
    assert afterwards.rating_count >= 3
    assert afterwards.rating_average is not None
    assert afterwards.rating_average >= 4
    assert len(afterwards.connections) == 2
    assert len(afterwards.wishes) == 1
    assert afterwards.wishes[0].other_is_contact
    # The happy hour is a monthly series with its next occurrence, the team invited.
    (series,) = GatheringSeries.objects.filter(organisation=organisation)
    assert series.title == HAPPY_HOUR_TITLE
    assert series.team is not None
    assert series.team.name == "Platform"
    happy_hour = gatherings[HAPPY_HOUR_TITLE]
    assert happy_hour.series == series
    assert happy_hour.series_date is not None
    assert happy_hour.series_date >= TODAY
    assert happy_hour.series_date.weekday() == 4
    assert happy_hour.series_date.day <= 7
    assert happy_hour.guests.filter(person__isnull=False).count() >= 5
    # Nothing of coffee or gatherings in the outbox: only outreach's messages, played as sent.
    assert not OutboxMessage.objects.exclude(message_type="outreach_personal").exists()
