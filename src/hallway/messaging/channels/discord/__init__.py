"""Discord: a channel webhook; each message mentions the person it is for."""

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

from hallway.messaging.channels.base import CHAT, ChannelForm, ChannelKind, Rendered
from hallway.messaging.channels.http import JsonWebhookTransport, WebhookUrlField

if TYPE_CHECKING:
    from hallway.messaging.models import OutboxMessage
    from hallway.people.models import Person

MAX_LENGTH = 2000


class DiscordForm(ChannelForm):
    url = WebhookUrlField(assume_scheme="https")
    secret_fields = ("url",)
    cli_fields = {"url": "url"}


def payload(message: "OutboxMessage", rendered: Rendered) -> dict[str, Any]:
    mention = f"<@{message.address}> " if message.address.isdigit() else ""
    links = "\n".join(f"{b.label}: <{b.url}>" for b in rendered.buttons if b.url)
    text = mention + rendered.text.strip() + ("\n\n" + links if links else "")
    # Only the recipient may be pinged: text from templates never mentions anyone else.
    allowed = {"parse": [], "users": [message.address] if mention else []}
    return {"content": text[:MAX_LENGTH], "allowed_mentions": allowed}


def address_of(person: "Person") -> str:
    return str((person.chat_ids or {}).get("discord", "")).strip()


KIND = ChannelKind(
    slug="discord",
    label=_("Discord"),
    template_kind=CHAT,
    form=DiscordForm,
    transport=JsonWebhookTransport.opener(payload),
    address_of=address_of,
    help=_(
        "Create a webhook in the Discord channel's settings (Integrations). Messages mention "
        "people who have a Discord user ID (chat IDs: discord)."
    ),
)
