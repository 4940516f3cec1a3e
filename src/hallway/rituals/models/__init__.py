"""The rituals' models, one module per part (circles, settings, stand-ups, pulse, gong)."""

from hallway.rituals.models.circles import CircleKind, InCircle
from hallway.rituals.models.gong import (
    Celebration,
    CelebrationKind,
    CelebrationReaction,
    CelebrationSource,
    DeliveryResult,
    DigestFrequency,
    GongTarget,
    GongWebhook,
    Kudos,
    SlackReaction,
    WebhookDelivery,
    WinsDigest,
)
from hallway.rituals.models.pulse import (
    Cadence,
    Pulse,
    PulseComment,
    PulseInvite,
    PulseQuestion,
    PulseResponse,
    PulseRound,
    QuestionKind,
    Weekday,
)
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
    "Cadence",
    "Celebration",
    "CelebrationKind",
    "CelebrationReaction",
    "CelebrationSource",
    "CircleKind",
    "DeliveryResult",
    "DigestFrequency",
    "GongTarget",
    "GongWebhook",
    "InCircle",
    "Kudos",
    "Pulse",
    "PulseComment",
    "PulseInvite",
    "PulseQuestion",
    "PulseResponse",
    "PulseRound",
    "QuestionKind",
    "RitualSettings",
    "SlackReaction",
    "WebhookDelivery",
    "Weekday",
    "WinsDigest",
]
