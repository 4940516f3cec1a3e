"""Slack through the Web API (slack-sdk): direct messages and group DMs with buttons.

`conversations.open` with one member id opens (or finds) the DM with the bot, with several
ids a group DM; `chat.postMessage` then posts the rendered text and blocks. Buttons carry a
signed link token as their value, so a click does what the same link in an email does
(see `hallway.messaging.slack_views`, which verifies Slack's request signature first).
"""

from typing import TYPE_CHECKING, Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from hallway.messaging.channels.base import BaseTransport, Button, Rendered, TransportError

if TYPE_CHECKING:
    from hallway.messaging.models import Channel, OutboxMessage

DEFAULT_API_URL = "https://slack.com/api/"
TIMEOUT_SECONDS = 15
# Errors that retrying cannot fix: the bot's token, or the person, is not usable.
CHANNEL_ERRORS = {
    "invalid_auth",
    "not_authed",
    "account_inactive",
    "token_revoked",
    "token_expired",
    "no_permission",
    "missing_scope",
    "team_access_not_granted",
}
ADDRESS_ERRORS = {
    "channel_not_found",
    "not_in_channel",
    "is_archived",
    "user_not_found",
    "users_not_found",
    "user_disabled",
    "cannot_dm_bot",
}
# Public and private channel IDs; member IDs start with U or W.
CONVERSATION_PREFIXES = ("C", "G")
MESSAGE_ERRORS = {"invalid_blocks", "msg_too_long", "no_text", "invalid_arguments"}


def slack_blocks(text: str, buttons: tuple[Button, ...]) -> list[dict[str, Any]]:
    blocks: list[dict[str, Any]] = [
        {"type": "section", "text": {"type": "mrkdwn", "text": text[:3000]}}
    ]
    elements = []
    for index, button in enumerate(buttons[:5]):
        element: dict[str, Any] = {
            "type": "button",
            "text": {"type": "plain_text", "text": button.label[:75]},
            "action_id": f"hallway_{index}",
        }
        # A token answers in place (Slack calls us back with who clicked); a plain link opens.
        if button.value:
            element["value"] = button.value[:2000]
        elif button.url:
            element["url"] = button.url
        if button.style in ("primary", "danger"):
            element["style"] = button.style
        elements.append(element)
    if elements:
        blocks.append({"type": "actions", "elements": elements})
    return blocks


class SlackTransport(BaseTransport):
    def __init__(self, *, token: str, api_url: str = DEFAULT_API_URL) -> None:
        self.client = WebClient(token=token, base_url=api_url, timeout=TIMEOUT_SECONDS)

    @classmethod
    def for_channel(cls, channel: "Channel | None") -> "SlackTransport":
        if channel is None:
            raise TransportError("no Slack workspace is set up", permanent=True, scope="channel")
        token = str(channel.secrets_or_error().get("bot_token", ""))
        if not token:
            raise TransportError("Slack has no bot token", permanent=True, scope="channel")
        api_url = str(channel.settings.get("api_url") or DEFAULT_API_URL)
        return cls(token=token, api_url=api_url if api_url.endswith("/") else api_url + "/")

    def send(self, message: "OutboxMessage", rendered: Rendered) -> None:
        users = [user.strip() for user in message.address.split(",") if user.strip()]
        if not users:
            raise TransportError("no Slack member id", permanent=True)
        try:
            if len(users) == 1 and users[0][:1] in CONVERSATION_PREFIXES:
                # A channel (the gong's #wins): post to it; the bot is a member of it.
                channel = users[0]
            else:
                opened = self.client.conversations_open(users=users)
                channel = opened["channel"]["id"]
            posted = self.client.chat_postMessage(
                channel=channel,
                text=rendered.text,
                blocks=slack_blocks(rendered.text, rendered.buttons),
                unfurl_links=False,
            )
        except SlackApiError as exc:
            raise _classify(exc) from exc
        except (SlackClientError, OSError) as exc:
            raise TransportError(
                f"Slack unreachable: {exc}", permanent=False, scope="channel"
            ) from exc
        message.external_id = f"{channel}:{posted.get('ts', '')}"


def _classify(exc: SlackApiError) -> TransportError:
    error = str(exc.response.get("error", "")) if exc.response is not None else ""
    if error in CHANNEL_ERRORS:
        return TransportError(f"Slack: {error}", permanent=True, scope="channel")
    if error in ADDRESS_ERRORS:
        return TransportError(f"Slack: {error}", permanent=True, scope="address")
    if error in MESSAGE_ERRORS:
        return TransportError(f"Slack: {error}", permanent=True, scope="message")
    return TransportError(f"Slack: {error or exc}", permanent=False, scope="channel")
