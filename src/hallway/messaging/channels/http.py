"""What every webhook channel shares: a validated webhook address and a JSON POST whose
failures are classified the same way (a deleted hook stops, a busy one is retried)."""

import json
import urllib.error
import urllib.request
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from django import forms
from django.utils.translation import gettext_lazy as _

from hallway.messaging.channels.base import BaseTransport, Rendered, TransportError

if TYPE_CHECKING:
    from hallway.messaging.models import Channel, OutboxMessage

Payload = Callable[["OutboxMessage", Rendered], dict[str, Any]]

TIMEOUT_SECONDS = 15
USER_AGENT = "Hallway-Webhook/1"
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}


class WebhookUrlField(forms.URLField):
    """An https:// address (plain http only for this machine, as in tests)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Webhook address"))
        kwargs.setdefault("max_length", 1000)
        super().__init__(**kwargs)

    def clean(self, value: Any) -> str:
        url = str(super().clean(value) or "")
        if not url:
            return url
        parts = urlsplit(url)
        if not parts.hostname:
            raise forms.ValidationError(_("The address has no host."))
        if parts.scheme != "https" and not (
            parts.scheme == "http" and parts.hostname in LOCAL_HOSTS
        ):
            raise forms.ValidationError(_("Use an https:// address."))
        return url


def post_json(url: str, payload: dict[str, Any], *, headers: dict[str, str] | None = None) -> bytes:
    """POST `payload` as JSON; return the first KB of the answer or raise TransportError."""
    body = json.dumps(payload, ensure_ascii=False).encode()
    return post_body(url, body, headers=headers)


def post_body(url: str, body: bytes, *, headers: dict[str, str] | None = None) -> bytes:
    request = urllib.request.Request(  # noqa: S310 (the scheme is checked when configured)
        url,
        data=body,
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": USER_AGENT,
            **(headers or {}),
        },
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            return bytes(response.read(1024))
    except urllib.error.HTTPError as exc:
        raise classify(exc.code) from exc
    except (urllib.error.URLError, OSError) as exc:
        raise TransportError(
            f"webhook unreachable: {exc}", permanent=False, scope="channel"
        ) from exc


def classify(status: int) -> TransportError:
    if status in (404, 410, 401, 403):  # the hook was deleted or the credentials revoked
        return TransportError(f"webhook answered {status}", permanent=True, scope="channel")
    if status in (400, 413, 422):
        return TransportError(f"webhook answered {status}", permanent=True, scope="message")
    return TransportError(f"webhook answered {status}", permanent=False, scope="channel")


def webhook_url(channel: Any) -> str:
    """The channel's webhook address, or a permanent channel-wide error."""
    if channel is None:
        raise TransportError("no webhook is set up", permanent=True, scope="channel")
    url = str(channel.secrets_or_error().get("url", ""))
    if not url.startswith(("https://", "http://")):
        raise TransportError(
            f"{channel.name} has no webhook address", permanent=True, scope="channel"
        )
    return url


class JsonWebhookTransport(BaseTransport):
    """POSTs each message as the JSON its kind's `payload` makes (Teams, Mattermost, Discord)."""

    def __init__(self, url: str, payload: Payload) -> None:
        self.url = url
        self.payload = payload

    @classmethod
    def opener(cls, payload: Payload) -> Callable[["Channel | None"], "JsonWebhookTransport"]:
        """A kind's `transport`: the channel's webhook address, this payload."""
        return lambda channel: cls(webhook_url(channel), payload)

    def send(self, message: "OutboxMessage", rendered: Rendered) -> None:
        post_json(self.url, self.payload(message, rendered))
