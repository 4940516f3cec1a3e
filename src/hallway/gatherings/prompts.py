"""What each breakout room talks about, round by round: small talk first (the warm-up a
video call never has), then something personal, then the gathering's topic, then again.

A room stores the prompt's key ("playful:3", or "topic"), not its text: each guest and host
reads it in their own language, from coffee's bank of conversation starters.
"""

from django.utils.translation import gettext as _

from hallway.coffee.interface import StarterTheme, starter_pick, starter_text
from hallway.gatherings.models import Gathering

TOPIC = "topic"


def prompt_key(*, gathering: Gathering, round_number: int, room_number: int) -> str:
    """The prompt of one room: the same room always gets the same one, and the rooms of a
    round get different starters of the round's theme."""
    themes = [StarterTheme.PLAYFUL, StarterTheme.PERSONAL, TOPIC, StarterTheme.WORK]
    theme = themes[(round_number - 1) % len(themes)]
    if theme == TOPIC:
        if gathering.topic:
            return TOPIC
        theme = StarterTheme.WORK
    # One draw per gathering and round, each room the next starter of the theme: the rooms
    # of a round never share one (a hash per room could collide).
    return starter_pick(
        pairing_id=gathering.pk * 10_000 + round_number * 100, theme=theme, offset=room_number
    )


def prompt_text(key: str, gathering: Gathering) -> str:
    """The prompt in the active language ("" for none)."""
    if key == TOPIC:
        return _("Tonight's topic: %(topic)s. What is your own experience with it?") % {
            "topic": gathering.topic
        }
    return starter_text(key)
