"""What other capabilities may use of the rituals (see docs/architecture.md).

Outreach rings the gong for a placement it knows of, as an ATS does through the webhook;
client projects will do so for a kickoff held. Every celebration goes through the one
service, so it reaches the gong's channels in their languages and is posted once per
(source, reference).

Client projects keep async check-ins between their meetings as a stand-up of a
hand-picked circle (`circle_standup_save`) and count their open blockers
(`open_blockers_count`).

Outreach shows contractors' ratings of a client with the pulse's k (`anonymity_k`).
"""

from hallway.accounts.models import Organisation
from hallway.rituals.models import Celebration, CelebrationKind, CelebrationSource
from hallway.rituals.selectors.settings import ritual_settings_of
from hallway.rituals.services.circle_standups import circle_standup_save, open_blockers_count
from hallway.rituals.services.gong import celebration_post


def anonymity_k(organisation: Organisation) -> int:
    """The organisation's smallest group shown for anonymous answers (the pulse's k)."""
    return int(ritual_settings_of(organisation).anonymity_threshold)


__all__ = [
    "Celebration",
    "CelebrationKind",
    "CelebrationSource",
    "anonymity_k",
    "celebration_post",
    "circle_standup_save",
    "open_blockers_count",
]
