"""Microsoft Teams: Adaptive Cards through a Workflows (or incoming) webhook.

Each message is one card: its title, its text, the person it is for mentioned by their
Teams sign-in name (their chat ID "teams", else their email address, which is what most
organisations use), and its buttons as `Action.OpenUrl` to signed links, so a click
answers for that person without a login. The card says which language it is in.
"""

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

from hallway.messaging.channels.base import CHAT, ChannelForm, ChannelKind, Rendered
from hallway.messaging.channels.http import JsonWebhookTransport, WebhookUrlField

if TYPE_CHECKING:
    from hallway.messaging.models import OutboxMessage
    from hallway.people.models import Person

CARD = "application/vnd.microsoft.card.adaptive"
# Teams renders Adaptive Cards up to 1.5 on desktop and mobile; 1.4 covers what a card
# of text and link buttons needs everywhere, including older clients.
VERSION = "1.4"
MAX_ACTIONS = 6  # Teams shows at most six buttons under a card


class TeamsForm(ChannelForm):
    url = WebhookUrlField(
        assume_scheme="https",
        help_text=_(
            "In Teams: Workflows → “Post to a channel when a webhook request is received” "
            "(or a chat), then copy its address here."
        ),
    )
    secret_fields = ("url",)
    cli_fields = {"url": "url"}


def address_of(person: "Person") -> str:
    return str((person.chat_ids or {}).get("teams", "")).strip() or person.email


def card(message: "OutboxMessage", rendered: Rendered) -> dict[str, Any]:
    """The message as an Adaptive Card inside the message envelope Teams webhooks take."""
    text = rendered.text.strip()
    content: dict[str, Any] = {
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard",
        "version": VERSION,
        "lang": message.language,
        "msteams": {"width": "Full"},
        "body": [],
        "actions": [
            {"type": "Action.OpenUrl", "title": button.label, "url": button.url}
            for button in rendered.buttons
            if button.url
        ][:MAX_ACTIONS],
    }
    if rendered.subject:
        content["body"].append(
            {
                "type": "TextBlock",
                "text": rendered.subject,
                "weight": "Bolder",
                "size": "Medium",
                "wrap": True,
            }
        )
    mention = _mention(message)
    if mention is not None:
        content["msteams"]["entities"] = [mention]
        text = f"{mention['text']} {text}"
    content["body"].append({"type": "TextBlock", "text": text, "wrap": True})
    return {
        "type": "message",
        "attachments": [{"contentType": CARD, "contentUrl": None, "content": content}],
    }


def _mention(message: "OutboxMessage") -> dict[str, Any] | None:
    """Mention the recipient (one person with a Teams sign-in name), so they are notified."""
    address = message.address.strip()
    if not address or "," in address or not message.recipient_name:
        return None
    return {
        "type": "mention",
        "text": f"<at>{message.recipient_name}</at>",
        "mentioned": {"id": address, "name": message.recipient_name},
    }


KIND = ChannelKind(
    slug="teams",
    label=_("Microsoft Teams"),
    template_kind=CHAT,
    form=TeamsForm,
    transport=JsonWebhookTransport.opener(card),
    address_of=address_of,
    help=_(
        "Messages arrive as Adaptive Cards, one per person, mentioning them by their Teams "
        "sign-in name (chat IDs: teams, else their email address), with buttons that answer "
        "without a login."
    ),
)
