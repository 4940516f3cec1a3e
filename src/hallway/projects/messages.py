"""Projects' message types, registered with messaging (with sample data for the previews)."""

import datetime
from typing import Any

from django.utils.translation import gettext_lazy as _

from hallway.messaging.channels.base import EMAIL
from hallway.messaging.types import MessageType, message_type_register

ONE_ON_ONE = "projects_one_on_one"
ONE_ON_ONE_CANCELLED = "projects_one_on_one_cancelled"
ONE_ON_ONE_FOLLOWUP = "projects_one_on_one_followup"


def _sample_calendar(method: str = "REQUEST", sequence: int = 0) -> dict[str, Any]:
    start = (datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=3)).replace(
        hour=15, minute=0, second=0, microsecond=0
    )
    return {
        "uid": "sample-1on1@hallway",
        "sequence": sequence,
        "method": method,
        "start": start.isoformat(),
        "end": (start + datetime.timedelta(minutes=30)).isoformat(),
        "video_url": "https://meet.jit.si/Hallway-sample",
        "organizer": {"name": "Hallway", "email": "hallway@localhost"},
        "attendees": [
            {"name": "Jonas Weber", "email": "jonas@example.com"},
            {"name": "Megan Brooks", "email": "megan@client.example"},
        ],
    }


def _sample_one_on_one() -> dict[str, Any]:
    return {
        "recipient_name": "Jonas Weber",
        "other_name": "Megan Brooks",
        "other_role": "Head of E-commerce",
        "other_company": "Lakeshore Outfitters",
        "other_zone": "America/New_York",
        "other_ask_me_about": "Sailing on Lake Michigan",
        "project_name": "US shop rollout",
        "goal": "Launch the US shop by 1 March with the same checkout as in Europe.",
        "minutes": 30,
        "organisation_name": "Acme",
        "answers": {
            "met": "https://hallway.example/l/en/projects_one_on_one/sample-met/",
            "not_yet": "https://hallway.example/l/en/projects_one_on_one/sample-not-yet/",
            "declined": "https://hallway.example/l/en/projects_one_on_one/sample-declined/",
        },
        "calendar": _sample_calendar(),
    }


def _sample_cancelled() -> dict[str, Any]:
    return {
        "recipient_name": "Jonas Weber",
        "other_name": "Megan Brooks",
        "project_name": "US shop rollout",
        "organisation_name": "Acme",
        "calendar": _sample_calendar("CANCEL", 1),
    }


message_type_register(
    MessageType(
        ONE_ON_ONE,
        _("Client project: a 1:1 across the table"),
        app="projects",
        template_kinds=(EMAIL,),
        sample=_sample_one_on_one,
    )
)
message_type_register(
    MessageType(
        ONE_ON_ONE_CANCELLED,
        _("Client project: a 1:1 cancelled"),
        app="projects",
        template_kinds=(EMAIL,),
        sample=_sample_cancelled,
    )
)


def _sample_followup() -> dict[str, Any]:
    sample = _sample_one_on_one()
    start = datetime.datetime(2026, 11, 3, 15, 0, tzinfo=datetime.UTC)
    return {
        "recipient_name": "Jonas Weber",
        "other_name": "Megan Brooks",
        "project_name": "US shop rollout",
        "organisation_name": "Acme",
        "started_at": start.isoformat(),
        "answers": sample["answers"],
    }


message_type_register(
    MessageType(
        ONE_ON_ONE_FOLLOWUP,
        _("Client project: did the 1:1 take place?"),
        app="projects",
        template_kinds=(EMAIL,),
        sample=_sample_followup,
    )
)
