"""Writes of the messaging app: enqueueing messages, cancelling and resending them,
suppressions and settings. Delivery itself lives in `hallway.messaging.delivery`.
"""

import datetime
import json
import logging
from dataclasses import dataclass
from typing import Any, Protocol

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hallway.accounts.models import Organisation
from hallway.core.dates import date_time
from hallway.core.validators import validate_timezone
from hallway.messaging.channel_setup import channel_default
from hallway.messaging.channels import EMAIL_KIND, kind_choices, kind_get
from hallway.messaging.models import (
    AddressHealth,
    Channel,
    HealthStatus,
    MessagingSettings,
    OutboxMessage,
    RecipientKind,
    Status,
    Suppression,
    TemplateKind,
    TemplateOverride,
)
from hallway.messaging.types import message_type_get
from hallway.people.models import Person

logger = logging.getLogger("hallway.messaging")
KEY_MAX_LENGTH = OutboxMessage._meta.get_field("idempotency_key").max_length or 200


@dataclass(frozen=True)
class Recipient:
    """Who a message is for, whatever they are (a person, a contact, a bare address)."""

    address: str
    kind: str = RecipientKind.ADDRESS
    person: Person | None = None
    ref: str = ""
    name: str = ""
    language: str = "en"
    timezone: str = "UTC"

    @classmethod
    def for_person(cls, person: Person, channel: "str | Channel" = EMAIL_KIND) -> "Recipient":
        return cls(
            address=person_address(person, channel),
            kind=RecipientKind.PERSON,
            person=person,
            ref=str(person.pk),
            name=person.name,
            language=person.preferred_language,
            timezone=person.timezone,
        )


def person_address(person: Person, channel: "str | Channel") -> str:
    """Where `person` is reached on `channel` (a kind, or one of the organisation's
    channels); "" when they are not there."""
    found = kind_get(channel.kind if isinstance(channel, Channel) else channel)
    return str(found.address_of(person) or "").strip() if found else ""


def _via(organisation: Organisation, channel: "str | Channel") -> tuple[str, Channel | None]:
    """(kind, the organisation's channel) of a kind or channel; bad ones raise."""
    if isinstance(channel, Channel):
        if channel.organisation_id != organisation.pk:
            raise ValidationError({"channel": _("The channel belongs to another organisation.")})
        if not channel.enabled:
            raise ValidationError(
                {"channel": _("The channel “%(name)s” is switched off.") % {"name": channel.name}}
            )
        return channel.kind, channel
    if kind_get(channel) is None:
        raise ValidationError(
            {
                "channel": _("“%(channel)s” is not a channel (one of %(channels)s).")
                % {
                    "channel": channel,
                    "channels": ", ".join(slug for slug, _label in kind_choices()),
                }
            }
        )
    return channel, channel_default(organisation, channel)


def _problems(
    *,
    organisation: Organisation,
    recipient: Recipient,
    channel: str,
    message_type: str,
    context: dict[str, object],
    idempotency_key: str,
) -> dict[str, str]:
    problems: dict[str, str] = {}
    kind = message_type_get(message_type)
    found = kind_get(channel)
    if kind is None:
        problems["message_type"] = _("“%(type)s” is not a registered message type.") % {
            "type": message_type
        }
    elif found is not None and found.template_kind not in kind.template_kinds:
        problems["channel"] = _("A “%(type)s” message cannot go out on %(channel)s.") % {
            "type": message_type,
            "channel": channel,
        }
    if not recipient.address.strip():
        problems["address"] = _("The recipient has no address on this channel.")
    if recipient.person is not None and recipient.person.organisation_id != organisation.pk:
        problems["person"] = _("The person belongs to another organisation.")
    if recipient.language not in dict(settings.LANGUAGES):
        problems["language"] = _("“%(language)s” is not a supported language (en, de or nl).") % {
            "language": recipient.language
        }
    try:
        validate_timezone(recipient.timezone)
    except ValidationError:
        problems["timezone"] = _("“%(zone)s” is not a time zone.") % {"zone": recipient.timezone}
    key = idempotency_key.strip()
    if not key or len(key) > KEY_MAX_LENGTH:
        problems["idempotency_key"] = _("An idempotency key is 1 to %(max)d characters long.") % {
            "max": KEY_MAX_LENGTH
        }
    try:
        json.dumps(context, cls=DjangoJSONEncoder)
    except (TypeError, ValueError) as exc:
        problems["context"] = _("The context cannot be stored as JSON: %(error)s") % {"error": exc}
    return problems


def _outbox_row(
    *,
    organisation: Organisation,
    recipient: Recipient,
    channel: "str | Channel",
    message_type: str,
    context: dict[str, object],
    idempotency_key: str,
    not_before: datetime.datetime | None,
    template: str,
    reply_to: str,
    expires_at: datetime.datetime | None = None,
    vias: dict[object, tuple[str, Channel | None]] | None = None,
) -> OutboxMessage:
    """A validated, unsaved outbox row; bad input raises ValidationError. `vias` remembers
    the channels already looked up (many messages to the same channels)."""
    vias = {} if vias is None else vias
    key = channel.pk if isinstance(channel, Channel) else channel
    channel_problems: dict[str, str] = {}
    if key not in vias:
        try:
            vias[key] = _via(organisation, channel)
        except ValidationError as exc:
            channel_problems = {k: " ".join(v) for k, v in exc.message_dict.items()}
    channel_kind, via = vias.get(key, (str(key), None))
    problems = _problems(
        organisation=organisation,
        recipient=recipient,
        channel=channel_kind,
        message_type=message_type,
        context=context,
        idempotency_key=idempotency_key,
    )
    problems.update(channel_problems)
    when = not_before or timezone.now()
    expiry_problem = _expiry_problem(expires_at, when)
    if expiry_problem:
        problems["expires_at"] = expiry_problem
    if problems:
        raise ValidationError(problems)
    kind = message_type_get(message_type)
    assert kind is not None
    return OutboxMessage(
        organisation=organisation,
        idempotency_key=idempotency_key.strip(),
        channel=channel_kind,
        via=via,
        message_type=message_type,
        template=template or message_type,
        context=json.loads(json.dumps(context, cls=DjangoJSONEncoder)),
        language=recipient.language,
        timezone=recipient.timezone,
        recipient_kind=recipient.kind,
        person=recipient.person,
        recipient_ref=recipient.ref,
        recipient_name=recipient.name[:200],
        address=recipient.address.strip(),
        reply_to=reply_to,
        transactional=kind.transactional,
        not_before=when,
        due_at=when,
        expires_at=expires_at,
    )


def _expiry_problem(expires_at: datetime.datetime | None, not_before: datetime.datetime) -> str:
    """Why `expires_at` cannot be a message's expiry, or "": a message that expires before it
    may be sent could never go out, which is a mistake of the caller, not a delivery."""
    if expires_at is None:
        return ""
    if expires_at.tzinfo is None:
        return _("Give the expiry with its time zone.")
    if expires_at <= not_before:
        return _("The message would expire before it may be sent.")
    return ""


def message_enqueue(
    *,
    organisation: Organisation,
    recipient: Recipient,
    channel: "str | Channel",
    message_type: str,
    context: dict[str, object],
    idempotency_key: str,
    not_before: datetime.datetime | None = None,
    template: str = "",
    reply_to: str = "",
    expires_at: datetime.datetime | None = None,
) -> OutboxMessage:
    """Put one message in the outbox; the same key again returns the first, unchanged.

    The key names the real-world message ("coffee:round-12:pair-3:person-7:intro"), so a
    service that runs twice never sends twice. `channel` is one of the organisation's
    channels, or a kind ("email", "slack") for the organisation's only channel of it (email:
    the installation's mail server). A message with `expires_at` is never sent after that
    moment (delivery records it as expired instead), for messages that are worthless late,
    such as a reminder of a meeting that has begun. Bad input raises ValidationError.
    """
    row = _outbox_row(
        organisation=organisation,
        recipient=recipient,
        channel=channel,
        message_type=message_type,
        context=context,
        idempotency_key=idempotency_key,
        not_before=not_before,
        template=template,
        reply_to=reply_to,
        expires_at=expires_at,
    )
    with transaction.atomic():
        message, _created = OutboxMessage.objects.get_or_create(
            organisation=organisation,
            idempotency_key=row.idempotency_key,
            defaults={
                field.attname: getattr(row, field.attname)
                for field in OutboxMessage._meta.concrete_fields
                if not field.primary_key
            },
        )
    return message


@dataclass(frozen=True)
class Outgoing:
    """One message for `message_enqueue_many` (the arguments of `message_enqueue`)."""

    recipient: Recipient
    channel: "str | Channel"
    message_type: str
    context: dict[str, object]
    idempotency_key: str
    not_before: datetime.datetime | None = None
    template: str = ""
    reply_to: str = ""
    expires_at: datetime.datetime | None = None


ENQUEUE_BATCH = 500


def message_enqueue_many(*, organisation: Organisation, messages: list[Outgoing]) -> int:
    """Put many messages in the outbox at once (an announcement to thousands of people);
    keys already there are skipped, like `message_enqueue` does one by one. Returns how
    many are new. Any bad message raises ValidationError naming its key, and none is
    enqueued."""
    rows = []
    vias: dict[object, tuple[str, Channel | None]] = {}
    for outgoing in messages:
        try:
            rows.append(
                _outbox_row(
                    vias=vias,
                    organisation=organisation,
                    recipient=outgoing.recipient,
                    channel=outgoing.channel,
                    message_type=outgoing.message_type,
                    context=outgoing.context,
                    idempotency_key=outgoing.idempotency_key,
                    not_before=outgoing.not_before,
                    template=outgoing.template,
                    reply_to=outgoing.reply_to,
                    expires_at=outgoing.expires_at,
                )
            )
        except ValidationError as exc:
            raise ValidationError(
                _("Message “%(key)s”: %(problems)s")
                % {"key": outgoing.idempotency_key, "problems": " ".join(exc.messages)}
            ) from exc
    keys = [row.idempotency_key for row in rows]
    with transaction.atomic():
        existing = set()
        for start in range(0, len(keys), ENQUEUE_BATCH):
            existing |= set(
                OutboxMessage.objects.filter(
                    organisation=organisation,
                    idempotency_key__in=keys[start : start + ENQUEUE_BATCH],
                ).values_list("idempotency_key", flat=True)
            )
        new = [row for row in rows if row.idempotency_key not in existing]
        # ignore_conflicts: a concurrent caller may insert the same key in between.
        OutboxMessage.objects.bulk_create(new, batch_size=ENQUEUE_BATCH, ignore_conflicts=True)
    return len({row.idempotency_key for row in new})


def message_enqueue_each(*, organisation: Organisation, messages: list[Outgoing]) -> int:
    """Put `messages` in the outbox, all at once when every one is good, else one by one:
    a bad one (a broken address) is logged and left out, and the others still go. Returns
    how many are in the outbox (new or there already). For a capability that tells many
    people at once, where one person's broken address must not silence the rest."""
    if not messages:
        return 0
    try:
        message_enqueue_many(organisation=organisation, messages=messages)
    except ValidationError:
        pass
    else:
        return len(messages)
    queued = 0
    for outgoing in messages:
        try:
            message_enqueue(
                organisation=organisation,
                recipient=outgoing.recipient,
                channel=outgoing.channel,
                message_type=outgoing.message_type,
                context=outgoing.context,
                idempotency_key=outgoing.idempotency_key,
                not_before=outgoing.not_before,
                template=outgoing.template,
                reply_to=outgoing.reply_to,
                expires_at=outgoing.expires_at,
            )
        except ValidationError as exc:
            logger.warning("message %s not queued: %s", outgoing.idempotency_key, exc)
            continue
        queued += 1
    return queued


class MessageAction(Protocol):
    """`message_cancel` or `message_resend`, for adapters that offer either."""

    def __call__(self, *, message: OutboxMessage) -> OutboxMessage: ...


def message_cancel(*, message: OutboxMessage) -> OutboxMessage:
    """Stop a message that has not gone out yet; sent or failed ones stay as they are."""
    with transaction.atomic():
        changed = OutboxMessage.objects.filter(pk=message.pk, status=Status.QUEUED).update(
            status=Status.CANCELLED, updated_at=timezone.now()
        )
        message.refresh_from_db()
    if not changed and message.status != Status.CANCELLED:
        raise ValidationError(
            _("Only a queued message can be cancelled; this one is %(status)s.")
            % {"status": message.get_status_display()},
            code="not_cancellable",
        )
    return message


def message_resend(*, message: OutboxMessage) -> OutboxMessage:
    """Queue a failed, cancelled, suppressed or sent message again (due now, attempts kept).
    An expired one is not: it would be late by definition (and expire again at once)."""
    if message.status == Status.EXPIRED:
        raise ValidationError(
            _("This message expired: it was no use after %(moment)s, so it is not sent again.")
            % {"moment": date_time(message.expires_at)},
            code="not_resendable",
        )
    resendable = [Status.FAILED, Status.CANCELLED, Status.SUPPRESSED, Status.SENT]
    with transaction.atomic():
        changed = OutboxMessage.objects.filter(pk=message.pk, status__in=resendable).update(
            status=Status.QUEUED,
            due_at=timezone.now(),
            last_error="",
            updated_at=timezone.now(),
        )
        message.refresh_from_db()
    if not changed:
        raise ValidationError(
            _("This message is %(status)s already; it cannot be queued again now.")
            % {"status": message.get_status_display()},
            code="not_resendable",
        )
    return message


def suppression_add(
    *, organisation: Organisation, channel: str, address: str, reason: str = "unsubscribed"
) -> Suppression:
    """No more non-transactional messages to `address` on `channel` (idempotent)."""
    with transaction.atomic():
        suppression, _created = Suppression.objects.get_or_create(
            organisation=organisation,
            channel=channel,
            address=address.strip().lower() if channel == EMAIL_KIND else address.strip(),
            defaults={"reason": reason},
        )
    return suppression


def address_health_reset(*, health: AddressHealth) -> AddressHealth:
    """An admin fixed the address or channel: deliver to it again."""
    health.status = HealthStatus.OK
    health.failures = 0
    health.save(update_fields=["status", "failures"])
    return health


def messaging_settings_of(organisation: Organisation) -> MessagingSettings:
    found = MessagingSettings.objects.filter(organisation=organisation).first()
    return found or MessagingSettings(organisation=organisation)


def messaging_settings_save(*, settings_row: MessagingSettings) -> MessagingSettings:
    """Save an organisation's messaging settings (validated by the form beforehand)."""
    with transaction.atomic():
        settings_row.full_clean()
        settings_row.save()
    return settings_row


def template_override_save(
    *,
    organisation: Organisation,
    template: str,
    kind: str,
    language: str,
    subject: str,
    body: str,
) -> TemplateOverride | None:
    """Set an organisation's own subject/body for one template and language; both empty
    removes the override (the built-in text is used again)."""
    from hallway.messaging.rendering import override_problem
    from hallway.messaging.types import message_type_get

    problems = {}
    message_type = message_type_get(template)
    if message_type is None:
        problems["template"] = _("“%(type)s” is not a registered message type.") % {
            "type": template
        }
    elif not message_type.overridable:
        problems["template"] = _(
            "“%(type)s” carries a sign-in link, so its words cannot be changed by an organisation."
        ) % {"type": message_type.label}
    if kind not in TemplateKind.values:
        problems["kind"] = _("“%(kind)s” is not a template kind (email or chat).") % {"kind": kind}
    if language not in dict(settings.LANGUAGES):
        problems["language"] = _("“%(language)s” is not a supported language (en, de or nl).") % {
            "language": language
        }
    for field, text in (("subject", subject), ("body", body)):
        problem = override_problem(text)
        if problem:
            problems[field] = problem
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        lookup: dict[str, Any] = {
            "organisation": organisation,
            "template": template,
            "kind": kind,
            "language": language,
        }
        if not subject.strip() and not body.strip():
            TemplateOverride.objects.filter(**lookup).delete()
            return None
        override, _created = TemplateOverride.objects.update_or_create(
            **lookup, defaults={"subject": subject.strip(), "body": body.strip()}
        )
    return override
