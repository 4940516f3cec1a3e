"""Gatherings' message types, registered with messaging (with sample data for the previews).

Every message goes to one guest in their language and zone; the invitation and its updates
carry the calendar event (an iMIP REQUEST, with an alarm) and the yes / no / maybe links.
Reminders (24 hours and one hour before) carry no calendar event: the guest has it already,
and sending it again would only make calendar clients ask once more.
"""

import datetime
from typing import Any

from django.utils.translation import gettext_lazy as _

from hallway.messaging.channels.base import EMAIL
from hallway.messaging.types import MessageType, message_type_register

GATHERING_INVITATION = "gatherings_invitation"
GATHERING_WAITLISTED = "gatherings_waitlisted"
GATHERING_CANCELLED = "gatherings_cancelled"
GATHERING_REMINDER = "gatherings_reminder"
GATHERING_WHO_YOU_MET = "gatherings_who_you_met"


def _sample_start() -> datetime.datetime:
    return (datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=9)).replace(
        hour=16, minute=0, second=0, microsecond=0
    )


def _sample_base() -> dict[str, Any]:
    return {
        "recipient_name": "Bruna Costa",
        "title": "After the cancelled DMEXCO: drinks on remote hiring",
        "kind": "cocktail",
        "topic": "How we hire when nobody meets in person",
        "text": (
            "I had hoped to meet you at DMEXCO. Since that isn't possible this year, how "
            "about a virtual drink with a few people I would have liked you to meet?"
        ),
        "hosts": ["Alice Adams"],
        "organisation_name": "Acme",
        "senior": False,
        "joins_after": None,
        "leaves_after": None,
        "minutes": 60,
    }


def _sample_calendar(method: str = "REQUEST") -> dict[str, Any]:
    start = _sample_start()
    return {
        "uid": "sample-gathering@hallway",
        "sequence": 0,
        "method": method,
        "start": start.isoformat(),
        "end": (start + datetime.timedelta(minutes=60)).isoformat(),
        "video_url": "https://meet.jit.si/Hallway-sample",
        "organizer": {"name": "Hallway", "email": "hallway@localhost"},
        "attendees": [{"name": "Bruna Costa", "email": "bruna@client.example"}],
    }


def _sample_invitation() -> dict[str, Any]:
    links = {
        f"{answer}_url": f"https://hallway.example/l/en/gathering_rsvp/sample-{answer}/"
        for answer in ("yes", "no", "maybe")
    }
    return {
        **_sample_base(),
        **links,
        "update": False,
        "promoted": False,
        "calendar": _sample_calendar(),
    }


def _sample_waitlisted() -> dict[str, Any]:
    return {
        **_sample_base(),
        "position": 2,
        "starts_at": _sample_start().isoformat(),
        "no_url": "https://hallway.example/l/en/gathering_rsvp/sample-no/",
    }


def _sample_cancelled() -> dict[str, Any]:
    return {**_sample_base(), "calendar": _sample_calendar("CANCEL")}


def _sample_reminder() -> dict[str, Any]:
    start = _sample_start()
    return {
        **_sample_base(),
        "lead": "24h",
        "status": "maybe",
        "host": False,
        "starts_at": start.isoformat(),
        "ends_at": (start + datetime.timedelta(minutes=60)).isoformat(),
        "video_url": "https://meet.jit.si/Hallway-sample",
        "yes_url": "https://hallway.example/l/en/gathering_rsvp/sample-yes/",
        "no_url": "https://hallway.example/l/en/gathering_rsvp/sample-no/",
    }


message_type_register(
    MessageType(
        GATHERING_INVITATION,
        _("Gathering: invitation"),
        app="gatherings",
        template_kinds=(EMAIL,),
        sample=_sample_invitation,
    )
)
message_type_register(
    MessageType(
        GATHERING_WAITLISTED,
        _("Gathering: on the waitlist"),
        app="gatherings",
        template_kinds=(EMAIL,),
        sample=_sample_waitlisted,
    )
)
message_type_register(
    MessageType(
        GATHERING_CANCELLED,
        _("Gathering: cancelled"),
        app="gatherings",
        template_kinds=(EMAIL,),
        sample=_sample_cancelled,
    )
)
message_type_register(
    MessageType(
        GATHERING_REMINDER,
        _("Gathering: reminder"),
        app="gatherings",
        template_kinds=(EMAIL,),
        sample=_sample_reminder,
        # The hour before a party at 19:00 is after work: the guest said they would come.
        working_hours=False,
    )
)


def _sample_who_you_met() -> dict[str, Any]:
    base = "https://hallway.example/l/en/gathering_afterwards/"
    return {
        **_sample_base(),
        "starts_at": (_sample_start() - datetime.timedelta(days=10)).isoformat(),
        "people": [
            {
                "name": "Dana Dietrich",
                "company": "Client Corp",
                "topics": "Hiring across time zones",
                "meet_url": f"{base}sample-meet-1/",
            },
            {"name": "Emil", "company": "", "topics": "", "meet_url": f"{base}sample-meet-2/"},
        ],
        "ratings": [{"score": s, "url": f"{base}sample-rate-{s}/"} for s in range(1, 6)],
    }


message_type_register(
    MessageType(
        GATHERING_WHO_YOU_MET,
        _("Gathering: who you met"),
        app="gatherings",
        template_kinds=(EMAIL,),
        sample=_sample_who_you_met,
    )
)
