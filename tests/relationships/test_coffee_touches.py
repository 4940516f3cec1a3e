"""Coffee dates with someone who is also a contact become touches (read through coffee's
interface by a periodic job)."""

import datetime

import pytest
import time_machine

from hallway.coffee.interface import Outcome, PairingMember
from hallway.relationships.models import Touch, TouchKind, TouchSource
from hallway.relationships.services.coffee_touches import coffee_touches_record
from hallway.relationships.tasks import coffee_touches
from tests.factories import make_company, make_contact, make_pairing, make_person

NOW = datetime.datetime(2026, 11, 5, 12, 0, tzinfo=datetime.UTC)
SLOT = datetime.datetime(2026, 11, 3, 14, 0, tzinfo=datetime.UTC)


@pytest.fixture
def contractor(acme):
    """A contractor in the directory (so in coffee dates) and in the client book."""
    agency = make_company(acme, "Freelance Collective")
    return make_contact(
        acme, "Kim Lee", company=agency, email="kim@freelance.test", kind="contractor"
    )


@pytest.fixture
def people(acme, alice, contractor):
    return {
        "alice": make_person(acme, "Alice", email="alice@acme.test", user=alice),
        "kim": make_person(acme, "Kim Lee", email="kim@freelance.test"),
        "dan": make_person(acme, "Dan"),
        "eve": make_person(acme, "Eve"),
    }


def _answer(pairing, *, at=SLOT):
    PairingMember.objects.filter(pairing=pairing).exclude(outcome="").update(answered_at=at)


def test_a_date_that_took_place_with_a_contact_is_a_touch(acme, alice, contractor, people):
    pairing = make_pairing(
        None, [people["alice"], people["kim"]], outcomes=[Outcome.MET], slot_start=SLOT
    )
    _answer(pairing)

    assert coffee_touches_record(now=NOW) == 1

    touch = Touch.objects.get(source=TouchSource.COFFEE)
    assert touch.kind == TouchKind.COFFEE
    assert touch.at == SLOT
    assert touch.by == alice
    assert list(touch.contacts.all()) == [contractor]
    assert touch.company == contractor.company
    assert touch.external_id == f"pairing:{pairing.pk}"
    contractor.refresh_from_db()
    assert contractor.last_touch_at == SLOT


def test_running_again_records_nothing_twice(acme, contractor, people):
    pairing = make_pairing(None, [people["alice"], people["kim"]], outcomes=["", Outcome.MET])
    _answer(pairing, at=NOW - datetime.timedelta(hours=3))
    with time_machine.travel(NOW, tick=False):
        coffee_touches.call()
        coffee_touches.call()
    touch = Touch.objects.get(source=TouchSource.COFFEE)
    # No suggested slot: the date counts from the first "we met".
    assert touch.at == NOW - datetime.timedelta(hours=3)


@pytest.mark.parametrize(
    ("outcomes", "members"),
    [
        ((Outcome.NOT_YET, Outcome.MISSED), ("alice", "kim")),  # did not take place
        ((Outcome.MET, Outcome.MET), ("dan", "eve")),  # nobody in it is a contact
    ],
)
def test_no_touch_without_a_date_that_happened_with_a_contact(acme, people, outcomes, members):
    pairing = make_pairing(None, [people[m] for m in members], outcomes=outcomes)
    _answer(pairing)
    assert coffee_touches_record(now=NOW) == 0
    assert not Touch.objects.exists()


def test_answers_older_than_the_lookback_are_left_alone(acme, people):
    pairing = make_pairing(None, [people["alice"], people["kim"]], outcomes=[Outcome.MET])
    _answer(pairing, at=NOW - datetime.timedelta(days=60))
    assert coffee_touches_record(now=NOW) == 0


def test_a_contact_of_another_organisation_is_not_touched(acme, globex, people):
    make_contact(globex, "Kim Lee", email="dan.other@acme.test")
    dan = people["dan"]
    dan.email = "dan.other@acme.test"
    dan.save()
    pairing = make_pairing(None, [people["alice"], dan], outcomes=[Outcome.MET])
    _answer(pairing)
    assert coffee_touches_record(now=NOW) == 0


def test_a_date_answered_before_its_slot_counts_when_answered(acme, contractor, people):
    later = NOW + datetime.timedelta(days=2)
    pairing = make_pairing(
        None, [people["alice"], people["kim"]], outcomes=[Outcome.MET], slot_start=later
    )
    _answer(pairing, at=NOW - datetime.timedelta(hours=1))
    coffee_touches_record(now=NOW)
    assert Touch.objects.get(source=TouchSource.COFFEE).at == NOW
