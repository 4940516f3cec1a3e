"""Chat webhooks: Microsoft Teams, Mattermost, Discord and generic ones (JSON POST).

Generic webhooks are signed so the receiver can trust them: the headers carry
`X-Hallway-Timestamp` (Unix seconds), `X-Hallway-Signature: v1=<hex HMAC-SHA256 of
"<timestamp>.<body>" under the shared secret>` and `X-Hallway-Delivery`, the same id on
every attempt of a message, for the receiver to drop a repeat.
"""

import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request
from typing import TYPE_CHECKING, Any

from hallway.messaging.rendering import message_render
from hallway.messaging.transports.base import BaseTransport, TransportError
from hallway.messaging.transports.config import channel_config

if TYPE_CHECKING:
    from hallway.messaging.models import OutboxMessage

TIMEOUT_SECONDS = 15
USER_AGENT = "Hallway-Webhook/1"


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


def payload_for(channel: str, message: "OutboxMessage", text: str) -> dict[str, Any]:
    if channel == "teams":
        return {
            "@type": "MessageCard",
            "@context": "https://schema.org/extensions",
            "summary": text[:80],
            "text": text,
        }
    if channel == "mattermost":
        payload: dict[str, Any] = {"text": text}
        if message.address.startswith("@"):  # a direct message to that user
            payload["channel"] = message.address
        return payload
    if channel == "discord":
        return {"content": text[:2000], "allowed_mentions": {"parse": []}}
    return {
        "id": delivery_id(message),
        "type": message.message_type,
        "language": message.language,
        "recipient": {
            "kind": message.recipient_kind,
            "address": message.address,
            "name": message.recipient_name,
        },
        "text": text,
        "context": message.context,
    }


class WebhookTransport(BaseTransport):
    def __init__(self, *, channel: str, url: str, secret: str = "") -> None:
        self.channel = channel
        self.url = url
        self.secret = secret

    @classmethod
    def for_organisation(cls, organisation_id: int, channel: str) -> "WebhookTransport":
        config = channel_config(organisation_id, channel)
        url = str(config.get("url", ""))
        if not url.startswith(("https://", "http://")):
            raise TransportError(f"{channel} has no webhook URL", permanent=True, scope="channel")
        secret = str(config.get("secret", ""))
        if channel == "webhook" and not secret:
            raise TransportError(
                "the webhook has no signing secret", permanent=True, scope="channel"
            )
        return cls(channel=channel, url=url, secret=secret)

    def send(self, message: "OutboxMessage") -> None:
        rendered = message_render(
            template=message.template,
            channel=message.channel,
            language=message.language,
            timezone_name=message.timezone,
            context=message.context,
            organisation_id=message.organisation_id,
        )
        body = json.dumps(
            payload_for(self.channel, message, rendered.text.strip()), ensure_ascii=False
        ).encode()
        headers = {"Content-Type": "application/json; charset=utf-8", "User-Agent": USER_AGENT}
        if self.channel == "webhook":
            timestamp = str(int(time.time()))
            headers["X-Hallway-Timestamp"] = timestamp
            headers["X-Hallway-Signature"] = webhook_signature(self.secret, timestamp, body)
            headers["X-Hallway-Delivery"] = delivery_id(message)
        request = urllib.request.Request(self.url, data=body, headers=headers, method="POST")  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
                response.read(1024)
        except urllib.error.HTTPError as exc:
            raise _classify(exc.code) from exc
        except (urllib.error.URLError, OSError) as exc:
            raise TransportError(
                f"webhook unreachable: {exc}", permanent=False, scope="channel"
            ) from exc
        message.external_id = delivery_id(message) if self.channel == "webhook" else ""


def _classify(status: int) -> TransportError:
    if status in (404, 410, 401, 403):  # the hook was deleted or the credentials revoked
        return TransportError(f"webhook answered {status}", permanent=True, scope="channel")
    if status in (400, 413, 422):
        return TransportError(f"webhook answered {status}", permanent=True, scope="message")
    return TransportError(f"webhook answered {status}", permanent=False, scope="channel")
