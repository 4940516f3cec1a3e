"""The host console page: hosts and organisers only, another organisation gets 404; the
countdown without JavaScript, starting a round, a latecomer, a guest leaving early."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from hallway.gatherings.models import BreakoutRoom, Guest, GuestStatus
from hallway.gatherings.services.breakouts import breakouts_plan
from tests.gatherings.test_breakouts import add_guest, party

NOW = datetime.datetime(2026, 12, 10, 17, 5, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def planned(acme, alice):
    gathering, _guests = party(acme, 8, hosts=0, seniors=0)
    gathering.hosts.add(alice)
    breakouts_plan(gathering=gathering, rounds=3, size=3)
    return gathering


def url(name, gathering):
    return reverse(f"gatherings:{name}", args=[gathering.pk])


def test_a_member_who_is_not_a_host_is_refused(bob_client, planned):
    assert bob_client.get(url("console", planned)).status_code == 403
    response = bob_client.post(url("console_start", planned), {"number": "1"})
    assert response.status_code == 403
    planned.refresh_from_db()
    assert planned.current_round == 0


def test_another_organisation_gets_404(mallory_client, planned):
    assert mallory_client.get(url("console", planned)).status_code == 404
    assert (
        mallory_client.post(url("console_late", planned), {"email": "x@y.test"}).status_code == 404
    )


def test_the_host_starts_a_round_and_sees_the_countdown_and_rooms(alice_client, planned):
    page = alice_client.get(url("console", planned)).content.decode()
    assert "No round has started yet." in page
    assert "Start round 1" in page
    assert (
        reverse("gatherings:console", args=[planned.pk])
        in alice_client.get(url("detail", planned)).content.decode()
    )

    response = alice_client.post(url("console_start", planned), {"number": "1", "minutes": "10"})
    assert response.status_code == 302

    page = alice_client.get(url("console", planned)).content.decode()
    assert "Round 1 of 3" in page
    assert "10 minutes left" in page
    assert 'datetime="PT10M"' in page
    assert "Start round 2" in page
    room = BreakoutRoom.objects.get(gathering=planned, round_number=1, number=1)
    assert room.video_url in page
    assert "Rooms of round 2 (next)" in page
    with time_machine.travel(NOW + datetime.timedelta(minutes=4, seconds=30), tick=False):
        timer = alice_client.get(
            url("console", planned) + "?part=timer", headers={"HX-Request": "true"}
        )
    assert timer.content.decode().strip().startswith('<time datetime="PT6M">6 minutes left</time>')


def test_a_bad_round_number_is_an_error_and_changes_nothing(alice_client, planned):
    response = alice_client.post(url("console_start", planned), {"number": "3"}, follow=True)
    assert "Start round 1 first." in response.content.decode()
    planned.refresh_from_db()
    assert planned.current_round == 0


def test_latecomers_and_leaving_early(alice_client, planned):
    late = add_guest(planned, "late@example.test", status=GuestStatus.INVITED)
    alice_client.post(url("console_start", planned), {"number": "1"})
    page = alice_client.get(url("console", planned)).content.decode()
    assert f'<option value="{late.pk}">' in page

    response = alice_client.post(url("console_late", planned), {"guest": str(late.pk)}, follow=True)
    assert "Late joins round 1 room" in response.content.decode()
    assert late.rooms.count() == 3

    response = alice_client.post(
        url("console_late", planned), {"email": "door@example.test"}, follow=True
    )
    assert "joins round 1 room" in response.content.decode()
    door = Guest.objects.get(gathering=planned, email="door@example.test")
    assert door.rooms.count() == 3

    response = alice_client.post(url("console_left", planned), {"guest": str(door.pk)}, follow=True)
    assert "the rounds still to come are planned again" in response.content.decode()
    assert list(door.rooms.values_list("round_number", flat=True)) == [1]

    response = alice_client.post(url("console_left", planned), {"guest": "nobody"}, follow=True)
    assert "Choose a guest." in response.content.decode()
