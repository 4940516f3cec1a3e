"""/api/v1/placements: contractor care's placements and check-ins, and a client's
anonymous contractor feedback.

Members read; organisers record, change and end placements. A check-in's answer is named
and shown to the placement's owner and organisers only. The feedback report shows a
quarter's figures only once it has ended and with at least k ratings (see
`outreach.selectors.care`); it answers what `hallway placement feedback --json` prints.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from hallway.accounts.models import Organisation, Role, User
from hallway.accounts.selectors import member_by_email
from hallway.accounts.tenancy import get_scoped_or_404, scoped
from hallway.api.auth import TokenAuth, membership_of, organisation_of, user_of
from hallway.api.errors import ApiError, default_message
from hallway.api.outreach_care_schemas import (
    CheckInPage,
    FeedbackOut,
    PlacementCreate,
    PlacementEndIn,
    PlacementFilters,
    PlacementOut,
    PlacementPage,
    PlacementPatch,
)
from hallway.api.schemas import JSON_BODY, ObjectId, PageParams, error_responses, paginate
from hallway.outreach.models import Placement
from hallway.outreach.selectors.care import check_ins_of, client_feedback, placements_of
from hallway.outreach.services.care import placement_end, placement_record, placement_update
from hallway.relationships.interface import Company, Contact, Order

router = Router(tags=["outreach"])
ORGANISER = TokenAuth(Role.ORGANISER)
RENAMED = {"contractor": "contractor_id", "company": "client_id", "owner": "owner_email"}


def placement_of(request: HttpRequest, placement_id: int) -> Placement:
    """The token's organisation's placement, else 404 (every placement route starts here)."""
    organisation = organisation_of(request)
    return get_scoped_or_404(
        placements_of(organisation, status=None), organisation, pk=placement_id
    )


def _not_found(field: str) -> ApiError:
    return ApiError(
        404,
        "not_found",
        default_message(404),
        [{"field": field, "message": default_message(404), "code": "not_found"}],
    )


def _member(organisation: Organisation, email: str) -> User:
    found = member_by_email(organisation, email)
    if found is None:
        raise ValidationError({"owner_email": [_("Nobody with this email is a member here.")]})
    return found


def _renamed(exc: ValidationError) -> ValidationError:
    if not hasattr(exc, "error_dict"):
        return exc
    return ValidationError(
        {RENAMED.get(field, field): messages for field, messages in exc.message_dict.items()}
    )


@router.get("/placements", response={200: PlacementPage, **error_responses(422)})
def placements_list(
    request: HttpRequest, filters: Query[PlacementFilters], page: Query[PageParams]
) -> dict[str, object]:
    """Placements, soonest start first; all statuses unless `status` is given."""
    return paginate(
        request, placements_of(organisation_of(request), status=filters.status or None), page
    )


@router.get("/placements/{int:placement_id}", response={200: PlacementOut, **error_responses(422)})
def placement_get(request: HttpRequest, placement_id: ObjectId) -> Placement:
    return placement_of(request, placement_id)


@router.post(
    "/placements", response={201: PlacementOut, **error_responses(*JSON_BODY, 403)}, auth=ORGANISER
)
def placement_post(request: HttpRequest, payload: PlacementCreate) -> Status[Placement]:
    """Record a placement and plan its check-ins; the same `external_id` again returns the
    first one."""
    organisation = organisation_of(request)
    sent = payload.fields_sent()
    contractor = scoped(Contact, organisation).filter(pk=payload.contractor_id).first()
    if contractor is None:
        raise _not_found("contractor_id")
    company = scoped(Company, organisation).filter(pk=payload.client_id).first()
    if company is None:
        raise _not_found("client_id")
    order = None
    if "order_id" in sent:
        order = scoped(Order, organisation).filter(pk=sent["order_id"]).first()
        if order is None:
            raise _not_found("order_id")
    owner = (
        _member(organisation, sent["owner_email"]) if "owner_email" in sent else user_of(request)
    )
    try:
        placement = placement_record(
            organisation=organisation,
            contractor=contractor,
            company=company,
            starts_on=payload.starts_on,
            ends_on=payload.ends_on,
            owner=owner,
            order=order,
            external_id=sent.get("external_id", ""),
            now=timezone.now(),
        )
    except ValidationError as exc:
        raise _renamed(exc) from exc
    return Status(201, placement_of(request, placement.pk))


@router.patch(
    "/placements/{int:placement_id}",
    response={200: PlacementOut, **error_responses(*JSON_BODY, 403)},
    auth=ORGANISER,
)
def placement_patch(
    request: HttpRequest, placement_id: ObjectId, payload: PlacementPatch
) -> Placement:
    """Change only the fields sent; nothing changes when any of them is invalid."""
    placement = placement_of(request, placement_id)
    organisation = placement.organisation
    sent = payload.fields_sent()
    changes: dict[str, Any] = {}
    if "client_id" in sent:
        changes["company"] = scoped(Company, organisation).filter(pk=sent["client_id"]).first()
        if changes["company"] is None:
            raise _not_found("client_id")
    if "owner_email" in sent:
        changes["owner"] = _member(organisation, sent["owner_email"])
    if "starts_on" in sent:
        changes["starts_on"] = sent["starts_on"]
    if "ends_on" in sent:
        if sent["ends_on"] is None:
            changes["ends_on_cleared"] = True
        else:
            changes["ends_on"] = sent["ends_on"]
    try:
        placement_update(placement=placement, now=timezone.now(), **changes)
    except ValidationError as exc:
        raise _renamed(exc) from exc
    return placement_of(request, placement_id)


@router.post(
    "/placements/{int:placement_id}/end",
    response={200: PlacementOut, **error_responses(*JSON_BODY, 403)},
    auth=ORGANISER,
)
def placement_end_post(
    request: HttpRequest, placement_id: ObjectId, payload: PlacementEndIn
) -> Placement:
    """End the placement on `ended_on`; check-ins not asked yet after it are dropped."""
    placement = placement_of(request, placement_id)
    placement_end(placement=placement, ended_on=payload.ended_on, now=timezone.now())
    return placement_of(request, placement_id)


@router.get(
    "/placements/{int:placement_id}/check-ins",
    response={200: CheckInPage, **error_responses(422)},
)
def check_ins_list(
    request: HttpRequest, placement_id: ObjectId, page: Query[PageParams]
) -> dict[str, object]:
    """The placement's check-ins by due date; answers for its owner and organisers only."""
    placement = placement_of(request, placement_id)
    found = paginate(request, check_ins_of(placement), page)
    named = placement.owner_id == user_of(request).pk or membership_of(request).has_role(
        Role.ORGANISER
    )
    for check_in in found["results"]:
        check_in.named_visible = named
    return found


@router.get(
    "/companies/{int:company_id}/contractor-feedback",
    response={200: FeedbackOut, **error_responses(422)},
    exclude_none=True,
)
def contractor_feedback(request: HttpRequest, company_id: ObjectId) -> dict[str, Any]:
    """Contractors' anonymous ratings of the client per quarter (the last eight): figures
    only for an ended quarter with at least k ratings, never one person's."""
    organisation = organisation_of(request)
    company = get_scoped_or_404(Company, organisation, pk=company_id)
    return client_feedback(organisation=organisation, company=company, now=timezone.now()).as_json()
