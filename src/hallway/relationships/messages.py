"""Relationships' message types, registered with messaging (with sample data for previews)."""

from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from hallway.messaging.channels.base import Button
from hallway.messaging.types import MessageType, message_type_register


def _sample_digest() -> dict[str, Any]:
    return {
        "recipient_name": "Carol Meyer",
        "week": "2026-W50",
        "count": 3,
        "items": [
            {
                "kind": "quiet",
                "name": "Brightside GmbH",
                "company": "",
                "reason": "No order for 35 days; usually one every 7 days.",
            },
            {
                "kind": "cadence",
                "name": "Nina Vogel",
                "company": "Brightside GmbH",
                "reason": "Keep in touch every 14 days; last touch 28 days ago.",
            },
            {
                "kind": "ask",
                "name": "Jonas Berg",
                "company": "Northwind BV",
                "reason": "Ask next time you talk: “Running the Köln marathon in October”",
            },
        ],
        "more": 0,
        "queue_url": f"{settings.BASE_URL}/relationships/queue/",
    }


def digest_buttons(context: dict[str, Any]) -> list[Button]:
    url = context.get("queue_url")
    return [Button(str(_("Reach out today")), url=str(url), style="primary")] if url else []


DIGEST = message_type_register(
    MessageType(
        "relationships_digest",
        _("Relationships: weekly reach-out digest"),
        app="relationships",
        sample=_sample_digest,
        buttons=digest_buttons,
    )
)
