"""The stand-ups' message types, registered with messaging (with sample data for previews).

- the question (`rituals_standup_ask`) and one reminder (`rituals_standup_reminder`): to
  each person in their language and zone, with their own answer link (a button in chat);
- the digest (`rituals_standup_digest`): answers, blockers first, who is away (with the
  reason) apart from who did not answer, and the team's mood only as an average of three or
  more; to the team's chat channel in the organisation's language, or by email to each
  person of the zone group in theirs;
- the video stand-up's recurring invitation (`rituals_standup_video`, email with an iMIP
  series).

Contexts hold values, not texts: custom questions as typed, default ones as empty strings
(rendered in the reader's language), the question of the day as coffee's starter key.
"""

import datetime
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hallway.messaging.channels.base import EMAIL, Button, context_buttons
from hallway.messaging.types import MessageType, message_type_register

STANDUP_ASK = "rituals_standup_ask"
STANDUP_REMINDER = "rituals_standup_reminder"
STANDUP_DIGEST = "rituals_standup_digest"
STANDUP_VIDEO = "rituals_standup_video"


def _today() -> datetime.date:
    return datetime.date.today()


def _sample_ask() -> dict[str, Any]:
    closes = datetime.datetime.now(datetime.UTC).replace(hour=11, minute=0, second=0)
    return {
        "recipient_name": "Bruna Costa",
        "standup_name": "Platform daily",
        "on": _today().isoformat(),
        "cadence": "daily",
        "questions": {"yesterday": "", "today": "", "blockers": ""},
        "ask_mood": True,
        "starter_key": "personal:1",
        "answer_url": "https://hallway.example/l/en/standup_answer/sample/",
        "closes_at": closes.isoformat(),
    }


def _sample_digest() -> dict[str, Any]:
    return {
        "standup_name": "Platform daily",
        "on": _today().isoformat(),
        "cadence": "daily",
        "questions": {"yesterday": "", "today": "", "blockers": ""},
        "group": 1,
        "groups": 2,
        "zones": ["Europe/Berlin", "Europe/Amsterdam"],
        "answers": [
            {
                "id": 1,
                "name": "Carol Meyer",
                "yesterday": "Reviewed the billing migration.",
                "today": "Pairing with Dirk on the import.",
                "blockers": "Waiting for staging credentials from IT.",
                "blocked": True,
                "resolved": False,
                "small_talk": "Pasta, always.",
            },
            {
                "id": 2,
                "name": "Dirk de Vries",
                "yesterday": "Import dry-run.",
                "today": "Fix the two failing rows.",
                "blockers": "",
                "blocked": False,
                "resolved": False,
                "small_talk": "",
            },
        ],
        "away": [{"name": "Emil Weber", "reason": "local_holiday", "detail": "Fronleichnam"}],
        "missing": ["Frank Olsen"],
        "mood_average": "",
        "starter_key": "personal:1",
        "page_url": "https://hallway.example/rituals/standups/1/",
    }


def _sample_video() -> dict[str, Any]:
    start = (datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=2)).replace(
        hour=13, minute=0, second=0, microsecond=0
    )
    return {
        "recipient_name": "Bruna Costa",
        "standup_name": "Platform weekly",
        "cadence": "weekly",
        "outside": [{"name": "Bruna Costa", "local": "08:00", "minutes": 60}],
        "calendar": {
            "uid": "sample-standup@hallway",
            "sequence": 0,
            "method": "REQUEST",
            "start": start.isoformat(),
            "end": (start + datetime.timedelta(minutes=15)).isoformat(),
            "rrule": "FREQ=WEEKLY;BYDAY=TU",
            "timezone": "Europe/Berlin",
            "video_url": "https://meet.jit.si/Hallway-sample",
            "organizer": {"name": "Hallway", "email": "hallway@localhost"},
            "attendees": [{"name": "Bruna Costa", "email": "bruna@example.com"}],
        },
    }


def answer_buttons(context: dict[str, Any]) -> list[Button]:
    """ "Answer" under a chat question or reminder: the person's own signed link (Slack and
    Teams open the one-page form)."""
    url = context.get("answer_url")
    if url:
        return [Button(str(_("Answer the stand-up")), url=str(url), style="primary")]
    return context_buttons(context)


def digest_buttons(context: dict[str, Any]) -> list[Button]:
    url = context.get("page_url")
    if url:
        return [Button(str(_("Open the stand-up")), url=str(url))]
    return context_buttons(context)


message_type_register(
    MessageType(
        STANDUP_ASK,
        gettext_lazy("Stand-up: the questions"),
        app="rituals",
        sample=_sample_ask,
        buttons=answer_buttons,
    )
)
message_type_register(
    MessageType(
        STANDUP_REMINDER,
        gettext_lazy("Stand-up: reminder"),
        app="rituals",
        sample=_sample_ask,
        buttons=answer_buttons,
    )
)
message_type_register(
    MessageType(
        STANDUP_DIGEST,
        gettext_lazy("Stand-up: digest"),
        app="rituals",
        sample=_sample_digest,
        buttons=digest_buttons,
        # The team's channel reads it whenever it likes; by email it comes at the cut-off.
        working_hours=False,
    )
)
message_type_register(
    MessageType(
        STANDUP_VIDEO,
        gettext_lazy("Stand-up: video call series"),
        app="rituals",
        template_kinds=(EMAIL,),
        sample=_sample_video,
    )
)
