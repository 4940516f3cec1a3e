"""The messages of a gathering: each guest's invitation (an iMIP REQUEST with yes, no and
maybe links), the waitlist notice, the "a seat is free" invitation, updates (SEQUENCE + 1),
the cancellation and the reminders, each in the guest's language and zone, by email through
the outbox.

Idempotency keys name the real-world message (the gathering, the guest, what happened and
the calendar SEQUENCE), so a service that runs twice never sends twice.
"""

import datetime
from typing import Any

from hallway.gatherings.links import RSVP_ANSWERS, rsvp_url
from hallway.gatherings.messages import (
    GATHERING_CANCELLED,
    GATHERING_INVITATION,
    GATHERING_REMINDER,
    GATHERING_WAITLISTED,
)
from hallway.gatherings.models import Gathering, Guest, GuestRole, GuestStatus
from hallway.messaging.channel_setup import channel_email
from hallway.messaging.ics import organizer
from hallway.messaging.models import Channel, RecipientKind
from hallway.messaging.services import Outgoing, Recipient, message_enqueue


def calendar_of(gathering: Gathering, guest: Guest, method: str = "REQUEST") -> dict[str, Any]:
    """The calendar event one guest's message carries (the guest as its only attendee: the
    guest list is not shared through calendars)."""
    return {
        "uid": gathering.uid,
        "sequence": gathering.sequence,
        "method": method,
        "start": gathering.starts_at.isoformat(),
        "end": (gathering.starts_at + datetime.timedelta(minutes=gathering.minutes)).isoformat(),
        "video_url": gathering.video_url,
        "organizer": organizer(),
        "attendees": [{"name": guest.name, "email": guest.email}],
    }


def guest_recipient(guest: Guest) -> Recipient:
    if guest.person_id:
        kind, ref = RecipientKind.PERSON, str(guest.person_id)
    elif guest.contact_id:
        kind, ref = RecipientKind.CONTACT, str(guest.contact_id)
    else:
        kind, ref = RecipientKind.ADDRESS, ""
    return Recipient(
        address=guest.email,
        kind=kind,
        person=guest.person if guest.person_id else None,
        ref=ref,
        name=guest.name,
        language=guest.language,
        timezone=guest.timezone,
    )


def message_base(gathering: Gathering, guest: Guest, hosts: list[str]) -> dict[str, Any]:
    return {
        "recipient_name": guest.name,
        "title": gathering.title,
        "kind": gathering.kind,
        "topic": gathering.topic,
        "text": gathering.senior_text
        if guest.role == GuestRole.SENIOR and gathering.senior_text
        else gathering.invitation_text,
        "hosts": hosts,
        "organisation_name": gathering.organisation.name,
        "senior": guest.role == GuestRole.SENIOR,
        "joins_after": guest.joins_after,
        "leaves_after": guest.leaves_after,
        "minutes": gathering.minutes,
    }


def _key(gathering: Gathering, guest: Guest, what: str) -> str:
    return f"gatherings:{gathering.pk}:guest-{guest.pk}:seq-{gathering.sequence}:{what}"


def host_names(gathering: Gathering) -> list[str]:
    return [guest.name for guest in gathering.guests.filter(role=GuestRole.HOST).order_by("id")]


def invitation_send(
    *, gathering: Gathering, guest: Guest, hosts: list[str], what: str = "invitation"
) -> None:
    """The invitation (or, with `what="update"`, the new time) with the answer links."""
    links = {
        f"{answer}_url": rsvp_url(guest=guest, answer=answer, language=guest.language)
        for answer in RSVP_ANSWERS
    }
    message_enqueue(
        organisation=gathering.organisation,
        recipient=guest_recipient(guest),
        channel=channel_email(gathering.organisation),
        message_type=GATHERING_INVITATION,
        context={
            **message_base(gathering, guest, hosts),
            **links,
            "update": what == "update",
            "promoted": what == "promoted",
            "calendar": calendar_of(gathering, guest),
        },
        idempotency_key=_key(gathering, guest, what),
        reply_to=first_host_email(gathering),
    )


def waitlisted_send(*, gathering: Gathering, guest: Guest, hosts: list[str]) -> None:
    """A guest beyond the capacity: they are on the waitlist (no calendar event yet)."""
    message_enqueue(
        organisation=gathering.organisation,
        recipient=guest_recipient(guest),
        channel=channel_email(gathering.organisation),
        message_type=GATHERING_WAITLISTED,
        context={
            **message_base(gathering, guest, hosts),
            "position": guest.waitlist_position,
            "starts_at": gathering.starts_at.isoformat(),
            "no_url": rsvp_url(guest=guest, answer="no", language=guest.language),
        },
        idempotency_key=_key(gathering, guest, "waitlisted"),
        reply_to=first_host_email(gathering),
    )


def cancellation_send(*, gathering: Gathering, guest: Guest, hosts: list[str]) -> None:
    message_enqueue(
        organisation=gathering.organisation,
        recipient=guest_recipient(guest),
        channel=channel_email(gathering.organisation),
        message_type=GATHERING_CANCELLED,
        context={
            **message_base(gathering, guest, hosts),
            "calendar": calendar_of(gathering, guest, "CANCEL"),
        },
        idempotency_key=_key(gathering, guest, "cancelled"),
        reply_to=first_host_email(gathering),
    )


def reminder_outgoing(
    *,
    gathering: Gathering,
    guest: Guest,
    hosts: list[str],
    lead: str,
    before: datetime.timedelta,
    channel: Channel,
    reply_to: str,
) -> Outgoing:
    """One guest's reminder (`lead` "24h" or "1h", sent `before` the start): when, in the
    guest's zone, and the video room; a guest who has not said yes or no (invited, maybe)
    gets the yes and no links again. No calendar event: the guest has it. Due `before` the
    start and expiring at the start: a reminder that cannot arrive in time is not sent."""
    context: dict[str, object] = {
        **message_base(gathering, guest, hosts),
        "lead": lead,
        "status": guest.status,
        "host": guest.role == GuestRole.HOST,
        "starts_at": gathering.starts_at.isoformat(),
        "ends_at": (
            gathering.starts_at + datetime.timedelta(minutes=gathering.minutes)
        ).isoformat(),
        "video_url": gathering.video_url,
    }
    if guest.status in (GuestStatus.INVITED, GuestStatus.MAYBE):
        for answer in (GuestStatus.YES, GuestStatus.NO):
            context[f"{answer}_url"] = rsvp_url(guest=guest, answer=answer, language=guest.language)
    return Outgoing(
        recipient=guest_recipient(guest),
        channel=channel,
        message_type=GATHERING_REMINDER,
        context=context,
        idempotency_key=_key(gathering, guest, f"reminder-{lead}"),
        not_before=gathering.starts_at - before,
        expires_at=gathering.starts_at,
        reply_to=reply_to,
    )


def first_host_email(gathering: Gathering) -> str:
    """Where guests' replies go: the first host's address ("" without hosts)."""
    host = gathering.guests.filter(role=GuestRole.HOST).order_by("id").first()
    return host.email if host is not None else ""
