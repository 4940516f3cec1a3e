"""The tabs across outreach's pages; each part adds its own page here."""

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hallway.accounts.http import HallwayRequest
from hallway.accounts.models import Role

# (url name, label, minimum role); the first is outreach's front door.
TABS: list[tuple[str, Any, str]] = [
    ("outreach:home", _("Today"), Role.MEMBER),
    ("outreach:approvals", _("Approvals"), Role.MEMBER),
    ("outreach:sequences", _("Sequences"), Role.MEMBER),
    ("outreach:quiet", _("Quiet clients"), Role.MEMBER),
    ("outreach:jobs", _("Jobs"), Role.MEMBER),
    ("outreach:care", _("Contractors"), Role.MEMBER),
    ("outreach:campaigns", _("Content"), Role.MEMBER),
    ("outreach:segments", _("Segments"), Role.MEMBER),
    ("outreach:messages", _("Messages"), Role.MEMBER),
    ("outreach:signature", _("Your signature"), Role.MEMBER),
    ("outreach:event_import", _("Import"), Role.ORGANISER),
]


def outreach_tabs(request: HallwayRequest, current: str) -> list[dict[str, Any]]:
    membership = request.membership
    return [
        {"url": reverse(name), "label": label, "current": name == current}
        for name, label, minimum in TABS
        if membership is not None and membership.has_role(minimum)
    ]
