"""What other capabilities may use of the rituals (see docs/architecture.md).

Outreach rings the gong for a placement it knows of, as an ATS does through the webhook;
client projects will do so for a kickoff held. Every celebration goes through the one
service, so it reaches the gong's channels in their languages and is posted once per
(source, reference).
"""

from hallway.rituals.models import Celebration, CelebrationKind, CelebrationSource
from hallway.rituals.services.gong import celebration_post

__all__ = ["Celebration", "CelebrationKind", "CelebrationSource", "celebration_post"]
