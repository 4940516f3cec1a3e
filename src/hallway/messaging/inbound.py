"""Events an outside system (an ATS, a CRM) sends through an organisation's signed webhook.

The gong's webhook (rituals) receives them; a payload whose `"event"` names a registered
event goes to that event's handler instead of the celebration mapping. Capabilities
register their events here at start-up (outreach: "candidate.stage_changed",
"placement.started", "placement.ended", "order.created"), so the webhook needs to know
none of them. A handler checks the payload and raises ValidationError (a 400 with its
messages) or returns a short note of what it did.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from hallway.accounts.models import Organisation

Handler = Callable[[Organisation, dict[str, Any], datetime.datetime], str]


@dataclass(frozen=True)
class InboundEvent:
    name: str
    handler: Handler
    # One line for the webhook's settings page: what the payload carries.
    example: dict[str, Any]


_events: dict[str, InboundEvent] = {}


def inbound_event_register(event: InboundEvent) -> InboundEvent:
    _events[event.name] = event
    return event


def inbound_event_get(name: object) -> InboundEvent | None:
    return _events.get(name) if isinstance(name, str) else None


def inbound_events() -> list[InboundEvent]:
    return sorted(_events.values(), key=lambda event: event.name)
