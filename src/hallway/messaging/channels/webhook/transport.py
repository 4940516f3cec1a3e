"""Generic webhooks: a signed JSON POST per message, for receivers of your own.

The headers carry `X-Hallway-Timestamp` (Unix seconds), `X-Hallway-Signature: v1=<hex
HMAC-SHA256 of "<timestamp>.<body>" under the shared secret>` and `X-Hallway-Delivery`,
the same id on every attempt of a message, for the receiver to drop a repeat.
"""

import hashlib
import hmac
import time
from typing import TYPE_CHECKING, Any

from hallway.messaging.channels.base import BaseTransport, Rendered, TransportError
from hallway.messaging.channels.http import post_body, webhook_url

if TYPE_CHECKING:
    from hallway.messaging.models import Channel, OutboxMessage


def webhook_signature(secret: str, timestamp: str, body: bytes) -> str:
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return "v1=" + digest.hexdigest()


def webhook_signature_valid(
    *, secret: str, timestamp: str, body: bytes, signature: str, now: float, tolerance: int = 300
) -> bool:
    """For receivers (and tests): right secret, untouched body, not older than `tolerance`."""
    try:
        fresh = abs(now - int(timestamp)) <= tolerance
    except ValueError:
        return False
    return fresh and hmac.compare_digest(webhook_signature(secret, timestamp, body), signature)


def delivery_id(message: "OutboxMessage") -> str:
    digest = hashlib.sha256(
        f"{message.organisation_id}:{message.idempotency_key}".encode()
    ).hexdigest()
    return f"{message.pk}-{digest[:24]}"


def payload(message: "OutboxMessage", rendered: Rendered) -> dict[str, Any]:
    return {
        "id": delivery_id(message),
        "type": message.message_type,
        "language": message.language,
        "recipient": {
            "kind": message.recipient_kind,
            "address": message.address,
            "name": message.recipient_name,
        },
        "title": rendered.subject,
        "text": rendered.text.strip(),
        "buttons": [{"label": b.label, "url": b.url} for b in rendered.buttons if b.url],
        "context": message.context,
    }


class WebhookTransport(BaseTransport):
    def __init__(self, *, url: str, secret: str) -> None:
        self.url = url
        self.secret = secret

    @classmethod
    def for_channel(cls, channel: "Channel | None") -> "WebhookTransport":
        url = webhook_url(channel)
        assert channel is not None
        secret = str(channel.secrets_or_error().get("secret", ""))
        if not secret:
            raise TransportError(
                "the webhook has no signing secret", permanent=True, scope="channel"
            )
        return cls(url=url, secret=secret)

    def send(self, message: "OutboxMessage", rendered: Rendered) -> None:
        import json

        body = json.dumps(payload(message, rendered), ensure_ascii=False).encode()
        timestamp = str(int(time.time()))
        post_body(
            self.url,
            body,
            headers={
                "X-Hallway-Timestamp": timestamp,
                "X-Hallway-Signature": webhook_signature(self.secret, timestamp, body),
                "X-Hallway-Delivery": delivery_id(message),
            },
        )
        message.external_id = delivery_id(message)
