"""The rituals' models, one module per part (circles, settings, stand-ups, pulse, gong)."""

from hallway.rituals.models.circles import CircleKind, InCircle
from hallway.rituals.models.settings import (
    ANONYMITY_DEFAULT,
    ANONYMITY_MAX,
    ANONYMITY_MIN,
    RitualSettings,
)
from hallway.rituals.models.standups import (
    CheckIn,
    CheckInStatus,
    Digest,
    Occurrence,
    StandUp,
    StandUpMode,
)

__all__ = [
    "ANONYMITY_DEFAULT",
    "ANONYMITY_MAX",
    "ANONYMITY_MIN",
    "CheckIn",
    "CheckInStatus",
    "CircleKind",
    "Digest",
    "InCircle",
    "Occurrence",
    "RitualSettings",
    "StandUp",
    "StandUpMode",
]
