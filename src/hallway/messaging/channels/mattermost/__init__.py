"""Mattermost: an incoming webhook; a person with a Mattermost username gets a direct message."""

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

from hallway.messaging.channels.base import CHAT, ChannelForm, ChannelKind, Rendered
from hallway.messaging.channels.http import JsonWebhookTransport, WebhookUrlField

if TYPE_CHECKING:
    from hallway.messaging.models import OutboxMessage
    from hallway.people.models import Person


class MattermostForm(ChannelForm):
    url = WebhookUrlField(assume_scheme="https")
    secret_fields = ("url",)
    cli_fields = {"url": "url"}


def payload(message: "OutboxMessage", rendered: Rendered) -> dict[str, Any]:
    text = rendered.text.strip()
    links = [f"[{b.label}]({b.url})" for b in rendered.buttons if b.url]
    body: dict[str, Any] = {"text": text + ("\n\n" + " · ".join(links) if links else "")}
    if message.address.startswith("@"):  # a direct message to that user
        body["channel"] = message.address
    return body


def address_of(person: "Person") -> str:
    username = str((person.chat_ids or {}).get("mattermost", "")).strip().lstrip("@")
    return f"@{username}" if username else ""


KIND = ChannelKind(
    slug="mattermost",
    label=_("Mattermost"),
    template_kind=CHAT,
    form=MattermostForm,
    transport=JsonWebhookTransport.opener(payload),
    address_of=address_of,
    help=_(
        "Create an incoming webhook that may post to other channels. People with a "
        "Mattermost username (chat IDs: mattermost) get a direct message."
    ),
)
