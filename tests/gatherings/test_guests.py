"""Answers, the waitlist, a new time and a cancellation (services), and the answer links."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from hallway.gatherings.links import rsvp_url
from hallway.gatherings.models import GatheringStatus, Guest, GuestRole, GuestStatus
from hallway.gatherings.services.gatherings import (
    gathering_cancel,
    gathering_create,
    gathering_reschedule,
)
from hallway.gatherings.services.guests import guest_answer, guests_invite, invitees_by_email
from hallway.messaging.models import OutboxMessage
from tests.factories import make_person

NOW = datetime.datetime(2026, 12, 7, 9, 0, tzinfo=datetime.UTC)
START = datetime.datetime(2026, 12, 17, 16, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def party(acme, alice):
    return gathering_create(
        organisation=acme,
        title="Winter drinks",
        hosts=[alice],
        starts_at=START,
        minutes=60,
        capacity=2,
        by=alice,
    )


def invite(party, *emails):
    invitees, created = invitees_by_email(gathering=party, emails=list(emails), source="test")
    return guests_invite(gathering=party, invitees=invitees, by=None, created_contacts=created)


def guest(email):
    return Guest.objects.get(email=email)


def test_colleagues_are_invited_from_the_directory_and_strangers_become_contacts(acme, party):
    colleague = make_person(acme, "Carla Conti", email="carla@acme.test", timezone="Europe/Rome")
    result = invite(party, "carla@acme.test", "new.person@elsewhere.example")
    assert result.as_dict() == {"invited": 2, "waitlisted": 0, "created_contacts": 1}
    assert guest("carla@acme.test").person == colleague
    assert guest("carla@acme.test").timezone == "Europe/Rome"
    stranger = guest("new.person@elsewhere.example")
    assert stranger.contact is not None
    assert stranger.contact.name == "New Person"
    # Inviting someone twice leaves them as they are.
    assert invite(party, "carla@acme.test").as_dict()["invited"] == 0


def test_maybe_keeps_the_seat_and_a_waitlisted_yes_keeps_the_place_in_line(party):
    invite(party, "a@x.example", "b@x.example", "c@x.example", "d@x.example")
    assert guest_answer(guest=guest("a@x.example"), answer="maybe").status == GuestStatus.MAYBE
    assert guest("c@x.example").status == GuestStatus.WAITLISTED
    answered = guest_answer(guest=guest("d@x.example"), answer="yes")
    assert (answered.status, answered.waitlist_position) == (GuestStatus.WAITLISTED, 2)
    # A waitlisted "no" leaves the line; the next no of a seated guest promotes "c".
    guest_answer(guest=guest("d@x.example"), answer="no")
    guest_answer(guest=guest("b@x.example"), answer="no")
    assert guest("c@x.example").status == GuestStatus.INVITED
    assert guest("d@x.example").status == GuestStatus.NO
    # Saying no twice frees nothing more.
    guest_answer(guest=guest("b@x.example"), answer="no")
    assert Guest.objects.filter(status=GuestStatus.INVITED).count() == 1


def test_a_bad_answer_changes_nothing(party):
    invite(party, "a@x.example")
    with pytest.raises(ValidationError):
        guest_answer(guest=guest("a@x.example"), answer="perhaps")
    assert guest("a@x.example").status == GuestStatus.INVITED


def test_a_new_time_and_a_cancellation_tell_the_guests_with_a_seat(party):
    invite(party, "a@x.example", "b@x.example", "c@x.example")
    guest_answer(guest=guest("b@x.example"), answer="no")  # c moves up
    later = START + datetime.timedelta(days=1)
    party = gathering_reschedule(gathering=party, starts_at=later)
    assert party.sequence == 1
    updates = OutboxMessage.objects.filter(idempotency_key__endswith=":seq-1:update")
    assert sorted(m.address for m in updates) == ["a@x.example", "c@x.example"]
    assert all(m.context["calendar"]["start"] == later.isoformat() for m in updates)

    party = gathering_cancel(gathering=party)
    assert (party.status, party.sequence) == (GatheringStatus.CANCELLED, 2)
    cancels = OutboxMessage.objects.filter(idempotency_key__endswith=":seq-2:cancelled")
    assert sorted(m.address for m in cancels) == ["a@x.example", "c@x.example"]
    assert {m.context["calendar"]["method"] for m in cancels} == {"CANCEL"}
    with pytest.raises(ValidationError):
        gathering_cancel(gathering=party)
    with pytest.raises(ValidationError):
        invite(party, "late@x.example")


def test_hosts_are_coming_guests_without_a_seat(party, alice):
    (host,) = party.guests.filter(role=GuestRole.HOST)
    assert (host.email, host.status) == (alice.email, GuestStatus.YES)
    assert invite(party, "a@x.example", "b@x.example").as_dict()["waitlisted"] == 0


def test_an_answer_link_answers_for_its_own_guest_only(client, party):
    invite(party, "a@x.example", "b@x.example")
    url = rsvp_url(guest=guest("a@x.example"), answer="yes", language="en")
    page = client.get(url)
    assert page.status_code == 200
    assert "Winter drinks" in page.content.decode()
    assert client.post(url).status_code == 200
    assert guest("a@x.example").status == GuestStatus.YES
    assert guest("b@x.example").status == GuestStatus.INVITED

    forged = url.replace("/gathering_rsvp/", "/gathering_rsvp/x")
    assert client.post(forged).status_code in (400, 404)
    token = url.rstrip("/").rsplit("/", 1)[1]
    other = reverse("messaging:link", kwargs={"language": "en", "purpose": "rsvp", "token": token})
    assert client.post(other).status_code in (400, 404)  # another purpose's salt
    assert guest("b@x.example").status == GuestStatus.INVITED


def test_the_senior_guest_reads_their_own_invitation(party):
    party.invitation_text = "Drinks and small talk."
    party.save()
    invite(party, "a@x.example")
    seniors, _made = invitees_by_email(gathering=party, emails=["ceo@x.example"], source="test")
    guests_invite(
        gathering=party,
        invitees=seniors,
        by=None,
        role=GuestRole.SENIOR,
        senior_text="Would you say a few words at the start?",
    )
    texts = {
        m.address: m.context["text"]
        for m in OutboxMessage.objects.filter(message_type="gatherings_invitation")
    }
    assert texts == {
        "a@x.example": "Drinks and small talk.",
        "ceo@x.example": "Would you say a few words at the start?",
    }
