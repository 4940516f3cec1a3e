"""What came of a shared article, read fresh from the sends, their messages, the outbox,
touches and unsubscribes.

- recipients: contacts the mail was written to; sent: their personal message went out;
  delivered: the outbox sent it; failed: the outbox could not (failed, suppressed,
  expired); blocked: stopped before the outbox (unsubscribed or consent withdrawn in
  between, cancelled);
- clicked: recipients (mail or note) who opened their link at least once; clicks: all;
- replies: recipients with an inbound touch within 14 days after their message went out;
- unsubscribes: recipients whose address unsubscribed after the article was sent;
- notes drafted for owners, and how many of them the owners sent;
- skipped, by reason.
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy

from hallway.accounts.models import Organisation
from hallway.accounts.tenancy import scoped
from hallway.messaging.channels import EMAIL_KIND
from hallway.messaging.models import OutboxMessage, Suppression
from hallway.messaging.models import Status as OutboxStatus
from hallway.outreach.models import Campaign, CampaignSend, MessageStatus, SendKind
from hallway.outreach.selectors.consent import NO_ADDRESS, NO_CONSENT, UNSUBSCRIBED
from hallway.relationships.interface import Direction, Touch

TOUCHED = "touched"
RECENT_SEND = "recent_send"
NO_OWNER = "no_owner"
# In the order they are checked: the law first, then tact.
SKIP_REASONS = {
    NO_ADDRESS: gettext_lazy("No email address"),
    UNSUBSCRIBED: gettext_lazy("Unsubscribed"),
    NO_CONSENT: gettext_lazy("No consent to marketing"),
    TOUCHED: gettext_lazy("Touched recently"),
    RECENT_SEND: gettext_lazy("Sent content recently"),
    NO_OWNER: gettext_lazy("Key contact without an owner"),
}
REPLY_WITHIN = datetime.timedelta(days=14)
OUTBOX_FAILED = (OutboxStatus.FAILED, OutboxStatus.SUPPRESSED, OutboxStatus.EXPIRED)
BLOCKED = (MessageStatus.CANCELLED, MessageStatus.DISCARDED)


def campaigns_of(organisation: Organisation) -> QuerySet[Campaign]:
    return scoped(Campaign, organisation).select_related("segment", "created_by")


@dataclass
class RecipientRow:
    send: CampaignSend
    name: str
    status: str = ""  # the personal message's status
    delivered: bool = False
    failed: bool = False
    replied: bool = False
    unsubscribed: bool = False

    @property
    def reason_label(self) -> str:
        return str(SKIP_REASONS.get(self.send.skip_reason, self.send.skip_reason))


@dataclass
class CampaignFigures:
    recipients: int = 0
    sent: int = 0
    delivered: int = 0
    failed: int = 0
    blocked: int = 0
    clicked: int = 0
    clicks: int = 0
    replies: int = 0
    unsubscribes: int = 0
    notes_drafted: int = 0
    notes_sent: int = 0
    skipped: int = 0
    skipped_by_reason: dict[str, int] = field(default_factory=dict)
    rows: list[RecipientRow] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "recipients": self.recipients,
            "sent": self.sent,
            "delivered": self.delivered,
            "failed": self.failed,
            "blocked": self.blocked,
            "clicked": self.clicked,
            "clicks": self.clicks,
            "replies": self.replies,
            "unsubscribes": self.unsubscribes,
            "notes_drafted": self.notes_drafted,
            "notes_sent": self.notes_sent,
            "skipped": self.skipped,
            "skipped_by_reason": dict(self.skipped_by_reason),
        }

    @property
    def skipped_reasons(self) -> list[tuple[str, int]]:
        return [(str(SKIP_REASONS.get(k, k)), n) for k, n in self.skipped_by_reason.items() if n]


def campaign_figures(*, campaign: Campaign) -> CampaignFigures:
    figures = CampaignFigures(skipped_by_reason=dict.fromkeys(SKIP_REASONS, 0))
    sends = list(
        CampaignSend.objects.filter(campaign=campaign)
        .select_related("contact", "message")
        .order_by("kind", "contact__name", "id")
    )
    outbox = {
        row["pk"]: row
        for row in OutboxMessage.objects.filter(
            pk__in=[s.message.outbox_id for s in sends if s.message and s.message.outbox_id]
        ).values("pk", "status", "sent_at", "address")
    }
    written = [s for s in sends if s.kind in (SendKind.MAIL, SendKind.NOTE) and s.message]
    # When each one's message went out: replies count from then on.
    gone: dict[int, datetime.datetime] = {}
    for send in written:
        assert send.message is not None
        found = outbox.get(send.message.outbox_id or 0)
        sent_at = send.message.sent_at or (found["sent_at"] if found else None)
        if send.contact_id is not None and sent_at is not None:
            gone[send.pk] = sent_at
    inbound: dict[int, list[datetime.datetime]] = {}
    if gone:
        first, last = min(gone.values()), max(gone.values()) + REPLY_WITHIN
        for contact_id, at in (
            scoped(Touch, campaign.organisation)
            .filter(
                direction=Direction.INBOUND,
                contacts__in=[s.contact_id for s in written if s.contact_id],
                at__gt=first,
                at__lte=last,
            )
            .values_list("contacts__id", "at")
        ):
            inbound.setdefault(contact_id, []).append(at)
    unsubscribed: set[str] = set()
    if campaign.sent_at is not None:
        unsubscribed = set(
            Suppression.objects.filter(
                organisation=campaign.organisation,
                channel=EMAIL_KIND,
                created_at__gte=campaign.sent_at,
                address__in={(s.contact.email if s.contact else "").lower() for s in written}
                | {row["address"].lower() for row in outbox.values()},
            ).values_list("address", flat=True)
        )
    for send in sends:
        line = RecipientRow(send=send, name=send.contact.name if send.contact else "—")
        figures.rows.append(line)
        if send.kind == SendKind.SKIPPED:
            figures.skipped += 1
            figures.skipped_by_reason[send.skip_reason] = (
                figures.skipped_by_reason.get(send.skip_reason, 0) + 1
            )
            continue
        message = send.message
        if send.clicked_at is not None:
            figures.clicked += 1
        figures.clicks += send.clicks
        if message is None:
            continue
        line.status = message.get_status_display()
        outbox_row = outbox.get(message.outbox_id or 0)
        line.delivered = bool(outbox_row and outbox_row["status"] == OutboxStatus.SENT)
        line.failed = bool(
            (outbox_row and outbox_row["status"] in OUTBOX_FAILED)
            or message.status == MessageStatus.FAILED
        )
        sent_at = gone.get(send.pk)
        line.replied = sent_at is not None and any(
            sent_at < at <= sent_at + REPLY_WITHIN for at in inbound.get(send.contact_id or 0, [])
        )
        address = (outbox_row["address"] if outbox_row else "") or (
            send.contact.email if send.contact else ""
        )
        line.unsubscribed = address.lower() in unsubscribed
        figures.replies += line.replied
        figures.unsubscribes += line.unsubscribed
        if send.kind == SendKind.NOTE:
            figures.notes_drafted += 1
            figures.notes_sent += message.status == MessageStatus.SENT
            continue
        figures.recipients += 1
        figures.sent += message.status == MessageStatus.SENT
        figures.delivered += line.delivered
        figures.failed += line.failed
        figures.blocked += message.status in BLOCKED
    return figures
