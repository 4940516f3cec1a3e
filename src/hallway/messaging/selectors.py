"""Reads of the messaging app, always within one organisation (the outbox lag, for
readiness, is the installation's)."""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from hallway.accounts.models import Organisation
from hallway.accounts.tenancy import scoped
from hallway.messaging.channels import EMAIL_KIND, kind_get
from hallway.messaging.models import (
    AddressHealth,
    Channel,
    HealthStatus,
    OutboxMessage,
    Status,
)
from hallway.messaging.types import message_type_get

HIDDEN = "(hidden)"


def message_context_shown(*, message: OutboxMessage) -> dict[str, object]:
    """A message's context as admins may see it: sign-in links (a message type's `private`
    keys) are replaced, since they would open the recipient's account."""
    context = dict(message.context) if isinstance(message.context, dict) else {}
    kind = message_type_get(message.message_type)
    for key in kind.private if kind else ():
        if key in context:
            context[key] = HIDDEN
    return context


def outbox_search(
    *,
    organisation: Organisation | None,
    status: str = "",
    channel: str = "",
    message_type: str = "",
    recipient: str = "",
) -> QuerySet[OutboxMessage]:
    """The organisation's outbox, newest first, filtered by exact status, channel and type,
    and by a recipient's address or name (contains, any case)."""
    messages = scoped(OutboxMessage, organisation).select_related("person", "via")
    if status:
        messages = messages.filter(status=status)
    if channel:
        messages = messages.filter(channel=channel)
    if message_type:
        messages = messages.filter(message_type=message_type)
    recipient = recipient.strip()
    if recipient:
        messages = messages.filter(
            Q(address__icontains=recipient) | Q(recipient_name__icontains=recipient)
        )
    return messages.order_by("-created_at", "-id")


@dataclass(frozen=True)
class ChannelHealth:
    key: str  # "email" for the installation's mail server, else "channel-<id>"
    label: str
    kind: str
    configured: bool
    queued: int
    sent: int
    failed: int
    failing_addresses: int
    channel_failing: AddressHealth | None

    @property
    def ok(self) -> bool:
        return self.channel_failing is None


def channel_health(
    *, organisation: Organisation, since: datetime.timedelta = datetime.timedelta(days=7)
) -> list[ChannelHealth]:
    """Per channel (the installation's mail server first): what is waiting, sent and failed
    lately, and what is marked failing."""
    cutoff = timezone.now() - since
    counts: dict[tuple[str, int | None], Mapping[str, Any]] = {
        (row["channel"], row["via_id"]): row
        for row in scoped(OutboxMessage, organisation)
        .filter(Q(status__in=[Status.QUEUED, Status.SENDING]) | Q(updated_at__gte=cutoff))
        .values("channel", "via_id")
        .annotate(
            queued=Count("id", filter=Q(status__in=[Status.QUEUED, Status.SENDING])),
            sent=Count("id", filter=Q(status=Status.SENT)),
            failed=Count("id", filter=Q(status=Status.FAILED)),
        )
    }
    failing = list(scoped(AddressHealth, organisation).filter(status=HealthStatus.FAILING))
    targets: list[tuple[str, str, str, int | None, bool]] = [
        ("email", str(_("Email (this installation's mail server)")), EMAIL_KIND, None, True)
    ]
    for channel in scoped(Channel, organisation):
        found = kind_get(channel.kind)
        label = f"{channel.name} ({found.label if found else channel.kind})"
        targets.append((f"channel-{channel.pk}", label, channel.kind, channel.pk, channel.enabled))
    rows = []
    for key, label, kind, via, configured in targets:
        row = counts.get((kind, via), {})
        mine = [h for h in failing if h.channel == kind and h.via_id == via]
        rows.append(
            ChannelHealth(
                key=key,
                label=label,
                kind=kind,
                configured=configured,
                queued=row.get("queued", 0),
                sent=row.get("sent", 0),
                failed=row.get("failed", 0),
                failing_addresses=sum(1 for h in mine if h.address),
                channel_failing=next((h for h in mine if not h.address), None),
            )
        )
    return rows


def failing_addresses(*, organisation: Organisation) -> QuerySet[AddressHealth]:
    return scoped(AddressHealth, organisation).filter(status=HealthStatus.FAILING)


def outbox_lag(*, now: datetime.datetime) -> datetime.timedelta:
    """How long the longest-waiting due message has waited (zero when none waits).

    Messages held for sending windows or for people away are queued with a later due time,
    so they do not count until then.
    """
    oldest = (
        OutboxMessage.objects.filter(status=Status.QUEUED, due_at__lte=now)
        .order_by("due_at")
        .values_list("due_at", flat=True)
        .first()
    )
    return max(now - oldest, datetime.timedelta(0)) if oldest else datetime.timedelta(0)
