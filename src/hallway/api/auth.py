"""Bearer-token authentication: the token decides both the user and the organisation.

There is no session authentication on the API, so a browser's cookies never act on
it (and CSRF does not apply). Whatever the session chose as "current organisation"
is overwritten by the token's.
"""

from typing import cast

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.security import HttpBearer

from hallway.accounts.models import ApiToken, Membership, Organisation, Role, User
from hallway.accounts.tokens import token_authenticate
from hallway.api.errors import ApiError


class ApiRequest(HttpRequest):
    """A request that `TokenAuth` let in: the token's user, membership and organisation.

    Never instantiated; endpoints reach it through the accessors below.
    """

    user: User
    membership: Membership
    organisation: Organisation
    auth: ApiToken


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
        # The request becomes an ApiRequest here: these are the attributes it promises.
        authenticated = cast(ApiRequest, request)
        authenticated.user = membership.user
        authenticated.membership = membership
        authenticated.organisation = membership.organisation
        authenticated.auth = api_token
        require_role(request, self.minimum_role)
        return api_token


def api_request(request: HttpRequest) -> ApiRequest:
    """The request as `TokenAuth` left it (every route of the API requires a token)."""
    if not isinstance(getattr(request, "auth", None), ApiToken):
        raise RuntimeError("this API route has no token authentication")
    return cast(ApiRequest, request)


def organisation_of(request: HttpRequest) -> Organisation:
    """The token's organisation: the only one this request may read or change."""
    return api_request(request).organisation


def membership_of(request: HttpRequest) -> Membership:
    """The token's user's membership (and so role) in the token's organisation."""
    return api_request(request).membership


def user_of(request: HttpRequest) -> User:
    return api_request(request).user


def token_of(request: HttpRequest) -> ApiToken:
    return api_request(request).auth


def require_role(request: HttpRequest, minimum: str) -> None:
    """403 unless the token's user has at least `minimum` in the token's organisation."""
    membership = getattr(request, "membership", None)
    if not isinstance(membership, Membership) or not membership.has_role(minimum):
        raise ApiError(
            403,
            "forbidden",
            _("This needs the role %(role)s or higher in this organisation.")
            % {"role": Role(minimum).label},
        )
