"""/api/v1/quiet-proposals: clients gone quiet, answered by a person.

Members read their own open proposals; organisers read everyone's (`everyone=true`). The
proposal's owner and organisers answer: a 20-minute call at one of the offered times
(`/call`), a personal note (`/note`), or a dismissal (`/dismiss`). A proposal of another
member is a 404 for a member; an answered one is a 409.
"""

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router

from hallway.accounts.models import Role
from hallway.accounts.tenancy import get_scoped_or_404, scoped
from hallway.api.auth import membership_of, organisation_of, user_of
from hallway.api.errors import ApiError, default_message
from hallway.api.outreach_quiet_schemas import (
    QuietCallIn,
    QuietCallOut,
    QuietDismissIn,
    QuietNoteIn,
    QuietNoteOut,
    QuietProposalFilters,
    QuietProposalOut,
    QuietProposalPage,
)
from hallway.api.schemas import JSON_BODY, ObjectId, PageParams, error_responses, paginate
from hallway.outreach.models import ProposalStatus, QuietProposal
from hallway.outreach.selectors.quiet import may_act, proposal_visible, proposals_of
from hallway.outreach.services.quiet import quiet_call, quiet_dismiss, quiet_note_send

router = Router(tags=["outreach"])


def _proposals(request: HttpRequest) -> QuerySet[QuietProposal]:
    return scoped(QuietProposal, organisation_of(request)).select_related(
        "company", "contact", "owner", "organisation"
    )


def proposal_of(request: HttpRequest, proposal_id: int) -> QuietProposal:
    """The organisation's proposal that the token's user may answer, else 404; 409 when
    it has been answered already."""
    proposal = get_scoped_or_404(_proposals(request), organisation_of(request), pk=proposal_id)
    membership = membership_of(request)
    user = user_of(request)
    if not proposal_visible(proposal=proposal, user=user, role=membership.role):
        raise ApiError(404, "not_found", default_message(404))
    if not may_act(proposal=proposal, user=user, role=membership.role):
        raise ApiError(403, "forbidden", _("Only the owner or an organiser answers this."))
    if proposal.status != ProposalStatus.OPEN:
        raise ApiError(
            409,
            "conflict",
            _("This proposal is closed: %(status)s.") % {"status": proposal.get_status_display()},
        )
    return proposal


@router.get("/quiet-proposals", response={200: QuietProposalPage, **error_responses(422)})
def quiet_proposals_list(
    request: HttpRequest, filters: Query[QuietProposalFilters], page: Query[PageParams]
) -> dict[str, object]:
    """Open proposals, the soonest automated mail first."""
    everyone = filters.everyone and membership_of(request).has_role(Role.ORGANISER)
    found = proposals_of(
        organisation=organisation_of(request), user=user_of(request), everyone=everyone
    )
    return paginate(request, found, page)


@router.post(
    "/quiet-proposals/{int:proposal_id}/call",
    response={200: QuietCallOut, **error_responses(*JSON_BODY, 403, 409)},
)
def quiet_proposal_call(
    request: HttpRequest, proposal_id: ObjectId, payload: QuietCallIn
) -> dict[str, object]:
    """Schedule the 20-minute call with the owner: iMIP invitations to both, the owner's
    with the brief."""
    proposal = proposal_of(request, proposal_id)
    call = quiet_call(
        proposal=proposal, by=user_of(request), now=timezone.now(), start=payload.start
    )
    return {"proposal": proposal, "call_start": call.start, "call_end": call.end}


@router.post(
    "/quiet-proposals/{int:proposal_id}/note",
    response={200: QuietNoteOut, **error_responses(*JSON_BODY, 403, 409)},
)
def quiet_proposal_note(
    request: HttpRequest, proposal_id: ObjectId, payload: QuietNoteIn
) -> dict[str, object]:
    """Send a personal note in the owner's name (inside the contact's working hours)."""
    proposal = proposal_of(request, proposal_id)
    message = quiet_note_send(
        proposal=proposal,
        by=user_of(request),
        subject=payload.subject,
        body=payload.body,
        now=timezone.now(),
    )
    return {"proposal": proposal, "message_id": message.pk, "message_status": message.status}


@router.post(
    "/quiet-proposals/{int:proposal_id}/dismiss",
    response={200: QuietProposalOut, **error_responses(*JSON_BODY, 403, 409)},
)
def quiet_proposal_dismiss(
    request: HttpRequest, proposal_id: ObjectId, payload: QuietDismissIn
) -> QuietProposal:
    """Close it without any message, and without the automated mail."""
    proposal = proposal_of(request, proposal_id)
    return quiet_dismiss(
        proposal=proposal, by=user_of(request), now=timezone.now(), reason=payload.reason
    )
