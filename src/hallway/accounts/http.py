"""The request every signed-in page gets: who, in which organisation, in which zone.

`OrganisationMiddleware` (accounts.tenancy) sets `memberships`, `membership` and
`organisation`; `ViewerTimezoneMiddleware` (people.viewer) sets `viewer_timezone`;
django-htmx's middleware sets `htmx`. Views annotate their request with one of these
classes so the attributes are typed, not looked up blindly. They are never instantiated:
Django hands every view its own request object, which carries these attributes.
"""

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from django_htmx.middleware import HtmxDetails

    from hallway.accounts.models import Membership, Organisation, User


class HallwayRequest(HttpRequest):
    """Any request that went through the middleware, signed in or not."""

    memberships: "list[Membership]"
    membership: "Membership | None"
    organisation: "Organisation | None"
    viewer_timezone: str
    htmx: "HtmxDetails"


class SignedInRequest(HallwayRequest):
    """A request that passed `@login_required`: a user, perhaps of no organisation yet."""

    user: "User"


class MemberRequest(SignedInRequest):
    """A request that passed `@role_required`: signed in, a member of the organisation."""

    membership: "Membership"
    organisation: "Organisation"
