"""The viewer's time zone: every page shows times where the person reading it is."""

import zoneinfo
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from hallway.accounts.http import HallwayRequest
from hallway.people.models import Person


def viewer_timezone_name(request: HallwayRequest) -> str:
    """The user's own zone, else their directory entry's, else their organisation's, else UTC."""
    user = request.user
    if not user.is_authenticated:
        return "UTC"
    if user.timezone:
        return str(user.timezone)
    organisation = request.organisation
    if organisation is None:
        return "UTC"
    # By the user alone, sorted and matched here: given the organisation too, or an order by
    # name, SQLite walks the whole directory through those indexes instead of the user's.
    entries = Person.objects.filter(user=user).order_by()
    found = min(
        (
            (name, pk, zone)
            for organisation_id, name, pk, zone in entries.values_list(
                "organisation_id", "name", "id", "timezone"
            )
            if organisation_id == organisation.pk
        ),
        default=None,
    )
    return found[2] if found else organisation.timezone


class ViewerTimezoneMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HallwayRequest) -> HttpResponse:
        name = viewer_timezone_name(request)
        request.viewer_timezone = name
        with timezone.override(zoneinfo.ZoneInfo(name)):
            return self.get_response(request)
