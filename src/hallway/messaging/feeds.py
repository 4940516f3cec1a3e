"""Calendar feeds: each person's secret, revocable ICS address with their upcoming
Hallway meetings, to subscribe to in Google, Outlook or Apple Calendar.

The meetings are the calendar invitations in the outbox addressed to the person: for each
meeting (UID) the latest version counts, and cancelled ones drop out. Only a hash of the
secret is stored; creating a new address revokes the old one.
"""

import datetime
import hashlib
import secrets

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from hallway.accounts.links import absolute_url
from hallway.messaging.ics import calendar_build, event_build
from hallway.messaging.models import CalendarFeed, OutboxMessage
from hallway.messaging.rendering import message_render
from hallway.people.models import Person

PAST_DAYS = 30


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def calendar_feed_create(*, person: Person) -> tuple[CalendarFeed, str]:
    """A new secret address for `person` (the previous one stops working); returns the URL."""
    raw = secrets.token_urlsafe(24)
    now = timezone.now()
    with transaction.atomic():
        CalendarFeed.objects.filter(person=person, revoked_at__isnull=True).update(revoked_at=now)
        feed = CalendarFeed.objects.create(
            organisation_id=person.organisation_id, person=person, key_hash=_hash(raw)
        )
    return feed, absolute_url(reverse("messaging:calendar_feed", args=[raw]))


def calendar_feed_revoke(*, person: Person) -> int:
    with transaction.atomic():
        return CalendarFeed.objects.filter(person=person, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )


def calendar_feed_find(raw: str) -> CalendarFeed | None:
    return (
        CalendarFeed.objects.select_related("person")
        .filter(key_hash=_hash(raw), revoked_at__isnull=True)
        .first()
    )


def calendar_feed_ics(*, feed: CalendarFeed, now: datetime.datetime) -> bytes:
    person = feed.person
    latest: dict[str, tuple[int, OutboxMessage]] = {}
    invitations = OutboxMessage.objects.filter(
        organisation_id=feed.organisation_id,
        person=person,
        context__has_key="calendar",
    ).order_by("created_at", "id")
    for message in invitations:
        meeting = message.context.get("calendar") or {}
        uid = str(meeting.get("uid", ""))
        sequence = int(meeting.get("sequence", 0) or 0)
        if uid and (uid not in latest or sequence >= latest[uid][0]):
            latest[uid] = (sequence, message)
    events = []
    cutoff = now - datetime.timedelta(days=PAST_DAYS)
    for _sequence, message in latest.values():
        meeting = message.context["calendar"]
        if meeting.get("method") == "CANCEL":
            continue
        end = datetime.datetime.fromisoformat(meeting["end"])
        if end < cutoff:
            continue
        rendered = message_render(
            template=message.template,
            channel="email",  # the calendar holds the email's words
            language=person.preferred_language,
            timezone_name=person.timezone,
            context=message.context,
            organisation_id=message.organisation_id,
        )
        events.append(
            event_build(
                {**meeting, "attendees": []},
                summary=rendered.subject,
                description=rendered.text,
                now=now,
                alarm=False,
            )
        )
    return calendar_build(events, method=None)
