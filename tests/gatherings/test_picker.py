"""The guest picker: who is suggested, in which order and why, and inviting those ticked."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from hallway.gatherings.models import GuestRole
from hallway.gatherings.selectors.picker import invitee_suggestions
from hallway.gatherings.services.gatherings import gathering_create
from hallway.people.models import Tag
from hallway.relationships.models import ContactTag
from tests.factories import make_contact, make_pairing, make_person, make_team

NOW = datetime.datetime(2026, 12, 7, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def host(acme, alice):
    return make_person(acme, "Alice Adams", email=alice.email, user=alice)


@pytest.fixture
def party(acme, alice, host):
    return gathering_create(
        organisation=acme,
        title="Drinks",
        topic="Remote onboarding",
        hosts=[alice],
        starts_at=NOW + datetime.timedelta(days=10),
        minutes=60,
        by=alice,
    )


def test_not_met_yet_first_then_the_topic(acme, party, host):
    onboarding = Tag.objects.create(organisation=acme, name="onboarding")
    met = make_person(acme, "Anna Met", email="anna@acme.test")
    met.interests.add(onboarding)
    fresh = make_person(acme, "Zora Fresh", email="zora@acme.test")
    fresh.interests.add(onboarding)
    make_person(acme, "Bert Other", email="bert@acme.test")  # no interest in the topic
    make_pairing(None, [host, met], outcomes=["met", "met"], due_on=datetime.date(2026, 11, 1))

    found = invitee_suggestions(gathering=party)
    names = [s.name for s in found]
    assert names[:2] == ["Zora Fresh", "Anna Met"]  # unfiltered: only who shares the topic
    assert "Bert Other" not in names
    assert found[0].reasons == ("You have not met yet", "Interested in onboarding")
    assert found[1].met
    assert "Alice Adams" not in names  # the host is a guest already


def test_contacts_with_the_topic_and_filters(acme, party):
    tag = ContactTag.objects.create(organisation=acme, name="Onboarding")
    nina = make_contact(acme, "Nina Vogel", job_title="Head of HR")
    nina.tags.add(tag)
    make_contact(acme, "Otto Unrelated")
    team = make_team(acme, "Platform")
    make_person(acme, "Pia Platform", email="pia@acme.test", team=team)

    found = invitee_suggestions(gathering=party, source="contacts")
    assert [s.name for s in found] == ["Nina Vogel"]
    assert found[0].reasons == ("Nobody here has met them yet", "Interested in Onboarding")
    assert found[0].detail == "Head of HR"
    assert [s.name for s in invitee_suggestions(gathering=party, query="otto")] == [
        "Otto Unrelated"
    ]
    assert [s.name for s in invitee_suggestions(gathering=party, team=team.pk)] == ["Pia Platform"]


def test_inviting_the_people_ticked(alice_client, acme, party, globex):
    nina = make_contact(acme, "Nina Vogel")
    pia = make_person(acme, "Pia Platform", email="pia@acme.test")
    url = reverse("gatherings:pick", args=[party.pk])
    assert alice_client.get(url, {"q": "nina"}).status_code == 200
    response = alice_client.post(url, {"invite": [f"contact-{nina.pk}", f"person-{pia.pk}"]})
    assert response.status_code == 302
    guests = party.guests.exclude(role=GuestRole.HOST)
    assert sorted(guests.values_list("name", flat=True)) == ["Nina Vogel", "Pia Platform"]

    stranger = make_contact(globex, "Not Ours")
    alice_client.post(url, {"invite": [f"contact-{stranger.pk}"]})
    alice_client.post(url, {"invite": ["anything-1"]})
    assert guests.count() == 2


def test_only_hosts_and_organisers_pick(bob_client, party):
    assert bob_client.get(reverse("gatherings:pick", args=[party.pk])).status_code == 403
