"""The rituals' models, one module per part (circles, settings, stand-ups, pulse, gong)."""

from hallway.rituals.models.circles import CircleKind, InCircle
from hallway.rituals.models.settings import (
    ANONYMITY_DEFAULT,
    ANONYMITY_MAX,
    ANONYMITY_MIN,
    RitualSettings,
)

__all__ = [
    "ANONYMITY_DEFAULT",
    "ANONYMITY_MAX",
    "ANONYMITY_MIN",
    "CircleKind",
    "InCircle",
    "RitualSettings",
]
