"""Scheduling a short video call with a contact: the "schedule a 20-minute call" action.

`call_schedule` picks a time inside both working hours (see `selectors.calls`), stores the
call and sends two iMIP invitations through the outbox: the contact's (by email, in their
language and zone, replies going to the owner) and the owner's (their language and zone,
by email with the calendar event and on the first chat channel that reaches them), which
alone carries the brief. Nothing is recorded as a touch: the call has not happened yet.
A new time (`call_reschedule`) sends the same UID with SEQUENCE + 1; a cancellation
(`call_cancel`) sends METHOD:CANCEL with the same UID.
"""

import datetime
import secrets
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hallway.accounts.models import Organisation, User
from hallway.messaging.channel_setup import channel_email, channels_of
from hallway.messaging.channels import EMAIL_KIND
from hallway.messaging.ics import organizer, organizer_domain
from hallway.messaging.models import Channel, RecipientKind
from hallway.messaging.services import Recipient, message_enqueue, person_address
from hallway.messaging.video import video_room_url
from hallway.relationships.messages import CALL_CANCELLED, CALL_INVITE, CALL_OWNER
from hallway.relationships.models import CallStatus, Contact, ScheduledCall
from hallway.relationships.selectors.brief import brief_for
from hallway.relationships.selectors.calls import (
    CALL_MINUTES,
    Side,
    call_slots,
    contact_side,
    owner_side,
)


def _new_uid() -> str:
    domain = organizer_domain()
    return f"call-{secrets.token_hex(12)}@{domain}"


def _calendar(call: ScheduledCall, owner: Side, contact: Side, method: str) -> dict[str, Any]:
    return {
        "uid": call.uid,
        "sequence": call.sequence,
        "method": method,
        "start": call.start.isoformat(),
        "end": call.end.isoformat(),
        "video_url": call.video_url,
        "organizer": organizer(),
        "attendees": [
            {"name": owner.name, "email": owner.email},
            {"name": contact.name, "email": contact.email},
        ],
    }


def _contact_recipient(contact: Contact, side: Side) -> Recipient:
    # Outside people have no directory entry: an address, with their language and zone.
    return Recipient(
        address=contact.email,
        kind=RecipientKind.CONTACT,
        ref=str(contact.pk),
        name=contact.name,
        language=side.language,
        timezone=side.timezone,
    )


def _owner_recipient(owner: User, side: Side, address: str = "") -> Recipient:
    if side.person is not None:
        return Recipient(
            address=address or side.email,
            kind=RecipientKind.PERSON,
            person=side.person,
            ref=str(side.person.pk),
            name=side.name,
            language=side.language,
            timezone=side.timezone,
        )
    return Recipient(
        address=address or side.email,
        kind=RecipientKind.USER,
        ref=str(owner.pk),
        name=side.name,
        language=side.language,
        timezone=side.timezone,
    )


def _key(call: ScheduledCall, who: str) -> str:
    return f"relationships:call-{call.pk}:seq-{call.sequence}:{who}"


def _send(call: ScheduledCall, *, rescheduled: bool = False) -> None:
    """The invitations (or updates) of the call at its current SEQUENCE."""
    organisation = call.organisation
    contact = call.contact
    owner_at = owner_side(organisation=organisation, user=call.owner)
    contact_at = contact_side(organisation=organisation, contact=contact)
    calendar = _calendar(call, owner_at, contact_at, "REQUEST")
    minutes = round((call.end - call.start).total_seconds() / 60)
    email = channel_email(organisation)
    message_enqueue(
        organisation=organisation,
        recipient=_contact_recipient(contact, contact_at),
        channel=email,
        message_type=CALL_INVITE,
        # Nothing of the brief: the contact's message is made from this context alone.
        context={
            "recipient_name": contact.name,
            "owner_name": owner_at.name,
            "organisation_name": organisation.name,
            "minutes": minutes,
            "calendar": calendar,
        },
        idempotency_key=_key(call, "contact"),
        reply_to=owner_at.email,
    )
    local_day = call.start.astimezone(ZoneInfo(contact_at.timezone)).date()
    brief = brief_for(owner=call.owner, contact=contact, organisation=organisation, today=local_day)
    owner_context: dict[str, Any] = {
        "recipient_name": owner_at.name,
        "contact_name": contact.name,
        "company_name": contact.company.name if contact.company_id and contact.company else "",
        "contact_timezone": contact_at.timezone,
        "minutes": minutes,
        "rescheduled": rescheduled,
        "calendar": calendar,
        "brief": brief.as_context(),
    }
    message_enqueue(
        organisation=organisation,
        recipient=_owner_recipient(call.owner, owner_at),
        channel=email,
        message_type=CALL_OWNER,
        context=owner_context,
        idempotency_key=_key(call, "owner"),
    )
    chat = _owner_chat(organisation, owner_at)
    if chat is not None:
        channel, address = chat
        message_enqueue(
            organisation=organisation,
            recipient=_owner_recipient(call.owner, owner_at, address),
            channel=channel,
            message_type=CALL_OWNER,
            context=owner_context,
            idempotency_key=_key(call, f"owner:channel-{channel.pk}"),
        )


def _owner_chat(organisation: Organisation, side: Side) -> tuple[Channel, str] | None:
    """The first enabled chat channel that reaches the owner, with their address on it."""
    if side.person is None:
        return None
    for channel in channels_of(organisation, enabled_only=True).order_by("id"):
        if channel.kind == EMAIL_KIND:
            continue
        address = person_address(side.person, channel)
        if address:
            return channel, address
    return None


def _check(organisation: Organisation, contact: Contact, owner: User) -> None:
    problems: dict[str, str] = {}
    if contact.organisation_id != organisation.pk:
        problems["contact"] = _("Choose a contact from this organisation.")
    elif not contact.email:
        problems["contact"] = _("The contact has no email address to send the invitation to.")
    if not owner.memberships.filter(organisation=organisation).exists():
        problems["owner"] = _("Only a member of the organisation can take the call.")
    if problems:
        raise ValidationError(problems)


@transaction.atomic
def call_schedule(
    *,
    organisation: Organisation,
    contact: Contact,
    owner: User,
    start: datetime.datetime | None = None,
    minutes: int = CALL_MINUTES,
    by: User | None,
) -> ScheduledCall:
    """Schedule a call of `minutes` between `owner` and `contact` at `start`, else at the
    first time inside both working hours on a day neither is away, and send the invitations.
    Raises ValidationError when no time is found or the input is wrong."""
    _check(organisation, contact, owner)
    now = timezone.now()
    if start is None:
        slots = call_slots(
            organisation=organisation, contact=contact, owner=owner, now=now, minutes=minutes
        )
        if not slots:
            raise ValidationError(
                {"start": _("No time in the next three weeks suits both working hours.")}
            )
        start = slots[0].start
    elif start.tzinfo is None:
        raise ValidationError({"start": _("Give the time with its time zone.")})
    elif start <= now:
        raise ValidationError({"start": _("Choose a time in the future.")})
    if not 5 <= minutes <= 240:
        raise ValidationError({"minutes": _("A call lasts between 5 minutes and 4 hours.")})
    # A form sent twice (a double click) schedules one call, not two.
    same = ScheduledCall.objects.filter(
        organisation=organisation,
        contact=contact,
        owner=owner,
        start=start,
        status=CallStatus.SCHEDULED,
    ).first()
    if same is not None:
        return same
    call = ScheduledCall.objects.create(
        organisation=organisation,
        contact=contact,
        owner=owner,
        scheduled_by=by,
        start=start,
        end=start + datetime.timedelta(minutes=minutes),
        uid=_new_uid(),
    )
    owner_at = owner_side(organisation=organisation, user=owner)
    call.video_url = video_room_url(
        organisation=organisation, meeting_key=f"relationships-call-{call.pk}", host=owner_at.person
    )
    call.save(update_fields=["video_url"])
    _send(call)
    return call


def _open(call: ScheduledCall) -> ScheduledCall:
    locked = ScheduledCall.objects.select_for_update().get(pk=call.pk)
    if locked.status != CallStatus.SCHEDULED:
        raise ValidationError(_("This call is cancelled already."))
    return locked


@transaction.atomic
def call_reschedule(*, call: ScheduledCall, start: datetime.datetime) -> ScheduledCall:
    """Move the call to `start`: the same UID with SEQUENCE + 1, to both sides."""
    if start.tzinfo is None or start <= timezone.now():
        raise ValidationError({"start": _("Choose a time in the future.")})
    locked = _open(call)
    length = locked.end - locked.start
    locked.start, locked.end = start, start + length
    locked.sequence += 1
    locked.save(update_fields=["start", "end", "sequence"])
    _send(locked, rescheduled=True)
    return locked


@transaction.atomic
def call_cancel(*, call: ScheduledCall) -> ScheduledCall:
    """Cancel the call: METHOD:CANCEL with the same UID and SEQUENCE + 1, to both sides."""
    locked = _open(call)
    locked.sequence += 1
    locked.status = CallStatus.CANCELLED
    locked.cancelled_at = timezone.now()
    locked.save(update_fields=["sequence", "status", "cancelled_at"])
    organisation = locked.organisation
    contact = locked.contact
    owner_at = owner_side(organisation=organisation, user=locked.owner)
    contact_at = contact_side(organisation=organisation, contact=contact)
    calendar = _calendar(locked, owner_at, contact_at, "CANCEL")
    email = channel_email(organisation)
    message_enqueue(
        organisation=organisation,
        recipient=_contact_recipient(contact, contact_at),
        channel=email,
        message_type=CALL_CANCELLED,
        context={
            "recipient_name": contact.name,
            "other_name": owner_at.name,
            "organisation_name": organisation.name,
            "outside": True,
            "calendar": calendar,
        },
        idempotency_key=_key(locked, "contact:cancel"),
        reply_to=owner_at.email,
    )
    message_enqueue(
        organisation=organisation,
        recipient=_owner_recipient(locked.owner, owner_at),
        channel=email,
        message_type=CALL_CANCELLED,
        context={
            "recipient_name": owner_at.name,
            "other_name": contact.name,
            "calendar": calendar,
        },
        idempotency_key=_key(locked, "owner:cancel"),
    )
    return locked
