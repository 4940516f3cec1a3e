from typing import Any

from django.http import HttpRequest


def hallway(request: HttpRequest) -> dict[str, Any]:
    membership = getattr(request, "membership", None)
    return {
        "membership": membership,
        "organisation": getattr(request, "organisation", None),
        "all_memberships": getattr(request, "memberships", []),
        "viewer_timezone": getattr(request, "viewer_timezone", "UTC"),
    }
