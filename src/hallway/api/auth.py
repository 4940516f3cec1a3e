"""Bearer-token authentication: the token decides both the user and the organisation.

There is no session authentication on the API, so a browser's cookies never act on
it (and CSRF does not apply). Whatever the session chose as "current organisation"
is overwritten by the token's.
"""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.security import HttpBearer

from hallway.accounts.models import ApiToken, Membership, Organisation, Role
from hallway.accounts.tokens import token_authenticate
from hallway.api.errors import ApiError


class TokenAuth(HttpBearer):
    """A valid token, and (checked before the body is even parsed) at least `minimum_role`."""

    openapi_description = (
        "An API token for one user in one organisation, created with "
        "`hallway token create --org SLUG --user EMAIL`."
    )

    def __init__(self, minimum_role: str = Role.MEMBER) -> None:
        self.minimum_role = minimum_role
        super().__init__()

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        api_token = token_authenticate(token.strip())
        if api_token is None:
            return None
        membership = (
            Membership.objects.select_related("organisation", "user")
            .filter(organisation=api_token.organisation, user=api_token.user)
            .first()
        )
        if membership is None:  # removed between the two queries
            return None
        request.user = membership.user
        request.membership = membership  # type: ignore[attr-defined]
        request.organisation = membership.organisation  # type: ignore[attr-defined]
        request.auth = api_token  # type: ignore[attr-defined]
        require_role(request, self.minimum_role)
        return api_token


def organisation_of(request: HttpRequest) -> Organisation:
    return request.organisation  # type: ignore[attr-defined,no-any-return]


def require_role(request: HttpRequest, minimum: str) -> None:
    """403 unless the token's user has at least `minimum` in the token's organisation."""
    membership: Membership | Any = getattr(request, "membership", None)
    if membership is None or not membership.has_role(minimum):
        raise ApiError(
            403,
            "forbidden",
            _("This needs the role %(role)s or higher in this organisation.")
            % {"role": Role(minimum).label},
        )
