"""Coffee's message types, registered with messaging (with sample data for the previews)."""

import datetime
from typing import Any

from django.utils.translation import gettext_lazy as _

from hallway.messaging.channels.base import Button, context_buttons
from hallway.messaging.types import MessageType, message_type_register

SAMPLE_LINK = "https://hallway.example.com/m/en/coffee_feedback/sample/"


def _partner(name: str, team: str, location: str, zone: str, topics: list[str]) -> dict[str, Any]:
    return {
        "name": name,
        "team": team,
        "location": location,
        "timezone": zone,
        "ask_me_about": topics,
    }


def _sample_intro() -> dict[str, Any]:
    start = (datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=3)).replace(
        hour=13, minute=0, second=0, microsecond=0
    )
    carol = _partner("Carol Meyer", "Platform", "Berlin", "Europe/Berlin", ["climbing", "jazz"])
    bruno = _partner("Bruno Souza", "Sales", "São Paulo", "America/Sao_Paulo", ["sourdough"])
    return {
        "recipient_name": "Carol Meyer",
        "program_name": "Coffee across Acme",
        "due_on": (start + datetime.timedelta(days=10)).date().isoformat(),
        "starter_key": "personal:0",
        "video_url": "https://meet.jit.si/Hallway-sample",
        "partners": [bruno],
        "members": [carol, bruno],
        "feedback_urls": {"met": SAMPLE_LINK, "not_yet": SAMPLE_LINK, "missed": SAMPLE_LINK},
        "personal_url": "https://hallway.example.com/coffee/me/en/sample/",
        "buttons": [],
        "calendar": {
            "uid": "sample-coffee@hallway",
            "sequence": 0,
            "method": "REQUEST",
            "start": start.isoformat(),
            "end": (start + datetime.timedelta(minutes=30)).isoformat(),
            "video_url": "https://meet.jit.si/Hallway-sample",
            "organizer": {"name": "Hallway", "email": "hallway@localhost"},
            "attendees": [
                {"name": "Carol Meyer", "email": "carol@example.com"},
                {"name": "Bruno Souza", "email": "bruno@example.com"},
            ],
        },
    }


def _sample_left_out() -> dict[str, Any]:
    return {
        "recipient_name": "Carol Meyer",
        "program_name": "Coffee across Acme",
        "reason": "odd_one_out",
        "next_round_on": (datetime.date.today() + datetime.timedelta(days=14)).isoformat(),
        "personal_url": "https://hallway.example.com/coffee/me/en/sample/",
    }


def _sample_paused() -> dict[str, Any]:
    return {
        "recipient_name": "Carol Meyer",
        "program_name": "Coffee across Acme",
        "unanswered": 3,
        "personal_url": "https://hallway.example.com/coffee/me/en/sample/",
    }


def feedback_buttons(context: dict[str, Any]) -> list[Button]:
    """ "We met" / "Not yet" / "We couldn't make it" under a chat intro or reminder: one
    person's own signed links, or a group message's shared ones (Slack answers those in
    place for whoever clicked)."""
    from hallway.coffee.models import Outcome

    urls = context.get("feedback_urls")
    if isinstance(urls, dict):
        buttons = [
            Button(str(outcome.label), url=str(urls[outcome.value]), style=_style(outcome.value))
            for outcome in Outcome
            if urls.get(outcome.value)
        ]
        if context.get("personal_url"):
            buttons.append(Button(str(_("My coffee dates")), url=str(context["personal_url"])))
        return buttons
    return context_buttons(context)


def _style(outcome: str) -> str:
    return "primary" if outcome == "met" else ""


INTRO = message_type_register(
    MessageType(
        "coffee_intro",
        _("Coffee date: intro"),
        app="coffee",
        sample=_sample_intro,
        buttons=feedback_buttons,
    )
)
REMINDER = message_type_register(
    MessageType(
        "coffee_reminder",
        _("Coffee date: reminder"),
        app="coffee",
        sample=_sample_intro,
        buttons=feedback_buttons,
    )
)
LEFT_OUT = message_type_register(
    MessageType(
        "coffee_left_out",
        _("Coffee date: not paired this round"),
        app="coffee",
        sample=_sample_left_out,
    )
)
PAUSED = message_type_register(
    MessageType(
        "coffee_paused",
        _("Coffee date: paused automatically"),
        app="coffee",
        sample=_sample_paused,
    )
)
