from typing import Any

from django.http import HttpRequest

from hallway.core.navigation import current_section
from hallway.core.tenancy import memberships_of


def hallway(request: HttpRequest) -> dict[str, Any]:
    membership = getattr(request, "membership", None)
    return {
        "membership": membership,
        "organisation": getattr(request, "organisation", None),
        "all_memberships": memberships_of(request.user) if hasattr(request, "user") else [],
        "viewer_timezone": getattr(request, "viewer_timezone", "UTC"),
        "nav_section": current_section(getattr(request, "resolver_match", None)),
    }
