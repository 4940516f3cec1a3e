"""Generic webhooks: every message as a signed JSON POST to a receiver of your own."""

from django import forms
from django.utils.translation import gettext_lazy as _

from hallway.messaging.channels.base import CHAT, ChannelForm, ChannelKind
from hallway.messaging.channels.http import WebhookUrlField
from hallway.messaging.channels.webhook.transport import WebhookTransport


class WebhookForm(ChannelForm):
    url = WebhookUrlField(assume_scheme="https")
    secret = forms.CharField(
        label=_("Signing secret"),
        min_length=16,
        max_length=200,
        help_text=_("At least 16 characters, shared with the receiver."),
    )
    secret_fields = ("url", "secret")
    cli_fields = {"url": "url", "secret": "secret", "token": "secret"}


KIND = ChannelKind(
    slug="webhook",
    label=_("Webhook"),
    template_kind=CHAT,
    form=WebhookForm,
    transport=WebhookTransport.for_channel,
    # The receiver gets the person's email address to find them in its own system.
    address_of=lambda person: person.email,
    help=_(
        "Each request carries X-Hallway-Timestamp and X-Hallway-Signature (v1=HMAC-SHA256 of "
        "“timestamp.body” under the secret) and X-Hallway-Delivery, the same on every retry."
    ),
)
