"""Attending a gathering is a touch: after it ended, each contact who said yes was touched
by the first host (the `gatherings.touches` job, through relationships' interface)."""

import datetime

import pytest
import time_machine

from hallway.core.scheduler import Every, registry
from hallway.gatherings.models import Guest
from hallway.gatherings.services.gatherings import gathering_cancel, gathering_create
from hallway.gatherings.services.guests import guest_answer, guests_invite, invitees_by_email
from hallway.gatherings.services.touches import gathering_touches_record
from hallway.gatherings.tasks import gatherings_touches
from hallway.relationships.models import Touch, TouchKind, TouchSource
from tests.factories import make_company, make_contact, make_person, make_user

INVITED = datetime.datetime(2026, 12, 7, 9, 0, tzinfo=datetime.UTC)
START = datetime.datetime(2026, 12, 9, 16, 0, tzinfo=datetime.UTC)
ENDS = START + datetime.timedelta(minutes=90)


@pytest.fixture
def contacts(acme):
    client = make_company(acme, "Fernweh Reisen")
    return {
        "bruna": make_contact(acme, "Bruna Costa", company=client, email="bruna@client.example"),
        "mia": make_contact(acme, "Mia Maier", email="mia@client.example"),
        "nora": make_contact(acme, "Nora Nagel", email="nora@client.example"),
        # A contractor: in the directory (so invited as a colleague) and in the client book.
        "kim": make_contact(acme, "Kim Lee", email="kim@freelance.example", kind="contractor"),
    }


@pytest.fixture
def party(acme, alice, contacts):
    """Alice and Bob host; Bruna and Kim (a contractor colleague) come, as does Carla (a
    colleague only); Mia never answered; Nora said no."""
    bob = make_user("bob@acme.test", acme)
    make_person(acme, "Alice Adams", email=alice.email, user=alice)
    make_person(acme, "Bob Brown", email=bob.email, user=bob)
    make_person(acme, "Kim Lee", email="kim@freelance.example")
    make_person(acme, "Carla Conti", email="carla@acme.test")
    with time_machine.travel(INVITED, tick=False):
        gathering = gathering_create(
            organisation=acme,
            title="Winter drinks",
            hosts=[alice, bob],
            starts_at=START,
            minutes=90,
            by=alice,
        )
        emails = [
            "bruna@client.example",
            "mia@client.example",
            "nora@client.example",
            "kim@freelance.example",
            "carla@acme.test",
        ]
        invitees, _created = invitees_by_email(gathering=gathering, emails=emails, source="test")
        guests_invite(gathering=gathering, invitees=invitees, by=alice)
        for email, answer in (
            ("bruna@client.example", "yes"),
            ("kim@freelance.example", "yes"),
            ("carla@acme.test", "yes"),
            ("nora@client.example", "no"),
        ):
            guest_answer(guest=Guest.objects.get(email=email), answer=answer)
    return gathering


def touches():
    return Touch.objects.filter(source=TouchSource.GATHERING).order_by("external_id")


def test_each_contact_who_came_is_touched_once_the_gathering_has_ended(
    party, contacts, alice, acme
):
    assert gathering_touches_record(now=ENDS - datetime.timedelta(minutes=1)) == 0  # going on
    assert not touches().exists()

    assert gathering_touches_record(now=ENDS + datetime.timedelta(minutes=5)) == 2
    bruna, kim = touches()
    assert [list(t.contacts.all()) for t in (bruna, kim)] == [
        [contacts["bruna"]],
        [contacts["kim"]],
    ]
    for touch in (bruna, kim):
        assert (touch.kind, touch.at, touch.by, touch.summary) == (
            TouchKind.GATHERING,
            START,
            alice,  # the first host
            "Winter drinks",
        )
        assert touch.organisation == acme
    assert bruna.company == contacts["bruna"].company
    assert bruna.external_id == f"gathering:{party.pk}:contact:{contacts['bruna'].pk}"
    contacts["bruna"].refresh_from_db()
    assert contacts["bruna"].last_touch_at == START
    contacts["mia"].refresh_from_db()
    assert contacts["mia"].last_touch_at is None  # never answered


def test_running_the_job_again_records_nothing_new(party):
    with time_machine.travel(ENDS + datetime.timedelta(hours=1), tick=False):
        assert gatherings_touches.call() == 2
        assert gatherings_touches.call() == 2  # seen again, recorded once
    assert touches().count() == 2


def test_a_cancelled_gathering_touched_nobody(party):
    with time_machine.travel(INVITED, tick=False):
        gathering_cancel(gathering=party)
    assert gathering_touches_record(now=ENDS + datetime.timedelta(hours=1)) == 0
    assert not touches().exists()


def test_a_gathering_long_past_is_not_looked_at_again(party):
    assert gathering_touches_record(now=ENDS + datetime.timedelta(days=45)) == 0


def test_the_job_runs_hourly():
    registry.autodiscover()
    job = {job.name: job for job in registry.jobs()}["gatherings.touches"]
    assert job.schedule == Every(hours=1)
