"""iCalendar (RFC 5545) events for invitations (iMIP, RFC 6047) and the calendar feed.

A meeting is described in a message's context as `calendar`:

    {"uid": "coffee-12-3@hallway", "sequence": 0, "method": "REQUEST" | "CANCEL",
     "start": ISO, "end": ISO, "video_url": "https://…",
     "organizer": {"name": …, "email": …}, "attendees": [{"name": …, "email": …}, …]}

The UID stays the same for the life of the meeting; an update sends SEQUENCE + 1, a
cancellation METHOD:CANCEL with the same UID. Times are written in UTC, which every
calendar converts to its owner's zone.

A recurring meeting (a video stand-up) adds `"rrule": "FREQ=WEEKLY;BYDAY=MO,WE"` (RFC 5545,
without DTSTART) and `"timezone": "Europe/Berlin"`, the zone whose wall clock the rule
follows: its times are then written in that zone (TZID, with its VTIMEZONE), so the series
stays at 09:00 Berlin time across daylight saving changes. `"exdates"` lists the
occurrences left out of the series (a public holiday), as ISO datetimes on that zone's wall
clock (a naive one is read in that zone, an aware one converted to it): EXDATE with the
same TZID as DTSTART, so every calendar matches them to the rule's occurrences.
"""

import datetime
from email.utils import parseaddr
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from icalendar import Alarm, Calendar, Event, vCalAddress, vRecur, vText

PRODID = "-//Hallway//Hallway//EN"
ALARM_BEFORE = datetime.timedelta(minutes=10)
METHODS = ("REQUEST", "CANCEL", "PUBLISH")


def organizer() -> dict[str, str]:
    """The ORGANIZER of every invitation Hallway sends: the installation's sender."""
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return {"name": name or "Hallway", "email": address or "hallway@localhost"}


def organizer_domain() -> str:
    """The right-hand side of event UIDs (RFC 5545 asks for a globally unique UID)."""
    return organizer()["email"].rsplit("@", 1)[-1] or "hallway.localhost"


def _instant(value: Any) -> datetime.datetime:
    moment = (
        value if isinstance(value, datetime.datetime) else datetime.datetime.fromisoformat(value)
    )
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.UTC)
    return moment.astimezone(datetime.UTC)


def _exdates(values: Any, zone: str) -> list[datetime.datetime]:
    local = ZoneInfo(zone) if zone else datetime.UTC
    found = []
    for value in values:
        moment = (
            value
            if isinstance(value, datetime.datetime)
            else datetime.datetime.fromisoformat(str(value))
        )
        found.append(
            moment.replace(tzinfo=local) if moment.tzinfo is None else moment.astimezone(local)
        )
    return sorted(found)


def _address(person: dict[str, Any], **params: str) -> vCalAddress:
    address = vCalAddress(f"mailto:{person['email']}")
    if person.get("name"):
        address.params["CN"] = vText(person["name"])
    for key, value in params.items():
        address.params[key] = vText(value)
    return address


def event_build(
    meeting: dict[str, Any],
    *,
    summary: str,
    description: str,
    now: datetime.datetime,
    alarm: bool = True,
) -> Event:
    """One VEVENT for `meeting` (see the module docstring)."""
    event = Event()
    cancelled = meeting.get("method") == "CANCEL"
    event.add("uid", meeting["uid"])
    event.add("dtstamp", _instant(now))
    event.add("sequence", int(meeting.get("sequence", 0)))
    start, end = _instant(meeting["start"]), _instant(meeting["end"])
    rule = str(meeting.get("rrule") or "").strip()
    zone = str(meeting.get("timezone") or "").strip()
    if zone:
        start, end = start.astimezone(ZoneInfo(zone)), end.astimezone(ZoneInfo(zone))
    event.add("dtstart", start)
    event.add("dtend", end)
    if rule:
        event.add("rrule", vRecur.from_ical(rule.removeprefix("RRULE:")))
        exdates = _exdates(meeting.get("exdates") or (), zone)
        if exdates:
            event.add("exdate", exdates)
    event.add("summary", summary)
    event.add("description", description)
    video_url = meeting.get("video_url") or ""
    if video_url:
        event.add("location", video_url)
        event.add("url", video_url)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("transp", "OPAQUE")
    organizer = meeting.get("organizer")
    if organizer:
        event.add("organizer", _address(organizer))
    for attendee in meeting.get("attendees", []):
        event.add(
            "attendee",
            _address(
                attendee,
                CUTYPE="INDIVIDUAL",
                ROLE="REQ-PARTICIPANT",
                PARTSTAT="NEEDS-ACTION",
                RSVP="TRUE",
            ),
            encode=False,
        )
    if alarm and not cancelled:
        reminder = Alarm()
        reminder.add("action", "DISPLAY")
        reminder.add("description", summary)
        reminder.add("trigger", -ALARM_BEFORE)
        event.add_component(reminder)
    return event


def calendar_build(events: list[Event], *, method: str | None) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        if method not in METHODS:
            raise ValueError(f"unknown iTIP method {method!r}")
        calendar.add("method", method)
    for event in events:
        calendar.add_component(event)
    # Times written in a zone (a recurring series) need that zone's definition.
    calendar.add_missing_timezones()
    ical: bytes = calendar.to_ical()
    return ical


def invitation_ics(
    meeting: dict[str, Any], *, summary: str, description: str, now: datetime.datetime
) -> bytes:
    """The iMIP body of an invitation, update or cancellation."""
    method = "CANCEL" if meeting.get("method") == "CANCEL" else "REQUEST"
    return calendar_build(
        [event_build(meeting, summary=summary, description=description, now=now)], method=method
    )
