import datetime

import time_machine
from django.urls import reverse
from icalendar import Calendar

from hallway.messaging.channels.email.test_email import AFTER_DST, UID, invite
from hallway.messaging.feeds import calendar_feed_create, calendar_feed_revoke
from tests.factories import make_person

NOW = datetime.datetime(2026, 3, 20, 12, 0, tzinfo=datetime.UTC)


def path_of(url):
    return url.removeprefix("http://127.0.0.1:8000")


def events_of(response):
    assert response["Content-Type"].startswith("text/calendar")
    return list(Calendar.from_ical(response.content).walk("VEVENT"))


def test_the_feed_shows_the_latest_version_of_each_upcoming_meeting(client, enqueue, carol, bruno):
    invite(enqueue, carol, bruno, AFTER_DST, key="v0")
    invite(enqueue, carol, bruno, AFTER_DST + datetime.timedelta(hours=2), key="v1", sequence=1)
    other = enqueue(
        "other",
        person=carol,
        message_type="meeting",
        context={
            "calendar": {
                "uid": "other@hallway.test",
                "sequence": 0,
                "start": AFTER_DST.isoformat(),
                "end": (AFTER_DST + datetime.timedelta(minutes=30)).isoformat(),
            }
        },
    )
    invite(enqueue, bruno, carol, AFTER_DST, key="bruno")  # someone else's
    _feed, url = calendar_feed_create(person=carol)
    with time_machine.travel(NOW):
        events = events_of(client.get(path_of(url)))
    assert {str(e["UID"]) for e in events} == {UID, "other@hallway.test"}
    (meeting,) = [e for e in events if str(e["UID"]) == UID]
    assert meeting.decoded("DTSTART") == AFTER_DST + datetime.timedelta(hours=2)
    assert str(meeting["SUMMARY"]) == "Kaffee mit Bruno Souza"
    assert other.pk


def test_cancelled_and_long_past_meetings_drop_out(client, enqueue, carol, bruno):
    invite(enqueue, carol, bruno, AFTER_DST, key="v0")
    invite(enqueue, carol, bruno, AFTER_DST, key="v1", sequence=1, method="CANCEL")
    invite(enqueue, carol, bruno, datetime.datetime(2025, 1, 6, 9, tzinfo=datetime.UTC), key="old")
    _feed, url = calendar_feed_create(person=carol)
    with time_machine.travel(NOW):
        assert events_of(client.get(path_of(url))) == []


def test_a_new_address_revokes_the_old_and_revoking_stops_it(client, carol):
    _first, old_url = calendar_feed_create(person=carol)
    _second, new_url = calendar_feed_create(person=carol)
    assert client.get(path_of(old_url)).status_code == 404
    assert client.get(path_of(new_url)).status_code == 200
    calendar_feed_revoke(person=carol)
    assert client.get(path_of(new_url)).status_code == 404
    assert client.get(reverse("messaging:calendar_feed", args=["guessed"])).status_code == 404


def test_members_create_their_own_address(bob_client, bob, acme):

    page = bob_client.get(reverse("messaging:my_calendar"))
    assert "not in this organisation" in page.content.decode()
    make_person(acme, "Bob", email="bob@acme.test", user=bob)
    page = bob_client.post(reverse("messaging:my_calendar"), {"action": "create"})
    html = page.content.decode()
    assert "/messages/calendar/" in html
    page = bob_client.post(reverse("messaging:my_calendar"), {"action": "revoke"})
    assert page.status_code == 302
