"""The gong's message types: a celebration in a team channel (Slack, Teams, …) and the
digest of wins by email, each registered with messaging with sample data for the previews.

A celebration is written in its channel's language (the gong target's, else the
organisation's); the digest in its reader's language and zone.
"""

from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from hallway.messaging.channels.base import CHAT, EMAIL
from hallway.messaging.types import MessageType, message_type_register

GONG_CELEBRATION = "gong_celebration"
GONG_DIGEST = "gong_digest"


def _sample_celebration() -> dict[str, Any]:
    return {
        "celebration_id": 1,
        "kind": "placement",
        "title": "Lena Fischer starts at Brightside GmbH",
        "text": "Senior backend engineer, three interviews in one week.",
        "people": ["Tom Becker"],
        "team": "Recruiting",
        "posted_by": "Tom Becker",
        "details": {"candidate": "Lena Fischer", "client": "Brightside GmbH"},
        "organisation_name": "Acme",
        "wall_url": f"{settings.BASE_URL}/rituals/wins/",
    }


def _sample_digest() -> dict[str, Any]:
    return {
        "recipient_name": "Carol Meyer",
        "organisation_name": "Acme",
        "frequency": "weekly",
        "first_day": "2026-11-30",
        "last_day": "2026-12-06",
        "celebrations": [
            {**_sample_celebration(), "posted_at": "2026-12-02T10:00:00+00:00", "reactions": 4},
            {
                **_sample_celebration(),
                "kind": "deal",
                "title": "Kessler Logistik signed for a year",
                "text": "",
                "people": ["Alice Adams"],
                "details": {},
                "posted_at": "2026-12-04T15:30:00+00:00",
                "reactions": 2,
            },
        ],
        "wall_url": f"{settings.BASE_URL}/rituals/wins/",
        "settings_url": f"{settings.BASE_URL}/rituals/wins/",
    }


CELEBRATION = message_type_register(
    MessageType(
        GONG_CELEBRATION,
        _("Gong: a win in a team channel"),
        app="rituals",
        template_kinds=(CHAT,),
        sample=_sample_celebration,
    )
)
DIGEST = message_type_register(
    MessageType(
        GONG_DIGEST,
        _("Gong: the wins by email"),
        app="rituals",
        template_kinds=(EMAIL,),
        sample=_sample_digest,
    )
)
