"""The request every signed-in page gets: who, in which organisation, in which zone.

`OrganisationMiddleware` (accounts.tenancy) sets `memberships`, `membership` and
`organisation`; `ViewerTimezoneMiddleware` (people.viewer) sets `viewer_timezone`. Views
annotate their request with `HallwayRequest` so these are typed, not looked up blindly.
"""

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from hallway.accounts.models import Membership, Organisation


class HallwayRequest(HttpRequest):
    memberships: "list[Membership]"
    membership: "Membership | None"
    organisation: "Organisation | None"
    viewer_timezone: str


class MemberRequest(HallwayRequest):
    """A request that passed `@role_required`: signed in, a member of the organisation."""

    membership: "Membership"
    organisation: "Organisation"
