"""Times are stored in UTC and shown in the viewer's zone."""

import datetime
import zoneinfo
from collections.abc import Callable
from typing import TYPE_CHECKING

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

if TYPE_CHECKING:
    from hallway.accounts.models import Organisation


def organisation_today(organisation: "Organisation", now: datetime.datetime) -> datetime.date:
    """The calendar day `now` falls on in the organisation's zone."""
    return now.astimezone(zoneinfo.ZoneInfo(organisation.timezone)).date()


def viewer_timezone_name(request: HttpRequest) -> str:
    """The user's own zone, else their directory entry's, else their organisation's, else UTC."""
    user = request.user
    if not user.is_authenticated:
        return "UTC"
    if user.timezone:  # type: ignore[union-attr]
        return str(user.timezone)  # type: ignore[union-attr]
    organisation = request.organisation  # type: ignore[attr-defined]
    if organisation is None:
        return "UTC"
    from hallway.people.models import Person  # the directory app builds on core, not vice versa

    person = Person.objects.filter(organisation=organisation, user=user).only("timezone").first()
    return person.timezone if person else organisation.timezone


class ViewerTimezoneMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        name = viewer_timezone_name(request)
        request.viewer_timezone = name  # type: ignore[attr-defined]
        with timezone.override(zoneinfo.ZoneInfo(name)):
            return self.get_response(request)
