"""Transports: one folder per channel, each behind the contract in `base`."""

from hallway.messaging.models import Channel
from hallway.messaging.transports.base import Transport, TransportError


def transport_for(channel: str, organisation_id: int) -> Transport:
    """A fresh transport for `channel` in `organisation_id` (opened by the caller)."""
    if channel == Channel.EMAIL:
        from hallway.messaging.transports.email import EmailTransport

        return EmailTransport()
    if channel == Channel.SLACK:
        from hallway.messaging.transports.slack import SlackTransport

        return SlackTransport.for_organisation(organisation_id)
    if channel in (Channel.TEAMS, Channel.MATTERMOST, Channel.DISCORD, Channel.WEBHOOK):
        from hallway.messaging.transports.webhook import WebhookTransport

        return WebhookTransport.for_organisation(organisation_id, channel)
    raise TransportError(f"no transport for channel {channel!r}", permanent=True, scope="channel")
