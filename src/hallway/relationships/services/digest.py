"""The weekly digest: once a week, each user's reach-out queue in one message.

Sent on the first of a user's working days in the week on which they are not away (public
holidays, out of office), from 07:00 their time, in their language: by chat where they
have an address on one of the organisation's chat channels, by email otherwise. One per
user and ISO week (the idempotency key says so), so the hourly job may run any number of
times. A user with nothing in their queue gets nothing.
"""

import datetime
import logging
import zoneinfo
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from hallway.absences.selectors import AbsenceCalendar
from hallway.accounts.models import Membership, Organisation, User
from hallway.messaging.channel_setup import channels_of
from hallway.messaging.channels import EMAIL_KIND, kind_get
from hallway.messaging.channels.base import CHAT
from hallway.messaging.models import Channel, OutboxMessage, RecipientKind
from hallway.messaging.services import Outgoing, Recipient, message_enqueue_many, person_address
from hallway.people.models import Person
from hallway.relationships.models import Company, Contact, Detail
from hallway.relationships.selectors.queue import QueueItem, reach_out_queue

logger = logging.getLogger("hallway.relationships")

DIGEST = "relationships_digest"  # see relationships.messages
#: From this hour (the user's own time) on the digest day.
SEND_FROM_HOUR = 7
#: At most this many items in the message; the page has the rest.
DIGEST_ITEMS = 15


@dataclass(frozen=True)
class Reader:
    """Who a digest is for: the user, and their entry in the directory if they have one
    (their language, zone, working days, absences and chat addresses live there)."""

    user: User
    person: Person | None
    language: str
    timezone: str


def _week(day: datetime.date) -> str:
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02}"


def _week_prefix(organisation: Organisation, week: str) -> str:
    return f"relationships:digest:{organisation.pk}:{week}:"


def digest_key(user: User, organisation: Organisation, day: datetime.date) -> str:
    """The digest of `user` for the ISO week of `day` (a channel suffix follows)."""
    return f"{_week_prefix(organisation, _week(day))}{user.pk}"


def _had_digest(organisation: Organisation, weeks: set[str]) -> set[tuple[str, int]]:
    """(week, user id) of the digests already enqueued in these weeks."""
    had = set()
    for week in weeks:
        prefix = _week_prefix(organisation, week)
        keys = OutboxMessage.objects.filter(
            organisation=organisation, idempotency_key__startswith=prefix
        ).values_list("idempotency_key", flat=True)
        had |= {(week, int(key[len(prefix) :].split(":")[0])) for key in keys}
    return had


def _readers(organisation: Organisation) -> list[Reader]:
    """Members who own contacts or companies, or wait to ask something."""
    user_ids = (
        set(
            Contact.owners.through.objects.filter(contact__organisation=organisation).values_list(
                "user_id", flat=True
            )
        )
        | set(
            Company.owners.through.objects.filter(company__organisation=organisation).values_list(
                "user_id", flat=True
            )
        )
        | set(
            Detail.objects.filter(
                organisation=organisation, ask_next_time=True, asked_at=None
            ).values_list("author_id", flat=True)
        )
    )
    memberships = Membership.objects.filter(
        organisation=organisation, user_id__in=user_ids
    ).select_related("user")
    people = {
        person.user_id: person
        for person in Person.objects.filter(organisation=organisation, user_id__in=user_ids)
    }
    readers = []
    for membership in memberships:
        user = membership.user
        person = people.get(user.pk)
        language = (
            person.preferred_language
            if person
            else user.language or organisation.language or settings.LANGUAGE_CODE
        )
        zone = person.timezone if person else organisation.timezone
        readers.append(Reader(user=user, person=person, language=language, timezone=zone))
    return readers


def _channels(reader: Reader, chat_channels: list[Channel]) -> list[Channel | str]:
    """Their chat channels (where they have an address of their own), else email."""
    if reader.person is not None:
        chats: list[Channel | str] = [
            channel
            for channel in chat_channels
            if person_address(reader.person, channel) not in ("", reader.person.email)
        ]
        if chats:
            return chats
    return [EMAIL_KIND]


def _recipient(reader: Reader, channel: Channel | str) -> Recipient:
    if reader.person is not None:
        return Recipient.for_person(reader.person, channel)
    return Recipient(
        address=reader.user.email,
        kind=RecipientKind.ADDRESS,
        ref=f"user:{reader.user.pk}",
        name=reader.user.get_full_name() or reader.user.email,
        language=reader.language,
        timezone=reader.timezone,
    )


def _item(item: QueueItem) -> dict[str, object]:
    company = item.company or (item.contact.company if item.contact else None)
    return {
        "kind": item.kind,
        "name": item.name,
        "company": company.name if company is not None and item.contact is not None else "",
        "reason": item.reason,
    }


def digest_context(
    *, reader_name: str, items: list[QueueItem], week: str, language: str
) -> dict[str, object]:
    """The message's context; reasons are already in the reader's language."""
    return {
        "recipient_name": reader_name,
        "week": week,
        "count": len(items),
        "items": [_item(item) for item in items[:DIGEST_ITEMS]],
        "more": max(0, len(items) - DIGEST_ITEMS),
        "queue_url": settings.BASE_URL + reverse("relationships:queue"),
        "language": language,
    }


def _due_today(reader: Reader, now: datetime.datetime) -> datetime.date | None:
    """The reader's local day if the digest may go out now (a working day, after 07:00)."""
    local = now.astimezone(zoneinfo.ZoneInfo(reader.timezone))
    working_days = reader.person.working_days if reader.person else [1, 2, 3, 4, 5]
    if local.isoweekday() not in working_days or local.hour < SEND_FROM_HOUR:
        return None
    return local.date()


def digest_send_due(*, organisation: Organisation, now: datetime.datetime) -> int:
    """Enqueue this week's digest for every reader of `organisation` whose moment has come
    and who has not had it yet; returns how many messages were enqueued."""
    due: list[tuple[Reader, datetime.date]] = []
    for reader in _readers(organisation):
        today = _due_today(reader, now)
        if today is not None:
            due.append((reader, today))
    if not due:
        return 0
    had = _had_digest(organisation, {_week(today) for _reader, today in due})
    due = [(r, t) for r, t in due if (_week(t), r.user.pk) not in had]
    people = [reader.person for reader, _today in due if reader.person is not None]
    absences = AbsenceCalendar(
        organisation=organisation,
        first=min((t for _r, t in due), default=now.date()),
        last=max((t for _r, t in due), default=now.date()),
        person_ids=[person.pk for person in people],
    )
    chat_channels = [
        channel
        for channel in channels_of(organisation, enabled_only=True)
        if (found := kind_get(channel.kind)) is not None and found.template_kind == CHAT
    ]
    outgoing = []
    for reader, today in due:
        if reader.person is not None and absences.away_on(reader.person, today):
            continue
        with translation.override(reader.language):
            items = reach_out_queue(user=reader.user, organisation=organisation, today=today)
            if not items:
                continue
            for channel in _channels(reader, chat_channels):
                recipient = _recipient(reader, channel)
                if not recipient.address:
                    continue
                suffix = channel if isinstance(channel, str) else f"channel-{channel.pk}"
                outgoing.append(
                    Outgoing(
                        recipient=recipient,
                        channel=channel,
                        message_type=DIGEST,
                        context=digest_context(
                            reader_name=recipient.name,
                            items=items,
                            week=_week(today),
                            language=reader.language,
                        ),
                        idempotency_key=f"{digest_key(reader.user, organisation, today)}:{suffix}",
                    )
                )
    if not outgoing:
        return 0
    return message_enqueue_many(organisation=organisation, messages=outgoing)


def digests_send_due(*, now: datetime.datetime) -> int:
    """`digest_send_due` for every organisation with a client book; one organisation's
    problem does not stop the others."""
    count = 0
    with_book = set(Contact.objects.values_list("organisation_id", flat=True).distinct()) | set(
        Company.objects.values_list("organisation_id", flat=True).distinct()
    )
    for organisation in Organisation.objects.filter(pk__in=with_book):
        try:
            count += digest_send_due(organisation=organisation, now=now)
        except Exception:
            logger.exception("relationships: digests of %s could not be enqueued", organisation.pk)
    return count
