"""The message types of a project's recurring meetings (registered from `apps.ready`): the
series' invitation, and the short agenda of each meeting sent the day before."""

import datetime
from typing import Any

from django.utils.translation import gettext_lazy as _

from hallway.messaging.channels.base import EMAIL
from hallway.messaging.types import MessageType, message_type_register

SERIES = "projects_series"
AGENDA = "projects_series_agenda"


def _sample_series() -> dict[str, Any]:
    start = datetime.datetime(2026, 11, 5, 15, 0, tzinfo=datetime.UTC)
    return {
        "recipient_name": "Jonas Weber",
        "series_name": "Weekly with Lakeshore",
        "kind": "weekly",
        "project_name": "US shop rollout",
        "goal": "Launch the US shop by 1 March with the same checkout as in Europe.",
        "organisation_name": "Acme",
        "cadence": "Weekly on Thursday",
        "minutes": 45,
        "series_zone": "Europe/Berlin",
        "meeting_language": "English",
        "opener": "What's the view from your window today?",
        "agenda": ["Checkout: open questions", "Launch plan, next steps"],
        "skipped": [
            {"on": "2026-11-26", "why": "Thanksgiving Day (US-NY)"},
            {"on": "2026-12-24", "why": "Christmas Eve (Acme)"},
        ],
        "ended_on": "",
        "with_checkins": True,
        "calendar": {
            "uid": "sample-series@hallway",
            "sequence": 0,
            "method": "REQUEST",
            "start": start.isoformat(),
            "end": (start + datetime.timedelta(minutes=45)).isoformat(),
            "rrule": "FREQ=WEEKLY;BYDAY=TH",
            "timezone": "Europe/Berlin",
            "exdates": ["2026-11-26T16:00", "2026-12-24T16:00"],
            "video_url": "https://meet.jit.si/Hallway-sample",
            "organizer": {"name": "Hallway", "email": "hallway@localhost"},
            "attendees": [
                {"name": "Jonas Weber", "email": "jonas@example.com"},
                {"name": "Megan Brooks", "email": "megan@client.example"},
            ],
        },
    }


message_type_register(
    MessageType(
        SERIES,
        _("Client project: a recurring meeting"),
        app="projects",
        template_kinds=(EMAIL,),
        sample=_sample_series,
    )
)


def _sample_agenda() -> dict[str, Any]:
    start = datetime.datetime(2026, 11, 5, 15, 0, tzinfo=datetime.UTC)
    return {
        "recipient_name": "Megan Brooks",
        "series_name": "Weekly with Lakeshore",
        "project_name": "US shop rollout",
        "organisation_name": "Acme",
        "starts_at": start.isoformat(),
        "ends_at": (start + datetime.timedelta(minutes=45)).isoformat(),
        "minutes": 45,
        "meeting_language": "English",
        "video_url": "https://meet.jit.si/Hallway-sample",
        "opener": "What's the view from your window today?",
        "agenda": ["Checkout: open questions", "Launch plan, next steps"],
    }


message_type_register(
    MessageType(
        AGENDA,
        _("Client project: the agenda of the next meeting"),
        app="projects",
        sample=_sample_agenda,
    )
)
