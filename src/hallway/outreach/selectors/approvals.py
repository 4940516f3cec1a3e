"""What waits for a person's approval, and what they sent: the rows of the approval queue
and of the message history, with where each message came from and when it would go."""

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from hallway.accounts.models import Organisation, User
from hallway.outreach.models import (
    Campaign,
    Enrollment,
    MessageStatus,
    PersonalMessage,
    Sequence,
)
from hallway.outreach.selectors.consent import (
    NO_ADDRESS,
    NO_CONSENT,
    UNSUBSCRIBED,
    send_blocker,
    unsubscribed_addresses,
)
from hallway.outreach.selectors.timing import contact_send_at

# How many messages the queue and the history show at once: the oldest first in the queue,
# so nothing waits forever behind newer drafts.
QUEUE_LIMIT = 100
HISTORY_LIMIT = 100


def approvals_queue(
    *, organisation: Organisation, user: User | None = None
) -> QuerySet[PersonalMessage]:
    """Messages waiting for approval, oldest first: `user`'s, or everyone's without one."""
    waiting = PersonalMessage.objects.filter(
        organisation=organisation, status=MessageStatus.PENDING
    )
    if user is not None:
        waiting = waiting.filter(owner=user)
    return waiting.select_related("contact__company", "owner").order_by("created_at", "id")


def messages_of(*, organisation: Organisation, user: User) -> QuerySet[PersonalMessage]:
    """`user`'s messages past the queue (scheduled, queued, sent, not sent), newest first."""
    return (
        PersonalMessage.objects.filter(organisation=organisation, owner=user)
        .exclude(status=MessageStatus.PENDING)
        .select_related("contact__company")
        .order_by("-created_at", "-id")
    )


def may_decide(message: PersonalMessage, user: User, *, admin: bool) -> bool:
    """Only the owner of a message, or an admin, approves or discards it."""
    return admin or message.owner_id == user.pk


def _ids(messages: list[PersonalMessage], prefix: str) -> set[int]:
    found = set()
    for message in messages:
        parts = message.ref.split(":")
        if len(parts) >= 2 and parts[0] == prefix and parts[1].isdigit():
            found.add(int(parts[1]))
    return found


def origins_of(organisation: Organisation, messages: list[PersonalMessage]) -> dict[int, str]:
    """A few words per message on where it came from: the sequence's name when its ref
    names an enrollment or a sequence, the campaign's title, else the kind of source."""
    enrollments = dict(
        Enrollment.objects.filter(
            organisation=organisation, pk__in=_ids(messages, "enrollment")
        ).values_list("pk", "sequence__name")
    )
    sequences = dict(
        Sequence.objects.filter(
            organisation=organisation, pk__in=_ids(messages, "sequence")
        ).values_list("pk", "name")
    )
    campaigns = dict(
        Campaign.objects.filter(
            organisation=organisation, pk__in=_ids(messages, "campaign")
        ).values_list("pk", "title")
    )
    origins = {}
    for message in messages:
        parts = message.ref.split(":")
        number = int(parts[1]) if len(parts) >= 2 and parts[1].isdigit() else 0
        kind = message.get_source_display()
        name = {
            "enrollment": enrollments,
            "sequence": sequences,
            "campaign": campaigns,
        }.get(parts[0], {}).get(number)
        origins[message.pk] = f"{kind}: {name}" if name else str(kind)
    return origins


BLOCKER_WARNINGS = {
    UNSUBSCRIBED: lambda: _("unsubscribed — will not be sent"),
    NO_ADDRESS: lambda: _("no email address — will not be sent"),
    NO_CONSENT: lambda: _("no consent to marketing — will not be sent"),
}


@dataclass
class Row:
    message: PersonalMessage
    origin: str
    # When it would go if approved now (inside the contact's hours), in UTC.
    goes_at: datetime.datetime
    warning: str = ""
    # The consent selector's code behind the warning ("unsubscribed", …), for the API.
    blocker: str = ""


def queue_rows(
    *, organisation: Organisation, messages: list[PersonalMessage], now: datetime.datetime
) -> list[Row]:
    origins = origins_of(organisation, messages)
    unsubscribed = unsubscribed_addresses(organisation.pk, [m.contact.email for m in messages])
    rows = []
    for message in messages:
        blocker = send_blocker(
            message.contact, marketing=message.marketing, unsubscribed=unsubscribed
        )
        warning = BLOCKER_WARNINGS[blocker]() if blocker in BLOCKER_WARNINGS else ""
        goes_at = contact_send_at(
            organisation=organisation, contact=message.contact, after=max(now, message.not_before)
        )
        rows.append(Row(message, origins[message.pk], goes_at, warning, blocker))
    return rows


def problem_label(message: PersonalMessage) -> str:
    """Why a message did not go, in words (the stored codes of consent, else as stored)."""
    if message.problem in BLOCKER_WARNINGS:
        return {
            UNSUBSCRIBED: _("the address unsubscribed"),
            NO_ADDRESS: _("no email address"),
            NO_CONSENT: _("no consent to marketing"),
        }[message.problem]
    return message.problem
