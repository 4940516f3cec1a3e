"""/api/v1/people: the directory. Members read; organisers create and update; admins delete."""

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Query, Router, Status

from hallway.accounts.models import Role
from hallway.accounts.tenancy import get_scoped_or_404
from hallway.api.auth import TokenAuth, organisation_of
from hallway.api.people_schemas import (
    PeopleFilters,
    PersonCreate,
    PersonOut,
    PersonPage,
    PersonPatch,
)
from hallway.api.schemas import JSON_BODY, ObjectId, PageParams, error_responses, paginate
from hallway.people.models import Person
from hallway.people.selectors import people_search
from hallway.people.services import person_create, person_delete, person_update

router = Router(tags=["people"])


def _filtered_people(request: HttpRequest, filters: PeopleFilters) -> QuerySet[Person]:
    organisation = organisation_of(request)
    languages = {code for code in (filters.language, filters.preferred_language) if code}
    people = people_search(
        organisation=organisation,
        query=filters.q,
        tag=filters.tag.strip(),
        status=filters.status or "",
        language=next(iter(languages)) if len(languages) == 1 else "",
        email=filters.email,
        team_name=filters.team,
        location_name=filters.location,
    )
    if len(languages) > 1:  # two different languages at once: nobody matches
        return people.none()
    return people


def _person(request: HttpRequest, person_id: ObjectId) -> Person:
    """The person with everything PersonOut shows; another organisation's is a 404."""
    return get_scoped_or_404(
        Person.objects.select_related("team", "location", "manager").prefetch_related("interests"),
        organisation_of(request),
        pk=person_id,
    )


@router.get("/people", response={200: PersonPage, **error_responses(422)})
def people_list(
    request: HttpRequest, filters: Query[PeopleFilters], page: Query[PageParams]
) -> dict[str, object]:
    """People of the token's organisation, ordered by name, filtered and paginated."""
    return paginate(request, _filtered_people(request, filters), page)


@router.get("/people/{int:person_id}", response={200: PersonOut, **error_responses(422)})
def person_get(request: HttpRequest, person_id: ObjectId) -> Person:
    return _person(request, person_id)


@router.post(
    "/people",
    response={201: PersonOut, **error_responses(*JSON_BODY, 403, 409)},
    auth=TokenAuth(Role.ORGANISER),
)
def person_post(request: HttpRequest, payload: PersonCreate) -> Status[Person]:
    """Add a person. Teams, locations and interests named here are created when new."""
    person = person_create(
        organisation=organisation_of(request),
        data=payload.as_person_data(),
    )
    return Status(201, _person(request, person.pk))


@router.patch(
    "/people/{int:person_id}",
    response={200: PersonOut, **error_responses(*JSON_BODY, 403, 409)},
    auth=TokenAuth(Role.ORGANISER),
)
def person_patch(request: HttpRequest, person_id: ObjectId, payload: PersonPatch) -> Person:
    """Change only the fields sent; nothing changes when any of them is invalid."""
    person = _person(request, person_id)
    person_update(person=person, data=payload.as_person_data())
    return _person(request, person_id)


@router.delete(
    "/people/{int:person_id}",
    response={204: None, **error_responses(403, 422)},
    auth=TokenAuth(Role.ADMIN),
)
def person_remove(request: HttpRequest, person_id: ObjectId) -> Status[None]:
    person_delete(person=_person(request, person_id))
    return Status(204, None)
