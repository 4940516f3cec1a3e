"""Reactions in Slack to the gong's messages, counted on the wall.

Slack's Events API (`reaction_added`, `reaction_removed`) calls us with the channel and ts
of the message reacted to. The Slack transport records `<channel>:<ts>` of every message it
posts as the outbox row's external id, so the gong's message in #wins leads back to its
celebration. Reactions to anything else are ignored. Teams incoming webhooks and email
cannot tell anyone about reactions, so only Slack's and the wall's own are counted.
"""

import datetime
from typing import Any

from hallway.accounts.models import Organisation
from hallway.accounts.tenancy import scoped
from hallway.messaging.models import OutboxMessage
from hallway.rituals.gong_messages import GONG_CELEBRATION
from hallway.rituals.models import Celebration, SlackReaction

REACTION_EVENTS = ("reaction_added", "reaction_removed")


def _celebration_of(organisation: Organisation, channel: str, ts: str) -> Celebration | None:
    message = (
        scoped(OutboxMessage, organisation)
        .filter(channel="slack", message_type=GONG_CELEBRATION, external_id=f"{channel}:{ts}")
        .only("context")
        .first()
    )
    if message is None:
        return None
    pk = message.context.get("celebration_id")
    if not isinstance(pk, int):
        return None
    return scoped(Celebration, organisation).filter(pk=pk).first()


def slack_reaction_record(
    *, organisation: Organisation, event: dict[str, Any], now: datetime.datetime
) -> bool:
    """Count (or uncount) one Slack reaction event; False when it is not about a gong
    message (or malformed). Repeated events change nothing (Slack retries)."""
    kind = event.get("type")
    item = event.get("item")
    if kind not in REACTION_EVENTS or not isinstance(item, dict):
        return False
    user, reaction = str(event.get("user", "")), str(event.get("reaction", ""))
    channel, ts = str(item.get("channel", "")), str(item.get("ts", ""))
    if not (user and reaction and channel and ts):
        return False
    celebration = _celebration_of(organisation, channel, ts)
    if celebration is None:
        return False
    lookup = {"celebration": celebration, "slack_user": user[:32], "reaction": reaction[:100]}
    if kind == "reaction_removed":
        SlackReaction.objects.filter(**lookup).delete()
        return True
    # The same event twice (Slack retries, or two deliveries at once) is counted once: the
    # unique constraint decides, and a conflict is not an error.
    SlackReaction.objects.bulk_create(
        [SlackReaction(organisation=organisation, created_at=now, **lookup)], ignore_conflicts=True
    )
    return True
