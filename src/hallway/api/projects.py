"""/api/v1/projects: client projects, their rosters, the 1:1 coverage and its planning.

Members read; organisers create and change projects and rosters (taking someone off a
roster too: it changes the project, it erases nobody), plan the missing 1:1s and record
how one went. The coverage and the plan answer exactly what `hallway project coverage` and
`hallway project plan-one-on-ones` print with `--json`. An id in the body that is not one of
the organisation's (`client_id`, `person_id`, `contact_id`) is a 404 naming the field.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from hallway.accounts.models import Organisation, Role
from hallway.accounts.selectors import member_by_email
from hallway.accounts.tenancy import get_scoped_or_404, scoped
from hallway.api.auth import TokenAuth, organisation_of, user_of
from hallway.api.errors import ApiError, default_message
from hallway.api.projects_schemas import (
    OneOnOneAnswerIn,
    OneOnOneOut,
    OneOnOnePlanIn,
    OneOnOnePlanOut,
    ProjectCoverageOut,
    ProjectCreate,
    ProjectFilters,
    ProjectOut,
    ProjectPage,
    ProjectPatch,
    ProjectRosterMemberCreate,
    ProjectRosterMemberOut,
    ProjectRosterMemberPatch,
    ProjectRosterPage,
)
from hallway.api.schemas import JSON_BODY, ObjectId, PageParams, error_responses, paginate
from hallway.core.timezones import organisation_today
from hallway.people.models import Person
from hallway.projects.exporting import coverage_json, plan_json
from hallway.projects.lookup import company_by, roster_add_by
from hallway.projects.models import OneOnOne, Project, RosterMember
from hallway.projects.selectors.roster import projects_of, roster_ordered
from hallway.projects.services.one_on_ones import one_on_one_answer, one_on_ones_plan
from hallway.projects.services.projects import (
    ProjectFields,
    project_create,
    project_problems,
    project_update,
)
from hallway.projects.services.roster import RoleFields, roster_remove, roster_update
from hallway.relationships.models import Contact

router = Router(tags=["projects"])
ORGANISER = TokenAuth(Role.ORGANISER)


def project_of(request: HttpRequest, project_id: int) -> Project:
    """The token's organisation's project, else 404 (every projects route starts here)."""
    organisation = organisation_of(request)
    return get_scoped_or_404(
        projects_of(organisation).select_related("organisation", "sponsor__contact"),
        organisation,
        pk=project_id,
    )


def _member(request: HttpRequest, project: Project, member_id: int) -> RosterMember:
    return get_scoped_or_404(
        RosterMember.objects.filter(project=project).select_related("person", "contact"),
        organisation_of(request),
        pk=member_id,
    )


def _not_found(field: str) -> ApiError:
    """An id in the body that is not one of the organisation's, as in the client book."""
    return ApiError(
        404,
        "not_found",
        default_message(404),
        [{"field": field, "message": default_message(404), "code": "not_found"}],
    )


def _values(
    organisation: Organisation, sent: dict[str, Any]
) -> tuple[ProjectFields, dict[str, list[str]]]:
    """The fields sent as the service takes them, and what of them names nothing here."""
    problems: dict[str, list[str]] = {}
    values = ProjectFields(
        **{
            key: value
            for key, value in sent.items()
            if key not in ("client_id", "lead_email", "ends_on")
        }
    )
    if sent.get("ends_on") is not None:
        values.ends_on = sent["ends_on"]
    if "client_id" in sent:
        values.company = company_by(organisation, sent["client_id"])
        if values.company is None:
            raise _not_found("client_id")
    if "lead_email" in sent:
        values.lead = member_by_email(organisation, sent["lead_email"])
        if values.lead is None:
            problems["lead_email"] = [_("Nobody with this email is a member here.")]
    return values, problems


def _refuse(
    problems: dict[str, list[str]], found: dict[str, list[str]], renamed: dict[str, str]
) -> None:
    """Every problem at once, under the API's names for the fields."""
    for field, messages in found.items():
        name = renamed.get(field, field)
        if name not in problems:
            problems[name] = messages
    if problems:
        raise ValidationError(problems)


RENAMED = {"company": "client_id", "lead": "lead_email"}


@router.get("/projects", response={200: ProjectPage, **error_responses(422)})
def projects_list(
    request: HttpRequest, filters: Query[ProjectFilters], page: Query[PageParams]
) -> dict[str, object]:
    """The organisation's projects by name, each with its coverage (covered of required)."""
    found = projects_of(organisation_of(request))
    if filters.status:
        found = found.filter(status=filters.status)
    if filters.client_id:
        found = found.filter(company_id=filters.client_id)
    return paginate(request, found, page)


@router.get("/projects/{int:project_id}", response={200: ProjectOut, **error_responses(422)})
def project_get(request: HttpRequest, project_id: ObjectId) -> Project:
    return project_of(request, project_id)


@router.post(
    "/projects", response={201: ProjectOut, **error_responses(*JSON_BODY, 403)}, auth=ORGANISER
)
def project_post(request: HttpRequest, payload: ProjectCreate) -> Status[Project]:
    """Create a project; its lead is the token's user unless `lead_email` names another."""
    organisation = organisation_of(request)
    values, problems = _values(organisation, payload.fields_sent())
    _refuse(problems, project_problems(organisation=organisation, values=values), RENAMED)
    project = project_create(organisation=organisation, values=values, created_by=user_of(request))
    return Status(201, project_of(request, project.pk))


@router.patch(
    "/projects/{int:project_id}",
    response={200: ProjectOut, **error_responses(*JSON_BODY, 403)},
    auth=ORGANISER,
)
def project_patch(request: HttpRequest, project_id: ObjectId, payload: ProjectPatch) -> Project:
    """Change only the fields sent; nothing changes when any of them is invalid."""
    project = project_of(request, project_id)
    sent = payload.fields_sent()
    values, problems = _values(project.organisation, sent)
    found = project_problems(organisation=project.organisation, values=values, project=project)
    _refuse(problems, found, RENAMED)
    project_update(
        project=project,
        values=values,
        ends_on_cleared="ends_on" in sent and sent["ends_on"] is None,
    )
    return project_of(request, project_id)


@router.get(
    "/projects/{int:project_id}/roster", response={200: ProjectRosterPage, **error_responses(422)}
)
def roster_list(
    request: HttpRequest, project_id: ObjectId, page: Query[PageParams]
) -> dict[str, object]:
    """Everyone on the project: ours, then the client's, then partners', by name."""
    return paginate(request, roster_ordered(project_of(request, project_id)), page)


@router.post(
    "/projects/{int:project_id}/roster",
    response={201: ProjectRosterMemberOut, **error_responses(*JSON_BODY, 403)},
    auth=ORGANISER,
)
def roster_post(
    request: HttpRequest, project_id: ObjectId, payload: ProjectRosterMemberCreate
) -> Status[RosterMember]:
    """Put someone on the roster: ours by `person_id` or `email` (the directory), the
    client's and partners' by `contact_id` or `email` (any of the contact's addresses)."""
    project = project_of(request, project_id)
    organisation = project.organisation
    if payload.person_id and not scoped(Person, organisation).filter(pk=payload.person_id).exists():
        raise _not_found("person_id")
    if (
        payload.contact_id
        and not scoped(Contact, organisation).filter(pk=payload.contact_id).exists()
    ):
        raise _not_found("contact_id")
    member = roster_add_by(
        project=project,
        side=payload.side,
        person_id=payload.person_id,
        contact_id=payload.contact_id,
        email=payload.email or "",
        values=RoleFields(
            role=payload.role or "",
            responsibilities=payload.responsibilities or "",
            key_counterpart=bool(payload.key_counterpart),
            sub_project=payload.sub_project or "",
        ),
        joined_on=payload.joined_on or organisation_today(project.organisation, timezone.now()),
    )
    return Status(201, _member(request, project, member.pk))


@router.patch(
    "/projects/{int:project_id}/roster/{int:member_id}",
    response={200: ProjectRosterMemberOut, **error_responses(*JSON_BODY, 403)},
    auth=ORGANISER,
)
def roster_patch(
    request: HttpRequest,
    project_id: ObjectId,
    member_id: ObjectId,
    payload: ProjectRosterMemberPatch,
) -> RosterMember:
    """Change a member's role, responsibilities, key counterpart or sub-project."""
    project = project_of(request, project_id)
    member = _member(request, project, member_id)
    current = RoleFields(
        role=member.role,
        responsibilities=member.responsibilities,
        key_counterpart=member.key_counterpart,
        sub_project=member.sub_project,
    )
    for key, value in payload.fields_sent().items():
        setattr(current, key, value)
    roster_update(member=member, values=current)
    return _member(request, project, member_id)


@router.delete(
    "/projects/{int:project_id}/roster/{int:member_id}",
    response={204: None, **error_responses(403, 422)},
    auth=ORGANISER,
)
def roster_delete(request: HttpRequest, project_id: ObjectId, member_id: ObjectId) -> Status[None]:
    """Take someone off the project; their planned 1:1s go with them."""
    project = project_of(request, project_id)
    roster_remove(member=_member(request, project, member_id))
    return Status(204, None)


@router.get(
    "/projects/{int:project_id}/coverage",
    response={200: ProjectCoverageOut, **error_responses(422)},
    exclude_none=True,
)
def coverage_get(request: HttpRequest, project_id: ObjectId) -> dict[str, Any]:
    """Every required pair (one of the two is a key counterpart): met, planned, missing or
    declined, with `at` where there is a date."""
    return coverage_json(project_of(request, project_id))


@router.post(
    "/projects/{int:project_id}/one-on-ones/plan",
    response={200: OneOnOnePlanOut, **error_responses(*JSON_BODY, 403)},
    auth=ORGANISER,
)
def one_on_ones_plan_post(
    request: HttpRequest, project_id: ObjectId, payload: OneOnOnePlanIn
) -> Any:
    """Plan the missing 1:1s over the next `weeks`, at most `per_week` per person and week,
    inside both people's hours and off their absences, and send the invitations (none with
    `dry_run`)."""
    plan = one_on_ones_plan(
        project=project_of(request, project_id),
        weeks=payload.weeks,
        per_week=payload.per_week,
        now=timezone.now(),
        dry_run=payload.dry_run,
    )
    return plan_json(plan)


@router.post(
    "/projects/{int:project_id}/one-on-ones/{int:one_on_one_id}/answer",
    response={200: OneOnOneOut, **error_responses(*JSON_BODY, 403)},
    auth=ORGANISER,
)
def one_on_one_answer_post(
    request: HttpRequest, project_id: ObjectId, one_on_one_id: ObjectId, payload: OneOnOneAnswerIn
) -> OneOnOne:
    """Record how a 1:1 went: met, not_yet (to be planned again) or declined."""
    project = project_of(request, project_id)
    one_on_one = get_scoped_or_404(
        OneOnOne.objects.filter(project=project).select_related("ours__person", "theirs__contact"),
        project.organisation,
        pk=one_on_one_id,
    )
    answered = one_on_one_answer(one_on_one=one_on_one, answer=payload.answer, now=timezone.now())
    return get_scoped_or_404(
        OneOnOne.objects.select_related(
            "ours__person", "ours__contact", "theirs__person", "theirs__contact"
        ),
        project.organisation,
        pk=answered.pk,
    )
