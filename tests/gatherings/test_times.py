"""Suggested times for a gathering whose guests live far apart."""

import dataclasses
import datetime as dt
import uuid
from zoneinfo import ZoneInfo

import pytest

from hallway.engine.model import Participant
from hallway.gatherings.models import Gathering, Guest, GuestRole, GuestStatus
from hallway.gatherings.services.times import gathering_suggest_times
from tests.factories import make_company, make_contact, make_person

UTC = dt.UTC
# A Monday before work anywhere in these zones; Berlin is on CET (UTC+1).
MONDAY = dt.datetime(2026, 12, 7, 0, 0, tzinfo=UTC)


def make_gathering(organisation, **fields) -> Gathering:
    fields.setdefault("starts_at", MONDAY + dt.timedelta(days=21))
    fields.setdefault("minutes", 60)
    return Gathering.objects.create(
        organisation=organisation,
        title="Roundtable",
        language="en",
        uid=f"{uuid.uuid4()}@hallway.test",
        **fields,
    )


def add_guest(gathering, email, *, timezone="Europe/Berlin", **fields) -> Guest:
    fields.setdefault("status", GuestStatus.YES)
    return Guest.objects.create(
        organisation=gathering.organisation,
        gathering=gathering,
        name=email.split("@")[0].title(),
        email=email,
        language="en",
        timezone=timezone,
        **fields,
    )


@pytest.fixture
def three_zones(acme):
    """A host in Berlin (a colleague), a client in São Paulo, a guest in Bangalore."""
    gathering = make_gathering(acme)
    anna = make_person(acme, "Anna Berlin", email="anna@acme.test", timezone="Europe/Berlin")
    add_guest(gathering, "anna@acme.test", person=anna, role=GuestRole.HOST)
    client = make_contact(acme, "Bruna Souza", timezone="America/Sao_Paulo")
    # The guest row says Berlin, but the contact record knows better.
    add_guest(gathering, client.email, contact=client, status=GuestStatus.MAYBE)
    add_guest(gathering, "chandra@example.test", timezone="Asia/Kolkata", status="invited")
    return gathering


def test_far_apart_guests_get_the_best_possible_times(three_zones):
    suggestions = gathering_suggest_times(gathering=three_zones, now=MONDAY)

    # Bangalore works 03:30-11:30 UTC and São Paulo 12:00-20:00 UTC: never all three,
    # while Berlin (08:00-16:00 UTC) meets either; so two is the most inside their hours.
    assert len(suggestions) == 5
    best = suggestions[0]
    assert best.inside_hours == 2
    assert best.outside_hours == ["bruna.souza@client.test"]
    assert best.start == dt.datetime(2026, 12, 7, 8, 0, tzinfo=UTC)
    assert best.end == dt.datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
    assert best.local == [
        ("anna@acme.test", dt.datetime(2026, 12, 7, 9, 0, tzinfo=ZoneInfo("Europe/Berlin"))),
        (
            "bruna.souza@client.test",
            dt.datetime(2026, 12, 7, 5, 0, tzinfo=ZoneInfo("America/Sao_Paulo")),
        ),
        ("chandra@example.test", dt.datetime(2026, 12, 7, 13, 30, tzinfo=ZoneInfo("Asia/Kolkata"))),
    ]
    assert all(s.inside_hours == 2 and len(s.outside_hours) == 1 for s in suggestions)


def test_those_not_coming_and_the_waitlist_are_left_out(three_zones):
    add_guest(three_zones, "nora@example.test", timezone="Pacific/Auckland", status="no")
    add_guest(
        three_zones,
        "wanda@example.test",
        timezone="America/Los_Angeles",
        status=GuestStatus.WAITLISTED,
        waitlist_position=1,
    )
    Guest.objects.filter(email="chandra@example.test").update(status=GuestStatus.NO)

    suggestions = gathering_suggest_times(gathering=three_zones, now=MONDAY, count=2)

    # Berlin and São Paulo alone meet 12:00-16:00 UTC.
    assert [(s.start, s.inside_hours, s.outside_hours) for s in suggestions] == [
        (dt.datetime(2026, 12, 7, 12, 0, tzinfo=UTC), 2, []),
        (dt.datetime(2026, 12, 8, 12, 0, tzinfo=UTC), 2, []),
    ]
    assert [email for email, _ in suggestions[0].local] == [
        "anna@acme.test",
        "bruna.souza@client.test",
    ]


def test_hours_come_from_the_person_and_the_contacts_company(acme):
    gathering = make_gathering(acme, minutes=30)
    early = make_person(
        acme,
        "Early Bird",
        timezone="Europe/Berlin",
        work_start=dt.time(6, 0),
        work_end=dt.time(10, 0),
        working_days=[2],
    )
    add_guest(gathering, early.email, person=early, timezone="UTC")
    company = make_company(
        acme,
        "Tokyo Partners",
        timezone="Asia/Tokyo",
        work_start=dt.time(13, 0),
        work_end=dt.time(18, 0),
    )
    partner = make_contact(acme, "Kenji Sato", company=company)
    add_guest(gathering, partner.email, contact=partner)

    suggestions = gathering_suggest_times(gathering=gathering, now=MONDAY, count=1)

    # Tuesday only, 05:00-09:00 UTC for Berlin; Tokyo (UTC+9) 04:00-09:00 UTC.
    assert suggestions[0].start == dt.datetime(2026, 12, 8, 5, 0, tzinfo=UTC)
    assert suggestions[0].inside_hours == 2


def test_no_guests_no_suggestions(acme):
    assert gathering_suggest_times(gathering=make_gathering(acme), now=MONDAY) == []


def test_drinks_may_be_in_the_early_evening_but_never_at_night(acme):
    from hallway.gatherings.services.times import reasonable_hours

    party = Gathering(organisation=acme, kind="cocktail", title="Drinks")
    talk = Gathering(organisation=acme, kind="roundtable", title="Talk")
    nine_to_five = Participant(id="a", timezone="Europe/Berlin")
    assert reasonable_hours(nine_to_five, party).work_end == dt.time(20, 0)
    assert reasonable_hours(nine_to_five, talk).work_end == dt.time(17, 0)
    late = dataclasses.replace(nine_to_five, work_start=dt.time(12), work_end=dt.time(21))
    assert reasonable_hours(late, party).work_end == dt.time(22, 0)
