"""The pulse's message types: the ask and the one reminder, each with the person's own
signed link to the answer page (and a button for it in chat)."""

import datetime
from typing import Any

from django.utils.translation import gettext_lazy as _

from hallway.messaging.channels.base import Button
from hallway.messaging.types import MessageType, message_type_register

PULSE_ASK = "pulse_ask"
PULSE_REMINDER = "pulse_reminder"


def _sample() -> dict[str, Any]:
    closes = (datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=3)).replace(
        hour=8, minute=0, second=0, microsecond=0
    )
    return {
        "recipient_name": "Carol Meyer",
        "pulse_name": "Weekly pulse",
        "organisation_name": "Acme",
        "question_count": 3,
        "closes_at": closes.isoformat(),
        "anonymous": True,
        "k": 5,
        "answer_url": "https://hallway.example/l/en/pulse_answer/sample/",
    }


def answer_buttons(context: dict[str, Any]) -> list[Button]:
    url = context.get("answer_url")
    return [Button(str(_("Answer the pulse")), url=str(url), style="primary")] if url else []


message_type_register(
    MessageType(
        PULSE_ASK,
        _("Pulse: a few questions"),
        app="rituals",
        sample=_sample,
        buttons=answer_buttons,
    )
)
message_type_register(
    MessageType(
        PULSE_REMINDER,
        _("Pulse: reminder"),
        app="rituals",
        sample=_sample,
        buttons=answer_buttons,
    )
)
