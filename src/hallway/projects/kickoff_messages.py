"""The kickoff's message types: the kickoff invitation (with the card and the agenda), and
the welcome of someone who joins the project later. Registered from `apps.py`."""

import datetime
from typing import Any

from django.utils.translation import gettext_lazy as _

from hallway.messaging.channels.base import EMAIL
from hallway.messaging.types import MessageType, message_type_register

KICKOFF = "projects_kickoff"
WELCOME = "projects_welcome"


def _sample_people() -> list[dict[str, Any]]:
    return [
        {
            "name": "Jonas Weber",
            "side": "Acme",
            "role": "Project lead",
            "key": True,
            "zone": "Europe/Berlin",
            "ask_me_about": "Bouldering",
        },
        {
            "name": "Megan Brooks",
            "side": "Lakeshore Outfitters",
            "role": "Head of E-commerce",
            "key": True,
            "zone": "America/New_York",
            "ask_me_about": "Sailing on Lake Michigan",
        },
    ]


def _sample_start() -> datetime.datetime:
    return (datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=5)).replace(
        hour=15, minute=0, second=0, microsecond=0
    )


def _sample_kickoff() -> dict[str, Any]:
    start = _sample_start()
    return {
        "recipient_name": "Megan Brooks",
        "project_name": "US shop rollout",
        "client_name": "Lakeshore Outfitters",
        "goal": "Launch the US shop by 1 March with the same checkout as in Europe.",
        "organisation_name": "Acme",
        "minutes": 60,
        "agenda": "1. Welcome and a round of introductions\n2. The common goal",
        "people": _sample_people(),
        "card_url": "https://hallway.example/projects/card/sample/",
        "about_url": "https://hallway.example/projects/about/en/sample/",
        "rescheduled": False,
        "calendar": {
            "uid": "project-1-kickoff@hallway",
            "sequence": 0,
            "method": "REQUEST",
            "start": start.isoformat(),
            "end": (start + datetime.timedelta(minutes=60)).isoformat(),
            "video_url": "https://meet.jit.si/Hallway-sample",
            "organizer": {"name": "Hallway", "email": "hallway@localhost"},
            "attendees": [
                {"name": "Jonas Weber", "email": "jonas@example.com"},
                {"name": "Megan Brooks", "email": "megan@client.example"},
            ],
        },
    }


def _sample_welcome() -> dict[str, Any]:
    return {
        "recipient_name": "Tyler Reed",
        "project_name": "US shop rollout",
        "client_name": "Lakeshore Outfitters",
        "goal": "Launch the US shop by 1 March with the same checkout as in Europe.",
        "organisation_name": "Acme",
        "people": _sample_people(),
        "card_url": "https://hallway.example/projects/card/sample/",
        "about_url": "https://hallway.example/projects/about/en/sample/",
        "kickoff_at": _sample_start().isoformat(),
    }


message_type_register(
    MessageType(
        KICKOFF,
        _("Client project: the kickoff invitation"),
        app="projects",
        template_kinds=(EMAIL,),
        sample=_sample_kickoff,
        private=("about_url",),
    )
)
message_type_register(
    MessageType(
        WELCOME,
        _("Client project: welcome to the project"),
        app="projects",
        template_kinds=(EMAIL,),
        sample=_sample_welcome,
        private=("about_url",),
    )
)
