"""Per-organisation channel configuration, read by the chat transports."""

from typing import Any

from hallway.messaging.models import ChannelConfig
from hallway.messaging.transports.base import TransportError


def channel_config(organisation_id: int, channel: str) -> dict[str, Any]:
    """The enabled configuration of `channel`, or a permanent channel-wide TransportError."""
    found = ChannelConfig.objects.filter(
        organisation_id=organisation_id, channel=channel, enabled=True
    ).first()
    if found is None or not isinstance(found.config, dict):
        raise TransportError(
            f"{channel} is not set up for this organisation", permanent=True, scope="channel"
        )
    return found.config
