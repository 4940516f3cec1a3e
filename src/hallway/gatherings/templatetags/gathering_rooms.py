"""Template helpers for breakout rooms: a room's prompt in the active language."""

from django import template

from hallway.gatherings.models import BreakoutRoom
from hallway.gatherings.prompts import prompt_text

register = template.Library()


@register.filter
def room_prompt(room: BreakoutRoom) -> str:
    return prompt_text(room.prompt, room.gathering) if room.prompt else ""
