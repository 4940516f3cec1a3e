"""Organisation scoping: the one place that decides what a request may see.

Every query for organisation-owned objects goes through `scoped()` or
`get_scoped_or_404()`; an object of another organisation is a 404, never a leak.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any, Concatenate, ParamSpec, TypeGuard, TypeVar

from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse

from hallway.accounts.http import HallwayRequest, MemberRequest
from hallway.accounts.models import Membership, Organisation, Role, User

SESSION_KEY = "hallway_organisation_id"
# Set when the session was signed in through an organisation's OpenID provider:
# {"organisation": id, "provider_mfa": bool}. Such a session reaches that organisation only,
# so no organisation's provider can open another organisation's data.
SSO_SESSION_KEY = "hallway_sso"
M = TypeVar("M", bound=models.Model)
P = ParamSpec("P")


def scoped(
    model_or_queryset: type[M] | models.QuerySet[M], organisation: Organisation | None
) -> models.QuerySet[M]:
    """The objects of `organisation` only (none at all without one)."""
    queryset: models.QuerySet[M] = (
        model_or_queryset._default_manager.all()
        if isinstance(model_or_queryset, type)
        else model_or_queryset
    )
    if organisation is None:
        return queryset.none()
    return queryset.filter(organisation=organisation)


def get_scoped_or_404(
    model_or_queryset: type[M] | models.QuerySet[M],
    organisation: Organisation | None,
    **lookup: Any,
) -> M:
    try:
        found = scoped(model_or_queryset, organisation).get(**lookup)
    except (models.ObjectDoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
    # Read for `organisation`, so its `.organisation` is that one: no second read of it.
    field = found._meta.get_field("organisation")
    if isinstance(field, models.ForeignKey):
        field.set_cached_value(found, organisation)
    return found


def memberships_of(user: User | AnonymousUser) -> list[Membership]:
    if not user.is_authenticated:
        return []
    return list(user.memberships.select_related("organisation").order_by("organisation__name"))


def session_memberships(request: HttpRequest) -> list[Membership]:
    """The memberships this session may use: all of the user's, or after single sign-on
    only the one in the organisation whose provider signed them in."""
    return [m for m in memberships_of(request.user) if session_reaches(request, m.organisation_id)]


def session_reaches(request: HttpRequest, organisation_id: int) -> bool:
    """May this session use a membership in `organisation_id` (see `SSO_SESSION_KEY`)?"""
    through = request.session.get(SSO_SESSION_KEY)
    return not isinstance(through, dict) or through.get("organisation") == organisation_id


def current_membership(request: HttpRequest, memberships: list[Membership]) -> Membership | None:
    """The membership chosen in this session, else the first (by organisation name)."""
    chosen = request.session.get(SESSION_KEY)
    for membership in memberships:
        if membership.organisation_id == chosen:
            return membership
    return memberships[0] if memberships else None


def switch_organisation(request: HttpRequest, organisation_id: int) -> Membership:
    """Make `organisation_id` current for this session; 404 unless the user belongs to it."""
    for membership in session_memberships(request):
        if membership.organisation_id == organisation_id:
            request.session[SESSION_KEY] = organisation_id
            return membership
    raise Http404


class OrganisationMiddleware:
    """Sets `request.memberships` (all of the user's), `request.membership` and
    `request.organisation` (the current one; None when signed out)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HallwayRequest) -> HttpResponse:
        memberships = session_memberships(request)
        membership = current_membership(request, memberships)
        request.memberships = memberships
        request.membership = membership
        request.organisation = membership.organisation if membership else None
        return self.get_response(request)


def has_role(request: HallwayRequest, minimum: str) -> TypeGuard[MemberRequest]:
    """Signed in, a member of the current organisation, with at least `minimum`."""
    membership = request.membership
    return request.user.is_authenticated and membership is not None and membership.has_role(minimum)


def role_required(
    minimum: str = Role.MEMBER,
) -> Callable[
    [Callable[Concatenate[MemberRequest, P], HttpResponse]],
    Callable[Concatenate[HallwayRequest, P], HttpResponse],
]:
    """View decorator: signed in, a member of the current organisation, with at least `minimum`.

    A signed-in user without the role gets 404, as if the page did not exist for them. The
    view receives a `MemberRequest`: its membership and organisation are set.
    """

    def decorator(
        view: Callable[Concatenate[MemberRequest, P], HttpResponse],
    ) -> Callable[Concatenate[HallwayRequest, P], HttpResponse]:
        @wraps(view)
        def wrapper(request: HallwayRequest, /, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not has_role(request, minimum):
                raise Http404
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def role_at_least(minimum: str) -> Callable[[HttpRequest], bool]:
    """For navigation entries and panels: does this request's membership have the role?"""

    def check(request: HttpRequest) -> bool:
        membership = getattr(request, "membership", None)
        return membership is not None and membership.has_role(minimum)

    return check
