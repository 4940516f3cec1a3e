"""The bank of conversation starters, in every language Hallway speaks.

A pairing gets one starter, picked deterministically from its program's theme, so every
message about it (the intro, the reminder, a resend) shows the same one. Messages store the
starter's key ("personal:3"), not its text: each recipient reads it in their own language.
"""

import hashlib

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from hallway.coffee.models import StarterTheme

STARTERS: dict[str, tuple[Promise, ...]] = {
    StarterTheme.PERSONAL: (
        _("How are you, really? Not the quick answer — the honest one."),
        _("What made you smile this week?"),
        _("What does a good day look like for you at the moment?"),
        _("Where did you grow up, and what do you miss about it?"),
        _("What is something you are looking forward to?"),
        _("What did you do last weekend that you would do again?"),
        _("What is on your desk (or next to it) right now? Cameras on — show and tell."),
        _("Who taught you something that stuck with you for life?"),
        _("What is a small thing that makes working from home better for you?"),
        _("What is a place you would love to show a visitor?"),
        _("What have you changed your mind about in the last few years?"),
        _("What is keeping you busy outside of work these days?"),
        _("What is a tradition from your family or your town that others might not know?"),
    ),
    StarterTheme.WORK: (
        _("What are you working on right now that you are proud of?"),
        _("What would your team like the rest of the company to know about its work?"),
        _("What was the best thing you learned this month?"),
        _("What is one tool or habit that saves you time every week?"),
        _("What did your first job teach you that you still use?"),
        _("What is the hardest part of your role that others rarely see?"),
        _("Which meeting would you cancel forever, and which one would you keep?"),
        _("Who in another team helped you recently, and how?"),
        _("What would you build or fix if you had a free week?"),
        _("How do you keep in touch with your team when everyone is remote?"),
        _("What is a piece of advice you would give to someone starting here tomorrow?"),
        _("What does your work look like on a typical Tuesday?"),
        _("What is a mistake you learned the most from?"),
    ),
    StarterTheme.PLAYFUL: (
        _(
            "Take five minutes of small talk before anything else: how is the weather where you are?"
        ),
        _("Cameras on: what is the story behind something in your background?"),
        _("What is the best thing you have eaten this week?"),
        _("If you could work from anywhere for a month, where would you go?"),
        _("What is a song you have had on repeat lately?"),
        _("What is your favourite way to waste ten minutes?"),
        _("What is a hobby you would pick up if you had the time?"),
        _("Which fictional character would be the best colleague?"),
        _("What is the most useless talent you have?"),
        _("Tea, coffee, or something else? Show each other your mug."),
        _("What was the last thing that made you laugh out loud?"),
        _("What would be your walk-on song if meetings had them?"),
        _("Which app on your phone could you not live without, and which one should you delete?"),
    ),
}
THEMES = tuple(STARTERS)


def _bank(theme: str) -> list[str]:
    """Keys of the starters of `theme`; the mixed theme (or none) draws from every theme."""
    themes = [theme] if theme in STARTERS else list(THEMES)
    return [f"{name}:{index}" for name in themes for index in range(len(STARTERS[name]))]


def starter_pick(*, pairing_id: int, theme: str, offset: int = 0) -> str:
    """The key of the starter for one pairing: the same pairing always gets the same one.
    Picks of one `pairing_id` with different `offset`s (the rooms of one breakout round)
    are different starters as long as the theme has that many."""
    keys = _bank(theme)
    digest = hashlib.sha256(f"starter:{pairing_id}".encode()).digest()
    return keys[(int.from_bytes(digest[:8], "big") + offset) % len(keys)]


def starter_text(key: str) -> str:
    """The starter `key` in the active language ("" for a key this bank does not know)."""
    theme, _sep, index = key.partition(":")
    starters = STARTERS.get(theme)
    if not starters or not index.isdigit() or int(index) >= len(starters):
        return ""
    return str(starters[int(index)])
