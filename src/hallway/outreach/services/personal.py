"""The one way outreach writes to a contact: a personal message in their owner's name.

A message is drafted (`personal_message_draft`), waits for its owner when approval is on
(`personal_message_approve` / `_discard`), and is released into the outbox when due
(`personal_messages_release`): from the owner's name with their address as Reply-To,
signed with their signature, at a moment inside the contact's working hours and not on
their holidays, within the owner's daily limit, never to an address that unsubscribed
and, for marketing, only with consent. Once delivery has sent it, it becomes a touch
(`personal_messages_reconcile`), so every rhythm and sequence sees it.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from hallway.accounts.models import Organisation, User
from hallway.messaging.models import OutboxMessage, RecipientKind
from hallway.messaging.models import Status as OutboxStatus
from hallway.messaging.services import Recipient, message_cancel, message_enqueue
from hallway.outreach.messages import PERSONAL
from hallway.outreach.models import MessageStatus, PersonalMessage
from hallway.outreach.selectors.consent import send_blocker, unsubscribed_addresses
from hallway.outreach.selectors.settings import daily_limit_of, sender_profile_of
from hallway.outreach.selectors.timing import contact_send_at
from hallway.relationships.interface import (
    Contact,
    Direction,
    TouchKind,
    TouchSource,
    contact_side,
    owner_side,
    touch_record,
)

SUBJECT_MAX = 300
BODY_MAX = 20000
# The touch of a sent message carries this external id, so nothing records it twice.
TOUCH_PREFIX = "outreach:"
OPEN = (MessageStatus.PENDING, MessageStatus.SCHEDULED)


@dataclass(frozen=True)
class Draft:
    """One message for `personal_messages_draft_many` (the arguments of
    `personal_message_draft`, with the language already chosen)."""

    contact: Contact
    owner: User | None
    source: str
    key: str
    subject: str
    body: str
    language: str
    ref: str = ""
    marketing: bool = False
    approval: bool = False
    not_before: datetime.datetime | None = None


def _draft_row(organisation: Organisation, draft: Draft, now: datetime.datetime) -> PersonalMessage:
    """A validated, unsaved message; bad input raises ValidationError."""
    subject, body = " ".join(draft.subject.split()), draft.body.strip()
    problems = {}
    if draft.contact.organisation_id != organisation.pk:
        problems["contact"] = _("Choose a contact from this organisation.")
    if not subject or len(subject) > SUBJECT_MAX:
        problems["subject"] = _("A subject of 1 to %(max)d characters.") % {"max": SUBJECT_MAX}
    if not body or len(body) > BODY_MAX:
        problems["body"] = _("A message of 1 to %(max)d characters.") % {"max": BODY_MAX}
    if problems:
        raise ValidationError(problems)
    return PersonalMessage(
        organisation=organisation,
        key=draft.key[:160],
        contact=draft.contact,
        owner=draft.owner,
        source=draft.source,
        ref=draft.ref[:80],
        marketing=draft.marketing,
        language=draft.language,
        subject=subject,
        body=body,
        status=MessageStatus.PENDING if draft.approval else MessageStatus.SCHEDULED,
        not_before=draft.not_before or now,
        created_at=now,
    )


def personal_message_draft(
    *,
    organisation: Organisation,
    contact: Contact,
    owner: User | None,
    source: str,
    key: str,
    subject: str,
    body: str,
    now: datetime.datetime,
    ref: str = "",
    language: str = "",
    marketing: bool = False,
    approval: bool = False,
    not_before: datetime.datetime | None = None,
) -> PersonalMessage:
    """Draft a message to `contact` (the same `key` again returns the first, unchanged).
    With `approval` it waits in its owner's queue; otherwise it goes when due."""
    language = language or contact_side(organisation=organisation, contact=contact).language
    row = _draft_row(
        organisation,
        Draft(
            contact=contact,
            owner=owner,
            source=source,
            key=key,
            subject=subject,
            body=body,
            language=language,
            ref=ref,
            marketing=marketing,
            approval=approval,
            not_before=not_before,
        ),
        now,
    )
    defaults = {
        field.attname: getattr(row, field.attname)
        for field in PersonalMessage._meta.concrete_fields
        if not field.primary_key and field.attname not in ("organisation_id", "key")
    }
    try:
        with transaction.atomic():
            message, _created = PersonalMessage.objects.get_or_create(
                organisation=organisation, key=row.key, defaults=defaults
            )
    except IntegrityError:  # a concurrent run drafted it a moment ago
        message = PersonalMessage.objects.get(organisation=organisation, key=row.key)
    return message


DRAFT_BATCH = 500


def personal_messages_draft_many(
    *, organisation: Organisation, drafts: list[Draft], now: datetime.datetime
) -> dict[str, PersonalMessage]:
    """Draft many messages at once (an article to thousands of contacts), by key; keys
    drafted already are kept as they are. Any bad draft raises ValidationError naming its
    key, and none is drafted."""
    rows = []
    for draft in drafts:
        try:
            rows.append(_draft_row(organisation, draft, now))
        except ValidationError as exc:
            raise ValidationError(
                _("Message “%(key)s”: %(problems)s")
                % {"key": draft.key, "problems": " ".join(exc.messages)}
            ) from exc
    keys = [row.key for row in rows]
    found: dict[str, PersonalMessage] = {}
    with transaction.atomic():
        for start in range(0, len(keys), DRAFT_BATCH):
            found.update(
                (message.key, message)
                for message in PersonalMessage.objects.filter(
                    organisation=organisation, key__in=keys[start : start + DRAFT_BATCH]
                )
            )
        new = [row for row in rows if row.key not in found]
        # ignore_conflicts: a concurrent caller may draft the same key in between.
        PersonalMessage.objects.bulk_create(new, batch_size=DRAFT_BATCH, ignore_conflicts=True)
        missing = [key for key in keys if key not in found]
        for start in range(0, len(missing), DRAFT_BATCH):
            found.update(
                (message.key, message)
                for message in PersonalMessage.objects.filter(
                    organisation=organisation, key__in=missing[start : start + DRAFT_BATCH]
                )
            )
    return found


def personal_message_approve(
    *,
    message: PersonalMessage,
    by: User,
    now: datetime.datetime,
    subject: str | None = None,
    body: str | None = None,
) -> PersonalMessage:
    """Let a waiting message go (with the owner's edits); it leaves when due."""
    if message.status != MessageStatus.PENDING:
        raise ValidationError(
            _("This message is %(status)s; only a waiting one can be approved.")
            % {"status": message.get_status_display()}
        )
    if subject is not None:
        message.subject = " ".join(subject.split())
    if body is not None:
        message.body = body.strip()
    if not message.subject or len(message.subject) > SUBJECT_MAX:
        raise ValidationError(
            {"subject": _("A subject of 1 to %(max)d characters.") % {"max": SUBJECT_MAX}}
        )
    if not message.body or len(message.body) > BODY_MAX:
        raise ValidationError(
            {"body": _("A message of 1 to %(max)d characters.") % {"max": BODY_MAX}}
        )
    changed = PersonalMessage.objects.filter(pk=message.pk, status=MessageStatus.PENDING).update(
        status=MessageStatus.SCHEDULED,
        subject=message.subject,
        body=message.body,
        decided_at=now,
        decided_by=by,
    )
    if not changed:
        raise ValidationError(_("Someone else decided on this message a moment ago."))
    message.refresh_from_db()
    return message


def personal_message_discard(
    *, message: PersonalMessage, by: User, now: datetime.datetime
) -> PersonalMessage:
    """Drop a message that has not gone to the outbox yet."""
    changed = PersonalMessage.objects.filter(pk=message.pk, status__in=OPEN).update(
        status=MessageStatus.DISCARDED, decided_at=now, decided_by=by
    )
    message.refresh_from_db()
    if not changed and message.status != MessageStatus.DISCARDED:
        raise ValidationError(
            _("This message is %(status)s already.") % {"status": message.get_status_display()}
        )
    return message


def personal_messages_cancel(
    *, messages: QuerySet[PersonalMessage], reason: str, now: datetime.datetime
) -> int:
    """Stop messages that have not been sent (someone replied, the sequence ended): those
    not yet in the outbox, and those queued there that have not gone out."""
    count = 0
    for message in messages.filter(status=MessageStatus.QUEUED).exclude(outbox_id=None):
        assert message.outbox_id is not None
        outbox = OutboxMessage.objects.filter(pk=message.outbox_id).first()
        if outbox is not None and outbox.status == OutboxStatus.QUEUED:
            try:
                message_cancel(message=outbox)
            except ValidationError:
                continue  # it went out a moment ago: it stays sent
            count += PersonalMessage.objects.filter(
                pk=message.pk, status=MessageStatus.QUEUED
            ).update(status=MessageStatus.CANCELLED, problem=reason[:200], decided_at=now)
    count += messages.filter(status__in=OPEN).update(
        status=MessageStatus.CANCELLED, problem=reason[:200], decided_at=now
    )
    return count


@dataclass
class ReleaseReport:
    queued: int = 0
    held: int = 0  # over the owner's daily limit: tomorrow
    blocked: int = 0  # unsubscribed, no consent, no address


def _utc_day_start(moment: datetime.datetime) -> datetime.datetime:
    return datetime.datetime.combine(
        moment.astimezone(datetime.UTC).date(), datetime.time(0), tzinfo=datetime.UTC
    )


def _queued_today(organisation: Organisation, owner: User | None, now: datetime.datetime) -> int:
    start = _utc_day_start(now)
    return PersonalMessage.objects.filter(
        organisation=organisation,
        owner=owner,
        queued_at__gte=start,
        queued_at__lt=start + datetime.timedelta(days=1),
    ).count()


def _enqueue(message: PersonalMessage, now: datetime.datetime) -> OutboxMessage:
    organisation = message.organisation
    contact = message.contact
    side = contact_side(organisation=organisation, contact=contact)
    owner = message.owner
    context: dict[str, object] = {
        "recipient_name": contact.name,
        "subject": message.subject,
        "body": message.body,
        "organisation_name": organisation.name,
    }
    reply_to = ""
    if owner is not None:
        context["from_name"] = owner_side(organisation=organisation, user=owner).name
        context["signature"] = sender_profile_of(organisation, owner).signature
        reply_to = owner.email
    send_at = contact_send_at(
        organisation=organisation, contact=contact, after=max(now, message.not_before)
    )
    return message_enqueue(
        organisation=organisation,
        recipient=Recipient(
            address=contact.email,
            kind=RecipientKind.CONTACT,
            ref=str(contact.pk),
            name=contact.name,
            language=message.language,
            timezone=side.timezone,
        ),
        channel="email",
        message_type=PERSONAL,
        context=context,
        idempotency_key=f"{TOUCH_PREFIX}{message.pk}",
        not_before=send_at,
        reply_to=reply_to,
    )


def personal_messages_release(
    *, organisation: Organisation, now: datetime.datetime
) -> ReleaseReport:
    """Put every due, approved message in the outbox (see the module's docstring)."""
    report = ReleaseReport()
    due = list(
        PersonalMessage.objects.filter(
            organisation=organisation, status=MessageStatus.SCHEDULED, not_before__lte=now
        )
        .select_related("contact__company", "owner", "organisation")
        .order_by("not_before", "id")
    )
    unsubscribed = unsubscribed_addresses(organisation.pk, [m.contact.email for m in due])
    limits: dict[int | None, int] = {}
    used: dict[int | None, int] = {}
    held: list[int] = []
    for message in due:
        blocker = send_blocker(
            message.contact, marketing=message.marketing, unsubscribed=unsubscribed
        )
        if blocker:
            PersonalMessage.objects.filter(pk=message.pk, status=MessageStatus.SCHEDULED).update(
                status=MessageStatus.CANCELLED, problem=blocker, decided_at=now
            )
            report.blocked += 1
            continue
        owner_id = message.owner_id
        if owner_id not in limits:
            limits[owner_id] = daily_limit_of(organisation, message.owner)
            used[owner_id] = _queued_today(organisation, message.owner, now)
        if used[owner_id] >= limits[owner_id]:
            held.append(message.pk)
            continue
        try:
            with transaction.atomic():
                claimed = PersonalMessage.objects.filter(
                    pk=message.pk, status=MessageStatus.SCHEDULED
                ).update(status=MessageStatus.QUEUED, queued_at=now)
                if not claimed:  # a concurrent run took it
                    continue
                outbox = _enqueue(message, now)
                PersonalMessage.objects.filter(pk=message.pk).update(outbox_id=outbox.pk)
        except ValidationError as exc:
            PersonalMessage.objects.filter(pk=message.pk).update(
                status=MessageStatus.CANCELLED,
                problem=" ".join(exc.messages)[:200],
                decided_at=now,
            )
            report.blocked += 1
            continue
        used[owner_id] += 1
        report.queued += 1
    # Over their owner's daily limit: tomorrow (UTC), all at once.
    tomorrow = _utc_day_start(now) + datetime.timedelta(days=1)
    for start in range(0, len(held), DRAFT_BATCH):
        PersonalMessage.objects.filter(
            pk__in=held[start : start + DRAFT_BATCH], status=MessageStatus.SCHEDULED
        ).update(not_before=tomorrow)
    report.held = len(held)
    return report


def personal_messages_reconcile(*, organisation: Organisation, now: datetime.datetime) -> int:
    """Messages the outbox has sent become touches; those it could not send are marked.
    Returns how many were settled."""
    waiting = list(
        PersonalMessage.objects.filter(organisation=organisation, status=MessageStatus.QUEUED)
        .exclude(outbox_id=None)
        .select_related("contact", "owner")
    )
    if not waiting:
        return 0
    outbox = {
        row["pk"]: row
        for row in OutboxMessage.objects.filter(pk__in=[m.outbox_id for m in waiting]).values(
            "pk", "status", "sent_at", "last_error"
        )
    }
    settled = 0
    for message in waiting:
        row = outbox.get(message.outbox_id or 0)
        if row is None or row["status"] in (OutboxStatus.QUEUED, OutboxStatus.SENDING):
            continue
        with transaction.atomic():
            if row["status"] == OutboxStatus.SENT:
                sent_at = row["sent_at"] or now
                touch_record(
                    organisation=organisation,
                    kind=TouchKind.EMAIL,
                    at=sent_at,
                    contacts=[message.contact],
                    by=message.owner,
                    summary=message.subject,
                    source=TouchSource.OUTREACH,
                    direction=Direction.OUTBOUND,
                    external_id=f"{TOUCH_PREFIX}{message.pk}",
                )
                PersonalMessage.objects.filter(pk=message.pk).update(
                    status=MessageStatus.SENT, sent_at=sent_at
                )
            else:
                PersonalMessage.objects.filter(pk=message.pk).update(
                    status=MessageStatus.FAILED,
                    problem=(
                        row["status"] + (f": {row['last_error']}" if row["last_error"] else "")
                    )[:200],
                )
        settled += 1
    return settled
