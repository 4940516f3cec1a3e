"""Texts of stand-up pages and messages in the active language: the questions (custom ones
as typed, default ones translated), the question of the day, why someone is away."""

from typing import Any

from django import template
from django.utils.translation import gettext as _

from hallway.coffee.interface import starter_text

register = template.Library()


def default_question(which: str, cadence: str = "daily") -> str:
    if which == "yesterday":
        if cadence == "daily":
            return _("What did you do yesterday?")
        return _("What did you do since the last stand-up?")
    if which == "today":
        if cadence == "daily":
            return _("What will you do today?")
        return _("What will you do next?")
    if which == "blockers":
        return _("Anything blocking you?")
    if which == "mood":
        return _("How are you, really? (1 to 5)")
    return ""


@register.simple_tag
def standup_question(questions: Any, which: str, cadence: str = "daily") -> str:
    custom = questions.get(which, "") if isinstance(questions, dict) else ""
    return str(custom).strip() or default_question(which, cadence)


@register.simple_tag
def standup_starter(key: str) -> str:
    return starter_text(key or "")


def away_label(reason: str) -> str:
    labels = {
        "out_of_office": _("out of office"),
        "paused": _("paused"),
        "holiday": _("holiday"),
        "local_holiday": _("public holiday"),
        "day_off": _("day off"),
    }
    return labels.get(reason, _("away"))


@register.filter
def away_reason(reason: str) -> str:
    return away_label(reason)
