"""Relationships' message types, registered with messaging (with sample data for the previews).

The weekly digest lists a user's reach-out queue.

A call with a contact sends two different messages: the contact's invitation (their
language and zone, no brief, ever) and the owner's copy (their language and zone, with the
brief). Both carry the same calendar event; a cancellation goes to both.
"""

import datetime
from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from hallway.messaging.channels.base import EMAIL, Button
from hallway.messaging.types import MessageType, message_type_register

CALL_INVITE = "relationships_call_invite"
CALL_OWNER = "relationships_call_owner"
CALL_CANCELLED = "relationships_call_cancelled"


def _sample_calendar(method: str = "REQUEST", sequence: int = 0) -> dict[str, Any]:
    start = (datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=2)).replace(
        hour=13, minute=0, second=0, microsecond=0
    )
    return {
        "uid": "sample-call@hallway",
        "sequence": sequence,
        "method": method,
        "start": start.isoformat(),
        "end": (start + datetime.timedelta(minutes=20)).isoformat(),
        "video_url": "https://meet.jit.si/Hallway-sample",
        "organizer": {"name": "Hallway", "email": "hallway@localhost"},
        "attendees": [
            {"name": "Alice Adams", "email": "alice@example.com"},
            {"name": "Bruna Costa", "email": "bruna@client.example"},
        ],
    }


def _sample_invite() -> dict[str, Any]:
    return {
        "recipient_name": "Bruna Costa",
        "owner_name": "Alice Adams",
        "organisation_name": "Acme",
        "minutes": 20,
        "calendar": _sample_calendar(),
    }


def _sample_owner() -> dict[str, Any]:
    day = datetime.date.today()
    return {
        "recipient_name": "Alice Adams",
        "contact_name": "Bruna Costa",
        "company_name": "Brightside Ltda.",
        "contact_timezone": "America/Sao_Paulo",
        "minutes": 20,
        "rescheduled": False,
        "calendar": _sample_calendar(),
        "brief": {
            "contact_name": "Bruna Costa",
            "company_name": "Brightside Ltda.",
            "touches": [
                {
                    "kind": "video",
                    "at": (day - datetime.timedelta(days=40)).isoformat() + "T14:00:00+00:00",
                    "by": "Bob Baker",
                    "summary": "Two new vacancies in Q3; wants a shortlist by June.",
                }
            ],
            "details": [{"text": "Ran the São Paulo marathon", "due_on": None, "sensitive": False}],
            "rhythm": {
                "usual_gap_days": 30,
                "last_order_on": (day - datetime.timedelta(days=50)).isoformat(),
                "last_touch_at": None,
            },
            "opener": "Last time you told me about this — how did it go?",
            "opener_about": "Ran the São Paulo marathon",
            "opener_language": "en",
        },
    }


def _sample_cancelled() -> dict[str, Any]:
    return {
        "recipient_name": "Bruna Costa",
        "other_name": "Alice Adams",
        "organisation_name": "Acme",
        "outside": True,
        "calendar": _sample_calendar("CANCEL", 1),
    }


message_type_register(
    MessageType(
        CALL_INVITE,
        _("Call with a contact: invitation"),
        app="relationships",
        template_kinds=(EMAIL,),
        sample=_sample_invite,
    )
)
message_type_register(
    MessageType(
        CALL_OWNER,
        _("Call with a contact: your copy with the brief"),
        app="relationships",
        sample=_sample_owner,
        # The brief holds what only its owner may read (their private and sensitive
        # details): the outbox's API shows admins everything else of the message.
        private=("brief",),
    )
)
message_type_register(
    MessageType(
        CALL_CANCELLED,
        _("Call with a contact: cancelled"),
        app="relationships",
        template_kinds=(EMAIL,),
        sample=_sample_cancelled,
    )
)


def _sample_digest() -> dict[str, Any]:
    return {
        "recipient_name": "Carol Meyer",
        "week": "2026-W50",
        "count": 3,
        "items": [
            {
                "kind": "quiet",
                "name": "Brightside GmbH",
                "company": "",
                "reason": "No order for 35 days; usually one every 7 days.",
            },
            {
                "kind": "cadence",
                "name": "Nina Vogel",
                "company": "Brightside GmbH",
                "reason": "Keep in touch every 14 days; last touch 28 days ago.",
            },
            {
                "kind": "ask",
                "name": "Jonas Berg",
                "company": "Northwind BV",
                "reason": "Ask next time you talk: “Running the Köln marathon in October”",
            },
        ],
        "more": 0,
        "queue_url": f"{settings.BASE_URL}/relationships/queue/",
    }


def digest_buttons(context: dict[str, Any]) -> list[Button]:
    url = context.get("queue_url")
    return [Button(str(_("Reach out today")), url=str(url), style="primary")] if url else []


DIGEST = message_type_register(
    MessageType(
        "relationships_digest",
        _("Relationships: weekly reach-out digest"),
        app="relationships",
        sample=_sample_digest,
        buttons=digest_buttons,
    )
)
