"""The gatherings pages: the list, a new gathering, its page, inviting (addresses and an
attendee list), a new time, breakout rounds and cancelling; who may do what."""

import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hallway.gatherings.models import BreakoutRoom, Gathering, GatheringStatus, Guest, GuestRole
from hallway.gatherings.services.gatherings import gathering_create
from hallway.messaging.models import OutboxMessage

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
        by=alice,
    )


def test_a_member_creates_a_gathering_they_host(bob_client, bob):
    page = bob_client.get(reverse("gatherings:new")).content.decode()
    assert "I had hoped to meet you at the conference" in page  # the default invitation text
    response = bob_client.post(
        reverse("gatherings:new"),
        {
            "title": "Happy hour, Platform team",
            "kind": "happy_hour",
            "topic": "",
            "starts_at": "2026-12-18T17:30",
            "minutes": "60",
            "capacity": "8",
            "hosts": [bob.pk],
            "invitation_text": "Drinks!",
        },
    )
    gathering = Gathering.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("gatherings:detail", args=[gathering.pk])
    assert list(gathering.hosts.all()) == [bob]
    assert gathering.video_url


def test_a_start_in_the_past_is_refused_with_nothing_saved(bob_client, bob):
    response = bob_client.post(
        reverse("gatherings:new"),
        {"title": "Too late", "kind": "other", "starts_at": "2026-12-01T10:00", "minutes": "60",
         "capacity": "8", "hosts": [bob.pk]},
    )  # fmt: skip
    assert response.status_code == 200
    assert "Choose a start in the future." in response.content.decode()
    assert not Gathering.objects.exists()


def test_the_list_and_the_page_show_the_guests(alice_client, party):
    assert "Winter drinks" in alice_client.get(reverse("gatherings:list")).content.decode()
    page = alice_client.get(reverse("gatherings:detail", args=[party.pk])).content.decode()
    assert "Winter drinks" in page
    assert "Host" in page
    assert "Send the invitations" in page


def test_inviting_by_address_and_by_attendee_list(alice_client, party):
    upload = SimpleUploadedFile(
        "attendees.csv",
        "Name;E-Mail;Themen\r\nJürgen Müller;juergen@konferenz.example;Führung\r\n".encode(
            "cp1252"
        ),
    )
    response = alice_client.post(
        reverse("gatherings:invite", args=[party.pk]),
        {
            "emails": "a@x.example,\nb@x.example",
            "attendees": upload,
            "senior_guest": "ceo@x.example",
        },
    )
    assert response.status_code == 302
    emails = set(party.guests.exclude(role=GuestRole.HOST).values_list("email", flat=True))
    assert emails == {"a@x.example", "b@x.example", "juergen@konferenz.example", "ceo@x.example"}
    assert Guest.objects.get(email="juergen@konferenz.example").topics == "Führung"
    assert OutboxMessage.objects.filter(message_type="gatherings_invitation").count() == 4
    page = alice_client.get(reverse("gatherings:detail", args=[party.pk])).content.decode()
    assert "Invited 4; 0 on the waitlist; 4 new contacts." in page


def test_a_broken_list_says_which_row_and_invites_nobody(alice_client, party):
    upload = SimpleUploadedFile("list.csv", b"Name;E-Mail\r\nAnna;\r\n")
    alice_client.post(reverse("gatherings:invite", args=[party.pk]), {"attendees": upload})
    page = alice_client.get(reverse("gatherings:detail", args=[party.pk])).content.decode()
    assert "row 2" in page.lower()
    assert not party.guests.exclude(role=GuestRole.HOST).exists()


def test_only_hosts_and_organisers_see_the_guests_and_change_a_gathering(bob_client, party):
    party.guests.create(
        organisation=party.organisation, name="Nina Vogel", email="nina@client.example",
        language="en", timezone="UTC", status="invited",
    )  # fmt: skip
    page = bob_client.get(reverse("gatherings:detail", args=[party.pk]))
    assert page.status_code == 200
    assert "Nina Vogel" not in page.content.decode()
    assert "The guest list is for the hosts and organisers." in page.content.decode()
    for name in ("invite", "reschedule", "cancel", "breakouts"):
        assert bob_client.post(reverse(f"gatherings:{name}", args=[party.pk])).status_code == 403
    assert Gathering.objects.get().status == GatheringStatus.SCHEDULED


def test_another_organisation_sees_nothing(mallory_client, party):
    assert mallory_client.get(reverse("gatherings:detail", args=[party.pk])).status_code == 404
    assert mallory_client.post(reverse("gatherings:cancel", args=[party.pk])).status_code == 404


def test_breakouts_a_new_time_and_cancelling(alice_client, party):
    alice_client.post(
        reverse("gatherings:invite", args=[party.pk]),
        {"emails": "a@x.example,b@x.example,c@x.example"},
    )
    party.guests.exclude(role=GuestRole.HOST).update(status="yes")
    alice_client.post(
        reverse("gatherings:breakouts", args=[party.pk]), {"rounds": "2", "size": "2"}
    )
    assert (
        BreakoutRoom.objects.filter(gathering=party).values("round_number").distinct().count() == 2
    )
    page = alice_client.get(reverse("gatherings:detail", args=[party.pk])).content.decode()
    assert "Round 2" in page

    alice_client.post(
        reverse("gatherings:reschedule", args=[party.pk]), {"starts_at": "2026-12-18T18:00"}
    )
    party.refresh_from_db()
    assert party.sequence == 1
    alice_client.post(reverse("gatherings:cancel", args=[party.pk]))
    party.refresh_from_db()
    assert party.status == GatheringStatus.CANCELLED


def test_the_page_shows_whom_the_time_hurts(acme, alice_client, party):
    party.guests.create(
        organisation=acme, name="Priya Rao", email="priya@example.in", language="en",
        timezone="Asia/Kolkata", status="yes",
    )  # fmt: skip
    page = alice_client.get(reverse("gatherings:detail", args=[party.pk])).content.decode()
    # 16:00 UTC is 21:30 in Bangalore: too late even for drinks (09:00-17:00, then three
    # hours of evening until 20:00); 17:00 in Berlin is fine for Alice.
    assert "At an unreasonable hour for:" in page
    assert "Priya Rao (21:30 Asia/Kolkata)" in page
    assert "Each guest&#x27;s local time" in page or "Each guest's local time" in page
