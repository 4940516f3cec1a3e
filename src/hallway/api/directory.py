"""/api/v1/teams, /api/v1/locations and /api/v1/me."""

import datetime

from django.http import HttpRequest
from ninja import Query, Router, Schema

from hallway.accounts.models import Role
from hallway.api.auth import membership_of, organisation_of, token_of
from hallway.api.schemas import PageParams, error_responses, paginate
from hallway.people.selectors import locations_with_people_count, teams_with_people_count

router = Router(tags=["directory"])


class TeamOut(Schema):
    id: int
    name: str
    department: str
    people_count: int


class TeamPage(Schema):
    count: int
    next: str | None
    previous: str | None
    results: list[TeamOut]


class LocationOut(Schema):
    id: int
    name: str
    country: str
    timezone: str
    people_count: int


class LocationPage(Schema):
    count: int
    next: str | None
    previous: str | None
    results: list[LocationOut]


class UserOut(Schema):
    id: int
    email: str
    name: str


class OrganisationOut(Schema):
    id: int
    slug: str
    name: str
    timezone: str


class TokenOut(Schema):
    name: str
    hint: str
    created_at: datetime.datetime


class MeOut(Schema):
    user: UserOut
    organisation: OrganisationOut
    role: str
    token: TokenOut


@router.get("/teams", response={200: TeamPage, **error_responses(422)})
def teams_list(request: HttpRequest, page: Query[PageParams]) -> dict[str, object]:
    """Teams by name, with how many people of the directory belong to each."""
    return paginate(request, teams_with_people_count(organisation=organisation_of(request)), page)


@router.get("/locations", response={200: LocationPage, **error_responses(422)})
def locations_list(request: HttpRequest, page: Query[PageParams]) -> dict[str, object]:
    """Locations by name, with how many people of the directory are based at each."""
    return paginate(
        request, locations_with_people_count(organisation=organisation_of(request)), page
    )


@router.get("/me", response={200: MeOut, **error_responses()})
def me(request: HttpRequest) -> dict[str, object]:
    """Who the token acts as: its user, its organisation and the user's role there."""
    membership = membership_of(request)
    user = membership.user
    return {
        "user": {"id": user.pk, "email": user.email, "name": user.get_full_name()},
        "organisation": membership.organisation,
        "role": Role(membership.role).value,
        "token": token_of(request),
    }
