"""The tabs across the rituals' pages; each part adds its own page here."""

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hallway.accounts.http import HallwayRequest
from hallway.accounts.models import Role

# (url name, label, minimum role); the first is where "Rituals" in the header leads.
TABS: list[tuple[str, Any, str]] = [
    ("rituals:standups", _("Stand-ups"), Role.MEMBER),
    ("rituals:pulses", _("Pulse"), Role.MEMBER),
    ("rituals:wins", _("Wall of wins"), Role.MEMBER),
    ("rituals:gong_admin", _("Gong setup"), Role.ADMIN),
]


def ritual_tabs(request: HallwayRequest, current: str) -> list[dict[str, Any]]:
    membership = request.membership
    return [
        {"url": reverse(name), "label": label, "current": name == current}
        for name, label, minimum in TABS
        if membership is not None and membership.has_role(minimum)
    ]
