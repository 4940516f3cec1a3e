"""What outreach may use of gatherings: the small upcoming gatherings with a free seat that
an owner hosts or that are open to outside guests, and inviting a contact to one."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from hallway.gatherings.interface import gathering_invite_contact, upcoming_open_gatherings
from hallway.gatherings.models import Guest, GuestStatus
from hallway.gatherings.services.gatherings import gathering_cancel, gathering_create
from hallway.gatherings.services.guests import guests_invite, invitees_by_email
from hallway.messaging.models import OutboxMessage
from tests.factories import make_contact

NOW = datetime.datetime(2026, 12, 7, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


def party(acme, host, title, days=10, capacity=8):
    return gathering_create(
        organisation=acme,
        title=title,
        hosts=[host],
        starts_at=NOW + datetime.timedelta(days=days),
        minutes=60,
        capacity=capacity,
        by=host,
    )


def test_small_upcoming_gatherings_with_a_seat_hosted_or_open(acme, alice, bob, globex, mallory):
    mine = party(acme, alice, "Alice's drinks", days=3)
    bobs_open = party(acme, bob, "Client roundtable", days=5)
    invitees, _created = invitees_by_email(
        gathering=bobs_open, emails=["guest@client.test"], source="test"
    )
    guests_invite(gathering=bobs_open, invitees=invitees, by=bob)
    party(acme, bob, "Bob's team only", days=4)  # nobody from outside: not open
    party(acme, alice, "Conference party", capacity=80)  # not small
    full = party(acme, alice, "Full house", capacity=5, days=6)
    emails = [f"g{n}@client.test" for n in range(5)]
    invitees, _created = invitees_by_email(gathering=full, emails=emails, source="test")
    guests_invite(gathering=full, invitees=invitees, by=alice)
    gathering_cancel(gathering=party(acme, alice, "Cancelled", days=2))
    party(globex, mallory, "Elsewhere", days=1)

    offered = upcoming_open_gatherings(acme, NOW, 5, host=alice)
    assert [(g.title, g.hosted_by_you) for g in offered] == [
        ("Alice's drinks", True),
        ("Client roundtable", False),
    ]
    assert offered[1].free_seats == 7
    assert [g.title for g in upcoming_open_gatherings(acme, NOW, 1, host=alice)] == [
        "Alice's drinks"
    ]
    assert [g.id for g in upcoming_open_gatherings(acme, NOW, 5)] == [bobs_open.pk]
    assert mine.pk in {g.id for g in upcoming_open_gatherings(acme, NOW, 5, host=alice)}


def test_a_contact_is_invited_in_their_language(acme, alice):
    gathering = party(acme, alice, "Winter drinks")
    megan = make_contact(acme, "Megan Brooks", language="nl")
    assert (
        gathering_invite_contact(
            organisation=acme,
            gathering_id=gathering.pk,
            contact=megan,
            by=alice,
            now=NOW,
            host=alice,
        )
        == "invited"
    )
    guest = Guest.objects.get(contact=megan)
    assert (guest.status, guest.language) == (GuestStatus.INVITED, "nl")
    assert OutboxMessage.objects.filter(address=megan.email).exists()
    assert (
        gathering_invite_contact(
            organisation=acme,
            gathering_id=gathering.pk,
            contact=megan,
            by=alice,
            now=NOW,
            host=alice,
        )
        == "already"
    )


def test_a_gathering_not_offered_or_another_organisations_contact_is_refused(
    acme, alice, bob, globex
):
    bobs = party(acme, bob, "Bob's team only")
    megan = make_contact(acme, "Megan Brooks")
    stranger = make_contact(globex, "Stranger")
    with pytest.raises(ValidationError):
        gathering_invite_contact(
            organisation=acme, gathering_id=bobs.pk, contact=megan, by=alice, now=NOW, host=alice
        )
    with pytest.raises(ValidationError):
        gathering_invite_contact(
            organisation=acme,
            gathering_id=party(acme, alice, "Mine").pk,
            contact=stranger,
            by=alice,
            now=NOW,
            host=alice,
        )
    assert not Guest.objects.filter(contact__isnull=False).exists()
