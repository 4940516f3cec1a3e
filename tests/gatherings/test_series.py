"""Gatherings that come back: "run it again" with the same guests, recurring happy hours on
a cadence (holidays skipped, one occurrence per date), and fresh breakout rooms each time."""

import datetime
import json
import uuid
from io import StringIO
from itertools import combinations

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from hallway.absences.models import Holiday, OutOfOffice
from hallway.accounts.models import Role
from hallway.gatherings.models import (
    Gathering,
    GatheringSeries,
    Guest,
    GuestRole,
    GuestStatus,
    SeriesCadence,
)
from hallway.gatherings.services.breakouts import _earlier_rooms, breakouts_plan
from hallway.gatherings.services.gatherings import gathering_create
from hallway.gatherings.services.guests import Invitee, guest_answer, guests_invite
from hallway.gatherings.services.series import (
    gathering_repeat,
    series_create,
    series_schedule_due,
)
from hallway.gatherings.tasks import gatherings_series
from hallway.people.models import PersonStatus
from tests.factories import make_contact, make_person, make_user

NOW = datetime.datetime(2026, 12, 7, 9, 0, tzinfo=datetime.UTC)  # a Monday
START = datetime.datetime(2026, 12, 10, 16, 0, tzinfo=datetime.UTC)
AGAIN = datetime.datetime(2027, 1, 14, 16, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _now(settings):
    settings.HALLWAY_SENDING_WINDOWS = False
    with time_machine.travel(NOW, tick=False):
        yield


# --- "Run it again" --------------------------------------------------------------------


@pytest.fixture
def party(acme, alice, carol):
    """A party whose guests answered every way: yes, maybe, no, nothing, and a senior guest."""
    gathering = gathering_create(
        organisation=acme,
        title="Winter drinks",
        hosts=[alice],
        starts_at=START,
        minutes=90,
        capacity=12,
        topic="Remote onboarding",
        invitation_text="Come along!",
        by=alice,
    )
    dan = make_person(acme, "Dan Gone")
    yes = make_contact(acme, "Yara Yes")
    maybe = make_contact(acme, "Max Maybe")
    no = make_contact(acme, "Nina No")
    silent = make_contact(acme, "Sam Silent")
    guests_invite(
        gathering=gathering,
        invitees=[Invitee(person=carol), Invitee(person=dan)]
        + [Invitee(contact=c) for c in (yes, maybe, no, silent)],
        by=alice,
    )
    guests_invite(
        gathering=gathering,
        invitees=[Invitee(contact=make_contact(acme, "Vera Senior"))],
        by=alice,
        role=GuestRole.SENIOR,
    )
    answers = {
        "carol@acme.test": "yes",
        dan.email: "yes",
        yes.email: "yes",
        maybe.email: "maybe",
        no.email: "no",
        "vera.senior@client.test": "yes",
    }
    for guest in gathering.guests.exclude(role=GuestRole.HOST):
        if guest.email in answers:
            guest_answer(guest=guest, answer=answers[guest.email])
    dan.status = PersonStatus.LEFT
    dan.save()
    return gathering


def test_run_it_again_invites_who_said_yes_or_maybe(party, alice):
    repeat = gathering_repeat(gathering=party, starts_at=AGAIN, by=alice)

    assert repeat.repeat_of == party
    assert (repeat.title, repeat.kind, repeat.topic, repeat.invitation_text) == (
        "Winter drinks",
        party.kind,
        "Remote onboarding",
        "Come along!",
    )
    assert (repeat.minutes, repeat.capacity, repeat.language) == (90, 12, party.language)
    assert list(repeat.hosts.all()) == [alice]
    assert repeat.uid != party.uid
    guests = {g.email: g for g in repeat.guests.all()}
    # Yes and maybe come again; no, no answer and a colleague who left do not.
    assert set(guests) == {
        "alice@acme.test",
        "carol@acme.test",
        "yara.yes@client.test",
        "max.maybe@client.test",
        "vera.senior@client.test",
    }
    assert guests["vera.senior@client.test"].role == GuestRole.SENIOR
    assert guests["carol@acme.test"].status == GuestStatus.INVITED
    assert guests["alice@acme.test"].role == GuestRole.HOST


def test_run_it_again_in_the_past_changes_nothing(party, alice):
    before = Gathering.objects.count()
    with pytest.raises(ValidationError):
        gathering_repeat(gathering=party, starts_at=NOW - datetime.timedelta(days=1), by=alice)
    assert Gathering.objects.count() == before


def test_run_it_again_from_the_page(client, party, alice, bob):
    client.force_login(alice)
    response = client.post(
        reverse("gatherings:repeat", args=[party.pk]), {"starts_at": "2027-01-14T17:00"}
    )
    repeat = Gathering.objects.get(repeat_of=party)
    assert response["Location"] == reverse("gatherings:detail", args=[repeat.pk])
    page = client.get(reverse("gatherings:detail", args=[party.pk])).content.decode()
    assert "Run it again" in page

    client.force_login(bob)  # a member who does not host it
    response = client.post(
        reverse("gatherings:repeat", args=[party.pk]), {"starts_at": "2027-01-21T17:00"}
    )
    assert response.status_code == 403
    assert Gathering.objects.filter(repeat_of=party).count() == 1


def test_run_it_again_from_the_command_line(party):
    out = StringIO()
    call_command(
        "gathering",
        "repeat",
        str(party.pk),
        "--org",
        "acme",
        "--starts",
        "2027-01-14T17:00+01:00",
        "--json",
        stdout=out,
    )
    answer = json.loads(out.getvalue())
    repeat = Gathering.objects.get(pk=answer["id"])
    assert repeat.repeat_of == party
    assert repeat.starts_at == AGAIN


# --- Recurring happy hours -------------------------------------------------------------


@pytest.fixture
def platform_hour(acme, alice, platform_team):
    return series_create(
        organisation=acme,
        title="Platform happy hour",
        hosts=[alice],
        cadence=SeriesCadence.WEEKLY_FRIDAY,
        first_on=datetime.date(2026, 12, 1),
        team=platform_team,
        hour=17,
        by=alice,
    )


def test_the_next_occurrence_invites_the_team(acme, alice, carol, platform_team, platform_hour):
    make_person(acme, "Lea Left", team=platform_team, status=PersonStatus.LEFT)
    make_person(acme, "Otto Other", team="Sales")

    assert series_schedule_due(now=NOW) == 1

    occurrence = Gathering.objects.get(series=platform_hour)
    # Friday 11 December at 17:00 in Berlin; the Friday after is more than ten days ahead.
    assert occurrence.series_date == datetime.date(2026, 12, 11)
    assert occurrence.starts_at == datetime.datetime(2026, 12, 11, 16, 0, tzinfo=datetime.UTC)
    assert occurrence.kind == "happy_hour"
    assert {(g.email, g.role) for g in occurrence.guests.all()} == {
        ("alice@acme.test", GuestRole.HOST),
        ("carol@acme.test", GuestRole.GUEST),
    }


def test_someone_out_of_office_that_day_is_not_invited(acme, carol, platform_team, platform_hour):
    erik = make_person(acme, "Erik Away", team=platform_team)
    OutOfOffice.objects.create(
        organisation=acme,
        person=erik,
        first_day=datetime.date(2026, 12, 10),
        last_day=datetime.date(2026, 12, 14),
    )
    assert series_schedule_due(now=NOW) == 1
    emails = set(Gathering.objects.get(series=platform_hour).guests.values_list("email", flat=True))
    assert "carol@acme.test" in emails
    assert erik.email not in emails


def test_scheduling_is_idempotent(carol, platform_hour):
    assert series_schedule_due(now=NOW) == 1
    assert series_schedule_due(now=NOW + datetime.timedelta(hours=1)) == 0
    assert gatherings_series.call() == 0
    assert Gathering.objects.filter(series=platform_hour).count() == 1
    # A week later the next Friday is due, once.
    assert series_schedule_due(now=NOW + datetime.timedelta(days=7)) == 1
    assert Gathering.objects.filter(series=platform_hour).count() == 2


def test_a_public_holiday_at_the_location_is_skipped(acme, alice, berlin, carol):
    series = series_create(
        organisation=acme,
        title="Berlin drinks",
        hosts=[alice],
        cadence=SeriesCadence.WEEKLY_FRIDAY,
        first_on=datetime.date(2026, 12, 1),
        location=berlin,
        by=alice,
    )
    Holiday.objects.create(
        organisation=acme, date=datetime.date(2026, 12, 11), name="Feiertag", location=berlin
    )
    assert series_schedule_due(now=NOW) == 0
    assert series_schedule_due(now=NOW + datetime.timedelta(days=3)) == 1
    assert Gathering.objects.get(series=series).series_date == datetime.date(2026, 12, 18)


def test_a_paused_series_is_not_scheduled(carol, platform_hour):
    platform_hour.active = False
    platform_hour.save()
    assert series_schedule_due(now=NOW) == 0


def test_monthly_on_the_first_friday(acme, alice, carol):
    series = series_create(
        organisation=acme,
        title="Engineering drinks",
        hosts=[alice],
        cadence=SeriesCadence.MONTHLY_FIRST_FRIDAY,
        first_on=datetime.date(2026, 12, 1),
        department="Engineering",
        by=alice,
    )
    assert series_schedule_due(now=NOW) == 0  # 4 December is past, 1 January too far
    assert series_schedule_due(now=datetime.datetime(2026, 12, 24, 9, tzinfo=datetime.UTC)) == 1
    occurrence = Gathering.objects.get(series=series)
    assert occurrence.series_date == datetime.date(2027, 1, 1)
    assert occurrence.guests.filter(email="carol@acme.test").exists()  # via her team


@pytest.mark.parametrize(
    "audience",
    [{}, {"department": "Engineering", "location": "berlin"}],
    ids=["none", "two"],
)
def test_a_series_needs_exactly_one_audience(acme, alice, berlin, audience):
    if "location" in audience:
        audience["location"] = berlin
    with pytest.raises(ValidationError) as error:
        series_create(
            organisation=acme,
            title="Drinks",
            hosts=[alice],
            cadence=SeriesCadence.WEEKLY_FRIDAY,
            first_on=datetime.date(2026, 12, 1),
            by=alice,
            **audience,
        )
    assert "team" in error.value.message_dict
    assert not GatheringSeries.objects.exists()


def test_organisers_create_a_series_and_see_it_listed(client, acme, alice, bob, platform_team):
    organiser = make_user("olga@acme.test", acme, Role.ORGANISER)
    client.force_login(organiser)
    response = client.post(
        reverse("gatherings:series_new"),
        {
            "title": "Platform happy hour",
            "kind": "happy_hour",
            "team": platform_team.pk,
            "department": "",
            "location": "",
            "cadence": SeriesCadence.BIWEEKLY_FRIDAY,
            "first_on": "2026-12-01",
            "hour": "17",
            "minutes": "60",
            "capacity": "50",
            "hosts": [organiser.pk],
            "topic": "",
            "invitation_text": "",
        },
    )
    assert response.status_code == 302
    series = GatheringSeries.objects.get()
    assert (series.team, series.cadence) == (platform_team, SeriesCadence.BIWEEKLY_FRIDAY)
    page = client.get(reverse("gatherings:list")).content.decode()
    assert "Platform happy hour" in page
    assert "Every other Friday" in page

    client.force_login(bob)  # a member
    assert client.get(reverse("gatherings:series_new")).status_code == 404
    assert "Platform happy hour" in client.get(reverse("gatherings:list")).content.decode()


# --- Fresh rooms ------------------------------------------------------------------------


def _occurrence(organisation, **links) -> Gathering:
    gathering = Gathering.objects.create(
        organisation=organisation,
        title="Happy hour",
        language="en",
        starts_at=links.pop("starts_at"),
        minutes=60,
        uid=f"{uuid.uuid4()}@hallway.test",
        **links,
    )
    for n in range(6):
        Guest.objects.create(
            organisation=organisation,
            gathering=gathering,
            name=f"Guest {n}",
            email=f"g{n}@example.test",
            language="en",
            timezone="Europe/Berlin",
            status=GuestStatus.YES,
        )
    return gathering


def _pairs(plan) -> set[frozenset[str]]:
    return {
        frozenset((a.email, b.email))
        for groups in plan.rounds
        for room in groups
        for a, b in combinations(room, 2)
    }


@pytest.mark.parametrize("link", ["series", "repeat_of"])
def test_the_next_time_rooms_avoid_last_times_groups(acme, alice, platform_hour, link):
    first = _occurrence(
        acme,
        starts_at=START,
        **({"series": platform_hour, "series_date": START.date()} if link == "series" else {}),
    )
    later = START + datetime.timedelta(days=7)
    second = _occurrence(
        acme,
        starts_at=later,
        **(
            {"series": platform_hour, "series_date": later.date()}
            if link == "series"
            else {"repeat_of": first}
        ),
    )
    before = _pairs(breakouts_plan(gathering=first, rounds=1, size=2))
    after = _pairs(breakouts_plan(gathering=second, rounds=1, size=2))
    assert len(before) == len(after) == 3
    assert not before & after


def test_only_earlier_times_of_the_same_gathering_count(acme, platform_hour):
    first = _occurrence(acme, starts_at=START)
    breakouts_plan(gathering=first, rounds=1, size=2)
    unrelated = _occurrence(acme, starts_at=START + datetime.timedelta(days=7))
    repeat = _occurrence(acme, starts_at=START + datetime.timedelta(days=7), repeat_of=first)
    assert _earlier_rooms(unrelated, list(unrelated.guests.all())) == []
    assert _earlier_rooms(first, list(first.guests.all())) == []  # itself does not count
    assert len(_earlier_rooms(repeat, list(repeat.guests.all()))) == 3
