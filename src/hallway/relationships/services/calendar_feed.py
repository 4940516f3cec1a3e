"""A user's calendar feed: every past meeting with a contact becomes a touch.

The feed is the calendar's secret ICS address (Google, Outlook, Nextcloud, …). Each reading
asks for it conditionally (ETag, If-Modified-Since), parses it with `icalendar`, unfolds
recurrences with `recurring-ical-events` over the last `WINDOW` up to now (future meetings
have not happened yet), and records each meeting that has a contact among its attendees or
as its organizer. Only the event's title is kept. Reading is idempotent: the touch's
`external_id` is the event's UID and the occurrence it is (RECURRENCE-ID, else start).
"""

import datetime
import logging
import re
import zoneinfo
from dataclasses import dataclass, field
from typing import Any

import icalendar
import recurring_ical_events
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F

from hallway.accounts.models import Organisation, User
from hallway.relationships.models import Direction, TouchKind, TouchSource
from hallway.relationships.services.reach import SourceError, http_fetch, url_check
from hallway.relationships.services.records import contacts_by_email
from hallway.relationships.services.touches import touch_record
from hallway.relationships.sources_models import CalendarSubscription

logger = logging.getLogger("hallway.relationships")

WINDOW = datetime.timedelta(days=30)
MAX_BYTES = 10_000_000
MAX_EVENTS = 5000  # occurrences per reading; a calendar with more in 30 days is not a person's
# Where a meeting's video link is found, and the hosts that make it a video call.
VIDEO_PROPERTIES = ("URL", "LOCATION", "DESCRIPTION", "CONFERENCE", "X-GOOGLE-CONFERENCE")
VIDEO_LINK = re.compile(
    r"https://[^\s\"'<>]*(meet\.google\.com|zoom\.us|teams\.microsoft\.com|teams\.live\.com"
    r"|meet\.jit\.si|jitsi|whereby\.com|webex\.com|gotomeeting\.com|bigbluebutton"
    r"|/call/|talk)",
    re.IGNORECASE,
)


@dataclass
class FeedReport:
    touches: int = 0
    unchanged: bool = False
    problems: list[str] = field(default_factory=list)


def calendar_subscription_save(
    *, organisation: Organisation, user: User, url: str
) -> CalendarSubscription:
    """Store (or replace) the user's calendar address, checked but not read yet."""
    url = url.strip()
    if url.startswith("webcal://"):
        url = "https://" + url.removeprefix("webcal://")
    try:
        url_check(url)
    except SourceError as exc:
        raise ValidationError({"url": str(exc)}) from exc
    subscription = CalendarSubscription.objects.filter(
        organisation=organisation, user=user
    ).first() or CalendarSubscription(organisation=organisation, user=user)
    subscription.url = url
    subscription.etag = subscription.last_modified = ""
    subscription.last_read_at = subscription.last_error_at = None
    subscription.last_error = ""
    subscription.save()
    return subscription


def calendar_subscription_delete(*, subscription: CalendarSubscription) -> None:
    subscription.delete()


def _aware(value: Any, zone: datetime.tzinfo) -> datetime.datetime | None:
    """A DTSTART/RECURRENCE-ID as an aware instant; None for an all-day date (not a meeting)."""
    if not isinstance(value, datetime.datetime):
        return None
    return value if value.tzinfo is not None else value.replace(tzinfo=zone)


def _addresses(event: icalendar.Event) -> set[str]:
    found = set()
    attendees = event.get("ATTENDEE", [])
    if not isinstance(attendees, list):
        attendees = [attendees]
    for value in [*attendees, event.get("ORGANIZER")]:
        if value is None:
            continue
        text = str(value).strip()
        if text.lower().startswith("mailto:"):
            text = text[7:]
        if "@" in text:
            found.add(text.strip().lower())
    return found


def _is_video(event: icalendar.Event) -> bool:
    return any(
        VIDEO_LINK.search(str(event.get(name, ""))) for name in VIDEO_PROPERTIES if name in event
    )


def _occurrences(
    body: bytes, *, start: datetime.datetime, end: datetime.datetime
) -> list[icalendar.Event]:
    try:
        calendar = icalendar.Calendar.from_ical(body)
        return list(recurring_ical_events.of(calendar).between(start, end))[:MAX_EVENTS]
    except Exception as exc:  # a broken file is the feed's problem, never the job's
        raise SourceError(f"the calendar could not be read ({type(exc).__name__})") from exc


def calendar_touches_record(
    *,
    organisation: Organisation,
    user: User,
    body: bytes,
    now: datetime.datetime,
    report: FeedReport,
) -> None:
    """Record the touches of the meetings in one ICS file (the reading's second half)."""
    zone = zoneinfo.ZoneInfo(str(user.timezone or organisation.timezone or "UTC"))
    events = _occurrences(body, start=now - WINDOW, end=now)
    own = {user.email.lower()}
    wanted = {address for event in events for address in _addresses(event)} - own
    contacts = contacts_by_email(organisation, wanted)
    for event in events:
        if str(event.get("STATUS", "")).upper() == "CANCELLED":
            continue
        start = _aware(event.decoded("DTSTART", None), zone)
        if start is None or start > now:
            continue
        met = {contacts[a].pk: contacts[a] for a in _addresses(event) if a in contacts}
        if not met:
            continue
        uid = str(event.get("UID", "")).strip()
        if not uid:
            continue
        occurrence = _aware(event.decoded("RECURRENCE-ID", None), zone) or start
        key = f"{uid}/{occurrence.astimezone(datetime.UTC):%Y%m%dT%H%M%SZ}"
        try:
            touch_record(
                organisation=organisation,
                kind=TouchKind.VIDEO if _is_video(event) else TouchKind.MEETING,
                at=start,
                contacts=list(met.values()),
                by=user,
                summary=str(event.get("SUMMARY", ""))[:500],
                source=TouchSource.CALENDAR,
                direction=Direction.NONE,
                external_id=key[:300],
            )
        except ValidationError as exc:
            report.problems.append(f"{uid}: {' '.join(exc.messages)}")
            continue
        report.touches += 1


def calendar_subscription_read(
    *, subscription: CalendarSubscription, now: datetime.datetime
) -> FeedReport:
    """Read one feed and store how it went; never raises for the feed's own problems."""
    report = FeedReport()
    try:
        fetched = http_fetch(
            subscription.url,
            etag=subscription.etag,
            last_modified=subscription.last_modified,
            max_bytes=MAX_BYTES,
        )
        if fetched.status == 304:
            report.unchanged = True
        else:
            with transaction.atomic():
                calendar_touches_record(
                    organisation=subscription.organisation,
                    user=subscription.user,
                    body=fetched.body,
                    now=now,
                    report=report,
                )
            subscription.etag = fetched.etag[:300]
            subscription.last_modified = fetched.last_modified[:100]
    except SourceError as exc:
        subscription.last_error = str(exc)[:500]
        subscription.last_error_at = now
        subscription.save(update_fields=["last_error", "last_error_at"])
        report.problems.append(str(exc))
        return report
    subscription.last_read_at = now
    subscription.last_error = ""
    subscription.last_error_at = None
    subscription.save(
        update_fields=["etag", "last_modified", "last_read_at", "last_error", "last_error_at"]
    )
    return report


def calendar_subscriptions_read(*, now: datetime.datetime) -> int:
    """Read every calendar feed (the periodic job): how many touches were seen. One feed's
    unexpected failure is logged and does not stop the others."""
    seen = 0
    # Someone who left the organisation takes their calendar with them.
    current = CalendarSubscription.objects.filter(
        user__memberships__organisation=F("organisation")
    ).select_related("organisation", "user")
    for subscription in current:
        try:
            seen += calendar_subscription_read(subscription=subscription, now=now).touches
        except Exception:
            logger.exception("relationships: calendar %s could not be read", subscription.pk)
    return seen
