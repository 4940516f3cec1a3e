"""A user's calendar feed read over real HTTP: past meetings with contacts become touches."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from hallway.relationships.models import CalendarSubscription, Touch, TouchKind, TouchSource
from hallway.relationships.services import calendar_feed, reach
from hallway.relationships.services.calendar_feed import (
    calendar_subscription_read,
    calendar_subscription_save,
    calendar_subscriptions_read,
)
from tests.factories import make_company, make_contact

# Thursday 5 November 2026, 12:00 UTC: the window reaches back to 6 October; Europe left
# summer time on 25 October.
NOW = datetime.datetime(2026, 11, 5, 12, 0, tzinfo=datetime.UTC)

ICS = b"""BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Test//Calendar//EN
BEGIN:VEVENT
UID:weekly-sync@test
SUMMARY:Weekly sync with Brightside
DTSTART;TZID=Europe/Berlin:20261001T100000
DTEND;TZID=Europe/Berlin:20261001T103000
RRULE:FREQ=WEEKLY;COUNT=10
EXDATE;TZID=Europe/Berlin:20261008T100000
ORGANIZER:mailto:alice@acme.test
ATTENDEE;CN=Nina Vogel:mailto:Nina.Vogel@client.test
ATTENDEE:mailto:alice@acme.test
END:VEVENT
BEGIN:VEVENT
UID:weekly-sync@test
RECURRENCE-ID;TZID=Europe/Berlin:20261015T100000
SUMMARY:Weekly sync with Brightside (moved)
DTSTART;TZID=Europe/Berlin:20261016T140000
DTEND;TZID=Europe/Berlin:20261016T143000
ORGANIZER:mailto:alice@acme.test
ATTENDEE:mailto:nina.vogel@client.test
END:VEVENT
BEGIN:VEVENT
UID:cancelled@test
SUMMARY:Lunch that did not happen
STATUS:CANCELLED
DTSTART:20261020T110000Z
DTEND:20261020T120000Z
ATTENDEE:mailto:nina.vogel@client.test
END:VEVENT
BEGIN:VEVENT
UID:stranger@test
SUMMARY:Dentist
DTSTART:20261021T070000Z
DTEND:20261021T080000Z
ATTENDEE:mailto:reception@dentist.test
END:VEVENT
BEGIN:VEVENT
UID:video@test
SUMMARY:Contract review
DESCRIPTION:Private agenda: salary numbers
LOCATION:https://meet.google.com/abc-defg-hij
DTSTART:20261027T150000Z
DTEND:20261027T153000Z
ORGANIZER;CN=Omar:mailto:omar.haddad@client.test
ATTENDEE:mailto:alice@acme.test
END:VEVENT
BEGIN:VEVENT
UID:future@test
SUMMARY:Next quarter planning
DTSTART:20261120T090000Z
DTEND:20261120T100000Z
ATTENDEE:mailto:nina.vogel@client.test
END:VEVENT
BEGIN:VEVENT
UID:allday@test
SUMMARY:Trade fair
DTSTART;VALUE=DATE:20261028
DTEND;VALUE=DATE:20261029
ATTENDEE:mailto:nina.vogel@client.test
END:VEVENT
END:VCALENDAR
"""


@pytest.fixture
def contacts(acme):
    brightside = make_company(acme, "Brightside GmbH")
    return {
        "nina": make_contact(acme, "Nina Vogel", company=brightside),
        "omar": make_contact(acme, "Omar Haddad"),
    }


@pytest.fixture
def subscription(acme, alice, feed_server):
    feed_server.files["/alice.ics"] = ICS
    return calendar_subscription_save(
        organisation=acme, user=alice, url=feed_server.url("/alice.ics")
    )


def _touches():
    return list(Touch.objects.filter(source=TouchSource.CALENDAR).order_by("at"))


def test_past_meetings_with_contacts_become_touches(acme, alice, contacts, subscription):
    report = calendar_subscription_read(subscription=subscription, now=NOW)

    assert report.problems == []
    touches = _touches()
    # Weekly on Thursdays at 10:00 Berlin from 1 October: the 1st is outside the window, the
    # 8th excluded, the 15th moved to Friday 16th 14:00; summer time ends on 25 October,
    # so the wall clock stays at 10:00 and the instant moves by an hour.
    assert [t.at for t in touches] == [
        datetime.datetime(2026, 10, 16, 12, 0, tzinfo=datetime.UTC),
        datetime.datetime(2026, 10, 22, 8, 0, tzinfo=datetime.UTC),
        datetime.datetime(2026, 10, 27, 15, 0, tzinfo=datetime.UTC),
        datetime.datetime(2026, 10, 29, 9, 0, tzinfo=datetime.UTC),
        datetime.datetime(2026, 11, 5, 9, 0, tzinfo=datetime.UTC),
    ]
    moved, weekly, video = touches[0], touches[1], touches[2]
    assert moved.summary == "Weekly sync with Brightside (moved)"
    assert moved.external_id == "weekly-sync@test/20261015T080000Z"
    assert weekly.kind == TouchKind.MEETING
    assert list(weekly.contacts.all()) == [contacts["nina"]]
    assert weekly.company == contacts["nina"].company
    assert weekly.by == alice
    # The organizer counts as much as an attendee; a video link makes it a video call; the
    # title alone is kept, never the description.
    assert video.kind == TouchKind.VIDEO
    assert list(video.contacts.all()) == [contacts["omar"]]
    assert video.summary == "Contract review"
    contacts["nina"].refresh_from_db()
    assert contacts["nina"].last_touch_at == datetime.datetime(
        2026, 11, 5, 9, 0, tzinfo=datetime.UTC
    )
    subscription.refresh_from_db()
    assert subscription.last_read_at == NOW
    assert subscription.last_error == ""
    assert subscription.etag


def test_reading_again_records_nothing_new(acme, contacts, subscription, feed_server):
    calendar_subscription_read(subscription=subscription, now=NOW)
    subscription.refresh_from_db()
    calendar_subscription_read(subscription=subscription, now=NOW)
    # The server saw our ETag and answered 304.
    assert feed_server.requests[-1]["If-None-Match"] == subscription.etag
    subscription.etag = ""
    calendar_subscription_read(subscription=subscription, now=NOW)
    assert len(_touches()) == 5


def test_the_periodic_job_reads_every_feed(acme, alice, contacts, subscription):
    assert calendar_subscriptions_read(now=NOW) == 5
    assert len(_touches()) == 5


def test_a_feed_that_fails_keeps_its_error_and_the_job_goes_on(
    acme, alice, bob, contacts, subscription, feed_server
):
    broken = calendar_subscription_save(
        organisation=acme, user=bob, url=feed_server.url("/missing.ics")
    )
    calendar_subscriptions_read(now=NOW)
    broken.refresh_from_db()
    assert broken.last_error == "the server answered 404"
    assert broken.last_error_at == NOW
    assert broken.last_read_at is None
    assert len(_touches()) == 5  # alice's feed was read all the same


def test_a_broken_calendar_is_an_error_on_the_feed(acme, contacts, subscription, feed_server):
    feed_server.files["/alice.ics"] = b"BEGIN:VCALENDAR\nthis is not"
    report = calendar_subscription_read(subscription=subscription, now=NOW)
    assert "could not be read" in report.problems[0]
    subscription.refresh_from_db()
    assert "could not be read" in subscription.last_error


def test_a_calendar_too_large_is_refused(acme, contacts, subscription, monkeypatch):
    monkeypatch.setattr(calendar_feed, "MAX_BYTES", 1000)
    calendar_subscription_read(subscription=subscription, now=NOW)
    subscription.refresh_from_db()
    assert "larger than" in subscription.last_error
    assert _touches() == []


def test_redirects_are_followed(acme, alice, contacts, feed_server):
    feed_server.files["/alice.ics"] = ICS
    subscription = calendar_subscription_save(
        organisation=acme, user=alice, url=feed_server.url("/redirect/alice.ics")
    )
    calendar_subscription_read(subscription=subscription, now=NOW)
    assert len(_touches()) == 5


def test_private_addresses_are_refused_unless_allowed(acme, alice, settings, subscription):
    settings.HALLWAY_SOURCES_ALLOW_PRIVATE = False
    with pytest.raises(ValidationError) as caught:
        calendar_subscription_save(organisation=acme, user=alice, url="http://127.0.0.1/x.ics")
    assert "private or local" in caught.value.message_dict["url"][0]
    # Stored while it was allowed: refused when read.
    calendar_subscription_read(subscription=subscription, now=NOW)
    subscription.refresh_from_db()
    assert "private or local" in subscription.last_error


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://example.com/cal.ics", "gopher://x", "not a url"]
)
def test_only_http_addresses_are_taken(acme, alice, url):
    with pytest.raises(ValidationError):
        calendar_subscription_save(organisation=acme, user=alice, url=url)


def test_the_address_is_stored_encrypted_and_webcal_is_read_as_https(acme, alice, settings):
    settings.HALLWAY_SOURCES_ALLOW_PRIVATE = True
    subscription = calendar_subscription_save(
        organisation=acme, user=alice, url="webcal://localhost/secret-token/basic.ics"
    )
    stored = CalendarSubscription.objects.get(pk=subscription.pk)
    assert "secret-token" not in stored.secrets_encrypted
    assert stored.url == "https://localhost/secret-token/basic.ics"


def test_a_feed_of_someone_who_left_is_not_read(acme, alice, contacts, subscription):
    alice.memberships.filter(organisation=acme).delete()
    assert calendar_subscriptions_read(now=NOW) == 0
    assert _touches() == []


def test_a_download_that_takes_too_long_is_given_up(acme, contacts, subscription, monkeypatch):
    monkeypatch.setattr(reach, "TOTAL_SECONDS", -1)
    calendar_subscription_read(subscription=subscription, now=NOW)
    subscription.refresh_from_db()
    assert "took longer than" in subscription.last_error
