"""The organisation's channels: setting them up (validated by each kind's own form), finding
them, and what a list shows of them (secrets masked, never whole)."""

import uuid
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import translation
from django.utils.translation import gettext as _

from hallway.accounts.models import Organisation
from hallway.accounts.tenancy import scoped
from hallway.audit.services import audit_record
from hallway.core.crypto import SecretsUnreadable, secrets_reencrypt
from hallway.core.forms import error_texts
from hallway.messaging.channels import EMAIL_KIND, kind_choices, kind_get
from hallway.messaging.channels.base import ChannelKind
from hallway.messaging.models import Channel, OutboxMessage

NAME_MAX_LENGTH = Channel._meta.get_field("name").max_length or 60


def channel_kind_or_error(kind: str) -> ChannelKind:
    found = kind_get(kind)
    if found is None:
        raise ValidationError(
            {
                "kind": _("“%(kind)s” is not a channel kind (one of %(kinds)s).")
                % {"kind": kind, "kinds": ", ".join(slug for slug, _label in kind_choices())}
            }
        )
    return found


def channel_name_problem(
    *, organisation: Organisation, name: str, channel: Channel | None = None
) -> str | None:
    """What is wrong with `name` for a channel (or for `channel` renamed); None if nothing.

    Pages ask it beside the kind's form too, so a name in use shows with the form's problems.
    """
    name = " ".join(name.split())
    if not name or len(name) > NAME_MAX_LENGTH:
        return _("A name is 1 to %(max)d characters long.") % {"max": NAME_MAX_LENGTH}
    others = scoped(Channel, organisation).filter(name__iexact=name)
    if channel is not None:
        others = others.exclude(pk=channel.pk)
    if others.exists():
        return _("Another channel is called “%(name)s”.") % {"name": name}
    return None


def channel_save(
    *,
    organisation: Organisation,
    kind: str,
    name: str,
    values: dict[str, Any],
    enabled: bool = True,
    channel: Channel | None = None,
) -> Channel:
    """Add a channel (or change `channel`): the kind's form validates `values`; a secret
    left empty keeps the saved one. Problems raise ValidationError by field; nothing changes."""
    found = channel_kind_or_error(channel.kind if channel else kind)
    name = " ".join(name.split())
    problems: dict[str, list[str]] = {}
    name_problem = channel_name_problem(organisation=organisation, name=name, channel=channel)
    if name_problem:
        problems["name"] = [name_problem]
    saved_secrets: dict[str, Any] = {}
    if channel is not None:
        try:
            saved_secrets = channel.secrets
        except SecretsUnreadable:
            saved_secrets = {}  # unreadable: every secret must be given again
    form = found.form(data=values, saved_secrets=saved_secrets)
    if not form.is_valid():
        problems.update({field: error_texts(errors) for field, errors in form.errors.items()})
    if problems:
        raise ValidationError(problems)
    settings, secrets = form.split()
    row = channel or Channel(organisation=organisation, kind=found.slug)
    row.name = name
    row.enabled = enabled
    row.settings = settings
    row.secrets = secrets
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError as exc:  # the same name saved by a concurrent request
        raise ValidationError(
            {"name": [_("Another channel is called “%(name)s”.") % {"name": name}]}
        ) from exc
    # Settings only: secrets never reach the audit log.
    audit_record(
        "channel_saved",
        organisation=organisation,
        target=name,
        details={"kind": found.slug, "enabled": enabled, "new": channel is None},
    )
    return row


def channel_delete(*, channel: Channel) -> None:
    """Remove a channel; messages still queued on it fail with a clear error when due."""
    channel.delete()
    audit_record(
        "channel_deleted",
        organisation=channel.organisation,
        target=channel.name,
        details={"kind": channel.kind},
    )


def channels_of(organisation: Organisation, *, enabled_only: bool = False) -> QuerySet[Channel]:
    channels = scoped(Channel, organisation)
    return channels.filter(enabled=True) if enabled_only else channels


def channel_by_name(organisation: Organisation, name: str) -> Channel | None:
    return scoped(Channel, organisation).filter(name__iexact=name.strip()).first()


def channel_default(organisation: Organisation, kind: str) -> Channel | None:
    """The channel a message of `kind` goes through when none is named: the organisation's
    first enabled channel of the kind (email with none: the installation's mail server)."""
    found = scoped(Channel, organisation).filter(kind=kind, enabled=True).order_by("id").first()
    if found is None and kind != EMAIL_KIND:
        raise ValidationError({"channel": _("No %(kind)s channel is set up.") % {"kind": kind}})
    return found


def mask(value: str) -> str:
    """Enough of a secret to recognise it, never the whole: "https://…/a1b2" or "xoxb…9f"."""
    value = str(value)
    if len(value) <= 8:
        return "•" * len(value)
    if value.startswith(("https://", "http://")):
        head = value.split("/", 3)
        return f"{head[0]}//{head[2]}/…{value[-4:]}"
    return f"{value[:4]}…{value[-2:]}"


@dataclass(frozen=True)
class ChannelSummary:
    name: str
    kind: str
    kind_label: str
    enabled: bool
    settings: dict[str, Any]
    secrets: dict[str, str]  # masked
    problem: str


def channel_summary(channel: Channel) -> ChannelSummary:
    found = kind_get(channel.kind)
    try:
        secrets = {key: mask(str(value)) for key, value in channel.secrets.items()}
        problem = ""
    except SecretsUnreadable as exc:
        secrets, problem = {}, str(exc)
    return ChannelSummary(
        name=channel.name,
        kind=channel.kind,
        kind_label=str(found.label) if found else channel.kind,
        enabled=channel.enabled,
        settings=dict(channel.settings or {}),
        secrets=secrets,
        problem=problem if found else _("this kind of channel is not installed"),
    )


def channel_test_send(
    *,
    channel: Channel | None,
    organisation: Organisation,
    address: str,
    language: str,
    sent_by: str,
) -> OutboxMessage:
    """Send a test message through `channel` (None: the installation's mail server) now,
    the way every message goes (outbox, transport, attempt record); return it as it ended.

    `address` is the recipient on channels that need one (an email address, a Slack member
    id); on a webhook channel the channel itself is the destination."""
    # Here, not at the top: services and delivery import this module.
    from hallway.messaging.delivery import outbox_deliver_now
    from hallway.messaging.services import Recipient, message_enqueue

    kind = channel_kind_or_error(channel.kind if channel else EMAIL_KIND)
    address = address.strip()
    if kind.test_needs_address and not address:
        raise ValidationError(
            {"to": _("Say whom to send the test to on %(kind)s.") % {"kind": kind.label}}
        )
    if kind.slug == EMAIL_KIND:
        try:
            validate_email(address)
        except ValidationError as exc:
            raise ValidationError(
                {"to": _("“%(to)s” is not an email address.") % {"to": address}}
            ) from exc
    message = message_enqueue(
        organisation=organisation,
        recipient=Recipient(
            address=address or (channel.name if channel else ""),
            language=language or organisation.language,
            timezone=organisation.timezone,
        ),
        channel=channel or EMAIL_KIND,
        message_type="test",
        context={"sent_by": sent_by},
        idempotency_key=f"send-test:{uuid.uuid4()}",
    )
    return outbox_deliver_now(message=message, worker="send-test")


def secrets_rotate() -> tuple[int, list[str]]:
    """Re-encrypt every channel's secrets with the first (newest) encryption key (see
    `secrets_reencrypt`; unreadable ones are named "organisation/channel")."""
    return secrets_reencrypt(
        Channel.objects.exclude(secrets_encrypted="").select_related("organisation"),
        label=lambda channel: f"{channel.organisation.slug}/{channel.name}",
    )


def channel_email(organisation: Organisation) -> Channel:
    """The organisation's email channel through the installation's mail server (made the
    first time it is needed, named in the organisation's language)."""
    found = (
        scoped(Channel, organisation)
        .filter(kind=EMAIL_KIND, secrets_encrypted="")
        .order_by("id")
        .first()
    )
    if found is not None:
        return found
    with translation.override(organisation.language):
        base = _("Email")
    name, number = base, 1
    while scoped(Channel, organisation).filter(name__iexact=name).exists():
        number += 1
        name = f"{base} {number}"
    channel, _created = Channel.objects.get_or_create(
        organisation=organisation, name=name, defaults={"kind": EMAIL_KIND}
    )
    return channel
