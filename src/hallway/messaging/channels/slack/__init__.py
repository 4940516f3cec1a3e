"""Slack: direct messages and group DMs from the organisation's Slack app, with buttons that
answer in place."""

from urllib.parse import urlsplit

from django import forms
from django.utils.translation import gettext_lazy as _

from hallway.messaging.channels.base import CHAT, ChannelForm, ChannelKind
from hallway.messaging.channels.slack.transport import DEFAULT_API_URL, SlackTransport


class SlackForm(ChannelForm):
    bot_token = forms.CharField(label=_("Bot token"), max_length=200)
    # Sending needs only the bot token; the signing secret lets buttons answer in place
    # (Slack's requests to us are checked with it), so without it they open the web page.
    signing_secret = forms.CharField(
        label=_("Signing secret"),
        required=False,
        max_length=200,
        help_text=_("Needed for buttons that answer right in Slack."),
    )
    api_url = forms.URLField(
        assume_scheme="https",
        label=_("API address"),
        required=False,
        max_length=300,
        help_text=_("Only for a Slack-compatible server; empty means %(url)s.")
        % {"url": DEFAULT_API_URL},
    )
    secret_fields = ("bot_token", "signing_secret")
    cli_fields = {"token": "bot_token", "secret": "signing_secret", "url": "api_url"}

    def clean_bot_token(self) -> str:
        token = str(self.cleaned_data.get("bot_token") or "").strip()
        if token and not token.startswith("xoxb-"):
            raise forms.ValidationError(_("A Slack bot token starts with xoxb-."))
        return token

    def clean_api_url(self) -> str:
        url = str(self.cleaned_data.get("api_url") or "").strip()
        if (
            url
            and urlsplit(url).scheme != "https"
            and urlsplit(url).hostname
            not in (
                "localhost",
                "127.0.0.1",
            )
        ):
            raise forms.ValidationError(_("Use an https:// address."))
        return url


KIND = ChannelKind(
    slug="slack",
    label=_("Slack"),
    template_kind=CHAT,
    form=SlackForm,
    transport=SlackTransport.for_channel,
    address_of=lambda person: person.slack_id,
    help=_(
        "Create a Slack app with the chat:write, im:write and mpim:write scopes, install it, "
        "and paste its bot token and signing secret. People are reached by their Slack member ID."
    ),
    groups=True,
    test_needs_address=True,
)
