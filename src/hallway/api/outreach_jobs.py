"""/api/v1/orders/{id}/candidates, /candidacies, /orders/{id}/freeze, /freezes: candidates on
jobs (a job is an order of the client book) and hiring freezes.

Members read; organisers put candidates on jobs, move them on (telling them with `notify`)
and announce freezes. The freeze answers what `hallway job freeze --json` prints, with the
freeze's id. An id in the body that is not one of the organisation's (`contact_id`) is a
404 naming the field.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from hallway.accounts.models import Role, User
from hallway.accounts.selectors import member_by_email
from hallway.accounts.tenancy import get_scoped_or_404, scoped
from hallway.api.auth import TokenAuth, organisation_of, user_of
from hallway.api.errors import ApiError, default_message
from hallway.api.outreach_jobs_schemas import (
    CandidacyCreate,
    CandidacyOut,
    CandidacyPage,
    CandidacyPatch,
    FreezeAnnounced,
    FreezeCreate,
    FreezeFilters,
    FreezePage,
)
from hallway.api.schemas import JSON_BODY, ObjectId, PageParams, error_responses, paginate
from hallway.outreach.job_exporting import candidacy_json, freeze_json
from hallway.outreach.models import Candidacy, Stage
from hallway.outreach.selectors.jobs import candidacies_of, freezes_of
from hallway.outreach.services.candidates import candidacy_add, candidacy_stage_set
from hallway.outreach.services.freezes import freeze_announce
from hallway.relationships.interface import Contact, Order

router = Router(tags=["outreach"])
ORGANISER = TokenAuth(Role.ORGANISER)


def order_of(request: HttpRequest, order_id: int) -> Order:
    return get_scoped_or_404(
        Order.objects.select_related("company", "organisation"),
        organisation_of(request),
        pk=order_id,
    )


def _candidacy(request: HttpRequest, candidacy_id: int) -> Candidacy:
    return get_scoped_or_404(
        Candidacy.objects.select_related(
            "contact__company", "order__company", "owner", "organisation"
        ),
        organisation_of(request),
        pk=candidacy_id,
    )


def _not_found(field: str) -> ApiError:
    return ApiError(
        404,
        "not_found",
        default_message(404),
        [{"field": field, "message": default_message(404), "code": "not_found"}],
    )


@router.get(
    "/orders/{int:order_id}/candidates",
    response={200: CandidacyPage, **error_responses(422)},
)
def candidates_list(
    request: HttpRequest, order_id: ObjectId, page: Query[PageParams]
) -> dict[str, Any]:
    """The job's candidates by name, with their stage and their last news."""
    found = paginate(request, candidacies_of(order_of(request, order_id)), page)
    found["results"] = [candidacy_json(candidacy) for candidacy in found["results"]]
    return found


def _recruiter(request: HttpRequest, email: str | None) -> User:
    if email is None:
        return user_of(request)
    member = member_by_email(organisation_of(request), email)
    if member is None:
        raise ValidationError({"recruiter_email": _("Nobody with this email is a member here.")})
    return member


@router.post(
    "/orders/{int:order_id}/candidates",
    response={200: CandidacyOut, 201: CandidacyOut, **error_responses(*JSON_BODY, 403)},
    auth=ORGANISER,
)
def candidate_post(
    request: HttpRequest, order_id: ObjectId, payload: CandidacyCreate
) -> Status[dict[str, Any]]:
    """Put a contact on the job (201); one already on it is answered as it is (200). A
    contact of kind "other" becomes a candidate; other kinds are kept."""
    order = order_of(request, order_id)
    contact = scoped(Contact, order.organisation).filter(pk=payload.contact_id).first()
    if contact is None:
        raise _not_found("contact_id")
    before = Candidacy.objects.filter(order=order, contact=contact).exists()
    candidacy = candidacy_add(
        order=order,
        contact=contact,
        stage=payload.stage or Stage.APPLIED,
        owner=_recruiter(request, payload.recruiter_email),
        now=timezone.now(),
    )
    return Status(200 if before else 201, candidacy_json(_candidacy(request, candidacy.pk)))


@router.patch(
    "/candidacies/{int:candidacy_id}",
    response={200: CandidacyOut, **error_responses(*JSON_BODY, 403)},
    auth=ORGANISER,
)
def candidacy_patch(
    request: HttpRequest, candidacy_id: ObjectId, payload: CandidacyPatch
) -> dict[str, Any]:
    """Move the candidate to `stage`; with `notify`, they get an update in their language
    from their recruiter (once per stage and day; the same stage again tells nobody)."""
    candidacy = _candidacy(request, candidacy_id)
    candidacy_stage_set(
        candidacy=candidacy,
        stage=payload.stage,
        now=timezone.now(),
        notify=bool(payload.notify),
        by=user_of(request),
    )
    return candidacy_json(_candidacy(request, candidacy_id))


@router.post(
    "/orders/{int:order_id}/freeze",
    response={201: FreezeAnnounced, **error_responses(*JSON_BODY, 403)},
    auth=ORGANISER,
)
def freeze_post(
    request: HttpRequest, order_id: ObjectId, payload: FreezeCreate
) -> Status[dict[str, Any]]:
    """Tell the job's candidates at `stages` that the client has paused hiring; the
    follow-up goes by itself on `resume_on` (and the recruiters are reminded the day
    before). Candidates without an address or unsubscribed are not counted in `notified`.
    A job with an active freeze refuses a second one (422)."""
    order = order_of(request, order_id)
    freeze = freeze_announce(
        organisation=order.organisation,
        order=order,
        stages=list(payload.stages),
        resume_on=payload.resume_on,
        message=payload.message or "",
        by=user_of(request),
        now=timezone.now(),
    )
    return Status(
        201, {"id": freeze.pk, "notified": freeze.notified, "follow_up_on": freeze.resume_on}
    )


@router.get("/freezes", response={200: FreezePage, **error_responses(422)})
def freezes_list(
    request: HttpRequest, filters: Query[FreezeFilters], page: Query[PageParams]
) -> dict[str, Any]:
    """Hiring freezes, newest first; of one job (its own) or only active ones if asked."""
    found = freezes_of(organisation_of(request))
    if filters.order_id:
        found = found.filter(order_id=filters.order_id)
    if filters.active is not None:
        active = {"followed_up_at__isnull": True, "lifted_at__isnull": True}
        found = found.filter(**active) if filters.active else found.exclude(**active)
    result = paginate(request, found, page)
    result["results"] = [freeze_json(freeze) for freeze in result["results"]]
    return result
