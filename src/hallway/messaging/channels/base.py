"""The contract every channel kind follows, and what the outbox hands to it.

A kind (email, Slack, Teams, …) is one folder under `messaging/channels/` whose
`__init__.py` defines `KIND`, a `ChannelKind`: its label, how a person is addressed on it,
its settings form (typed configuration, validated with clear errors; which fields are
secret) and how to open its transport. The outbox renders each message once, in the
recipient's language and zone, and hands the `Rendered` result to the transport's
`send(message, rendered)`, which returns or raises `TransportError`.
"""

from collections.abc import Callable
from dataclasses import dataclass
from types import TracebackType
from typing import TYPE_CHECKING, Any, Protocol, Self

from django import forms
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from hallway.messaging.models import Channel, OutboxMessage
    from hallway.people.models import Person

EMAIL = "email"
CHAT = "chat"


@dataclass(frozen=True)
class Button:
    """A link button under a chat message: a signed link (and, for Slack, its token)."""

    label: str
    url: str = ""
    # "purpose:token" of a signed link, for channels that answer a click in place (Slack).
    value: str = ""
    style: str = ""


def context_buttons(context: dict[str, Any]) -> list[Button]:
    """The buttons a message context carries as plain JSON: a list of {label, url or value
    ("purpose:token" of a signed link), style}."""
    return [
        Button(
            str(raw["label"]),
            url=str(raw.get("url", "")),
            value=str(raw.get("value", "")),
            style=str(raw.get("style", "")),
        )
        for raw in context.get("buttons") or []
        if isinstance(raw, dict) and raw.get("label")
    ]


@dataclass(frozen=True)
class Rendered:
    """One message as its recipient reads it. `subject` doubles as a chat card's title."""

    subject: str
    text: str
    html: str
    buttons: tuple[Button, ...] = ()


class TransportError(Exception):
    """Delivery failed. `permanent` stops retries; `scope` says what is broken.

    scope "address": this recipient's address (unknown mailbox, deactivated Slack user);
    scope "channel": the channel itself (bad credentials, a deleted webhook);
    scope "message": only this message (a malformed context).
    """

    def __init__(self, message: str, *, permanent: bool, scope: str = "address") -> None:
        super().__init__(message)
        self.permanent = permanent
        self.scope = scope


class Transport(Protocol):
    """Opened once per delivery run (connections are reused), then `send` per message."""

    def send(self, message: "OutboxMessage", rendered: Rendered) -> None:
        """Deliver one message or raise TransportError.

        May set `message.external_id` (the Message-ID, the Slack ts); delivery records it.
        """
        ...

    def __enter__(self) -> "Transport": ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...


class BaseTransport:
    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Release connections held between messages."""


class ChannelForm(forms.Form):
    """A kind's settings form. Secret fields are never shown again once saved; leaving one
    empty keeps the saved value. `clean()` returns the whole configuration."""

    secret_fields: tuple[str, ...] = ()
    # `hallway channel add` flags (--url, --token, --secret) → this form's fields.
    cli_fields: dict[str, str] = {}

    def __init__(self, *args: Any, saved_secrets: dict[str, str] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.saved_secrets = saved_secrets or {}
        for name in self.secret_fields:
            field_ = self.fields[name]
            field_.widget = forms.PasswordInput(attrs={"autocomplete": "off"})
            if self.saved_secrets.get(name):
                field_.required = False
                field_.help_text = format_lazy(
                    "{} {}", _("Saved; leave empty to keep it."), field_.help_text or ""
                )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in self.secret_fields:
            if not data.get(name) and self.saved_secrets.get(name):
                data[name] = self.saved_secrets[name]
        return data

    def split(self) -> tuple[dict[str, Any], dict[str, str]]:
        """The cleaned configuration as (plain settings, secrets)."""
        data = {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}
        secrets = {k: str(data.pop(k)) for k in self.secret_fields if k in data}
        return data, secrets


@dataclass(frozen=True)
class ChannelKind:
    slug: str
    label: Promise | str
    # Which templates a message on this kind is written from: "email" or "chat".
    template_kind: str
    form: type[ChannelForm]
    # A transport for one configured channel (None: the installation's default, email only).
    transport: Callable[["Channel | None"], Transport]
    # Where a person is reached on this kind ("" when they are not).
    address_of: Callable[["Person"], str]
    # Help shown with the settings form (how to create the webhook, the callback URL…).
    help: Promise | str = ""
    # Can one message reach several people at once (a Slack group DM)?
    groups: bool = False
    # A test message's recipient: True when it needs an address (email, Slack member id);
    # False when the channel itself is the destination (a Teams or Discord webhook).
    test_needs_address: bool = False
