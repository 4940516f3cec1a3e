"""/api/v1/segments and /api/v1/campaigns: content sharing.

Members read; organisers create, change and delete segments (a segment only holds
filters: deleting one erases nobody; one a campaign uses is a 409) and write, preview and
send shared articles. Sending happens once: a second send, a change or a preview of a
sent article is a 409. A `segment_id` that is not one of the organisation's is a 404
naming the field.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from hallway.accounts.models import Role
from hallway.accounts.tenancy import get_scoped_or_404, scoped
from hallway.api.auth import TokenAuth, organisation_of, user_of
from hallway.api.errors import ApiError, default_message
from hallway.api.outreach_campaigns_schemas import (
    CampaignCreate,
    CampaignOut,
    CampaignPage,
    CampaignPatch,
    CampaignPreviewOut,
    SegmentContactPage,
    SegmentCreate,
    SegmentOut,
    SegmentPage,
    SegmentPatch,
)
from hallway.api.schemas import JSON_BODY, ObjectId, PageParams, error_responses, paginate
from hallway.outreach.models import Campaign, CampaignStatus, Segment
from hallway.outreach.selectors.campaigns import campaigns_of
from hallway.outreach.selectors.segments import segment_contacts
from hallway.outreach.services.campaigns import (
    CampaignFields,
    campaign_preview,
    campaign_save,
    campaign_send,
)
from hallway.outreach.services.segments import segment_delete, segment_save

router = Router(tags=["outreach"])
ORGANISER = TokenAuth(Role.ORGANISER)


def _conflict(exc: ValidationError) -> ApiError:
    return ApiError(409, "conflict", " ".join(exc.messages))


def _not_found(field: str) -> ApiError:
    return ApiError(
        404,
        "not_found",
        default_message(404),
        [{"field": field, "message": default_message(404), "code": "not_found"}],
    )


# --- segments -------------------------------------------------------------------------------


def segment_of(request: HttpRequest, segment_id: int) -> Segment:
    segment = get_scoped_or_404(Segment.objects.all(), organisation_of(request), pk=segment_id)
    return _counted(segment)


def _counted(segment: Segment) -> Segment:
    segment.contacts_now = segment_contacts(  # type: ignore[attr-defined]
        segment=segment, now=timezone.now()
    ).count()
    return segment


@router.get("/segments", response={200: SegmentPage, **error_responses(422)})
def segments_list(request: HttpRequest, page: Query[PageParams]) -> dict[str, Any]:
    """The organisation's segments by name, each with how many contacts match now."""
    found = paginate(request, scoped(Segment, organisation_of(request)), page)
    found["results"] = [_counted(segment) for segment in found["results"]]
    return found


@router.post(
    "/segments", response={201: SegmentOut, **error_responses(*JSON_BODY, 403)}, auth=ORGANISER
)
def segment_post(request: HttpRequest, payload: SegmentCreate) -> Status[Segment]:
    segment = segment_save(
        organisation=organisation_of(request),
        name=payload.name,
        filters=payload.filters.model_dump(exclude_unset=True) if payload.filters else {},
        by=user_of(request),
    )
    return Status(201, segment_of(request, segment.pk))


@router.get("/segments/{int:segment_id}", response={200: SegmentOut, **error_responses(422)})
def segment_get(request: HttpRequest, segment_id: ObjectId) -> Segment:
    return segment_of(request, segment_id)


@router.patch(
    "/segments/{int:segment_id}",
    response={200: SegmentOut, **error_responses(*JSON_BODY, 403)},
    auth=ORGANISER,
)
def segment_patch(request: HttpRequest, segment_id: ObjectId, payload: SegmentPatch) -> Segment:
    """Change the name or replace the filters; nothing changes when any is invalid."""
    segment = segment_of(request, segment_id)
    sent = payload.fields_sent()
    segment_save(
        organisation=segment.organisation,
        name=sent.get("name", segment.name),
        filters=(
            payload.filters.model_dump(exclude_unset=True) if "filters" in sent else segment.filters
        ),
        segment=segment,
    )
    return segment_of(request, segment_id)


@router.delete(
    "/segments/{int:segment_id}",
    response={204: None, **error_responses(403, 409, 422)},
    auth=ORGANISER,
)
def segment_remove(request: HttpRequest, segment_id: ObjectId) -> Status[None]:
    """Delete a segment (its contacts stay); 409 while a shared article uses it."""
    try:
        segment_delete(segment=segment_of(request, segment_id))
    except ValidationError as exc:
        raise _conflict(exc) from exc
    return Status(204, None)


@router.get(
    "/segments/{int:segment_id}/contacts",
    response={200: SegmentContactPage, **error_responses(422)},
)
def segment_contacts_list(
    request: HttpRequest, segment_id: ObjectId, page: Query[PageParams]
) -> dict[str, Any]:
    """The contacts who match the segment's filters now, by name."""
    segment = segment_of(request, segment_id)
    found = segment_contacts(segment=segment, now=timezone.now()).select_related("company")
    return paginate(request, found, page)


# --- shared articles ------------------------------------------------------------------------


def campaign_of(request: HttpRequest, campaign_id: int) -> Campaign:
    organisation = organisation_of(request)
    return get_scoped_or_404(campaigns_of(organisation), organisation, pk=campaign_id)


def _values(request: HttpRequest, sent: dict[str, Any], current: Campaign | None) -> CampaignFields:
    organisation = organisation_of(request)
    values = CampaignFields()
    if current is not None:
        values = CampaignFields(
            title=current.title,
            url=current.url,
            intros=dict(current.intros or {}),
            segment=current.segment,
            skip_touched_days=current.skip_touched_days,
            skip_sent_days=current.skip_sent_days,
        )
    for name in ("title", "url", "skip_touched_days", "skip_sent_days"):
        if name in sent:
            setattr(values, name, sent[name])
    if "intros" in sent:
        values.intros = dict(sent["intros"])
    if "segment_id" in sent:
        segment = scoped(Segment, organisation).filter(pk=sent["segment_id"]).first()
        if segment is None:
            raise _not_found("segment_id")
        values.segment = segment
    return values


def _save(request: HttpRequest, values: CampaignFields, campaign: Campaign | None) -> Campaign:
    """Save with the API's field names in the problems (`intros`, `segment_id`)."""
    try:
        return campaign_save(
            organisation=organisation_of(request),
            values=values,
            by=user_of(request),
            campaign=campaign,
        )
    except ValidationError as exc:
        if not hasattr(exc, "error_dict"):
            raise _conflict(exc) from exc
        renamed: dict[str, list[str]] = {}
        for field, messages in exc.message_dict.items():
            name = {"segment": "segment_id"}.get(field, field)
            if field.startswith("intro_"):
                name = f"intros.{field.removeprefix('intro_')}"
            renamed.setdefault(name, []).extend(messages)
        raise ValidationError(renamed) from exc


@router.get("/campaigns", response={200: CampaignPage, **error_responses(422)})
def campaigns_list(request: HttpRequest, page: Query[PageParams]) -> dict[str, Any]:
    """Shared articles, newest first, each with its figures."""
    return paginate(request, campaigns_of(organisation_of(request)), page)


@router.post(
    "/campaigns", response={201: CampaignOut, **error_responses(*JSON_BODY, 403)}, auth=ORGANISER
)
def campaign_post(request: HttpRequest, payload: CampaignCreate) -> Status[Campaign]:
    """A draft; preview it, then send it."""
    campaign = _save(request, _values(request, payload.fields_sent(), None), None)
    return Status(201, campaign_of(request, campaign.pk))


@router.get("/campaigns/{int:campaign_id}", response={200: CampaignOut, **error_responses(422)})
def campaign_get(request: HttpRequest, campaign_id: ObjectId) -> Campaign:
    """The article with its figures (sent, delivered, clicked, replies, unsubscribes…)."""
    return campaign_of(request, campaign_id)


@router.patch(
    "/campaigns/{int:campaign_id}",
    response={200: CampaignOut, **error_responses(*JSON_BODY, 403, 409)},
    auth=ORGANISER,
)
def campaign_patch(request: HttpRequest, campaign_id: ObjectId, payload: CampaignPatch) -> Campaign:
    """Change a draft (only the fields sent); a sent article is a 409."""
    campaign = campaign_of(request, campaign_id)
    if campaign.status != CampaignStatus.DRAFT:
        raise ApiError(409, "conflict", _("This article was sent already; it cannot change."))
    _save(request, _values(request, payload.fields_sent(), campaign), campaign)
    return campaign_of(request, campaign_id)


@router.get(
    "/campaigns/{int:campaign_id}/preview",
    response={200: CampaignPreviewOut, **error_responses(409, 422)},
)
def campaign_preview_get(request: HttpRequest, campaign_id: ObjectId) -> dict[str, Any]:
    """Who would get the mail, who a note drafted for their owner (key contacts), who is
    skipped and why, if the article were sent now. A sent article is a 409."""
    campaign = campaign_of(request, campaign_id)
    if campaign.status != CampaignStatus.DRAFT:
        raise ApiError(409, "conflict", _("This article was sent already."))
    return campaign_preview(campaign=campaign, now=timezone.now()).as_json()


@router.post(
    "/campaigns/{int:campaign_id}/send",
    response={200: CampaignOut, **error_responses(403, 409, 422)},
    auth=ORGANISER,
)
def campaign_send_post(request: HttpRequest, campaign_id: ObjectId) -> Campaign:
    """Send once: mails leave inside each contact's hours from their owner's name, notes
    wait for their owners. A second send is a 409."""
    campaign = campaign_of(request, campaign_id)
    try:
        campaign_send(campaign=campaign, by=user_of(request), now=timezone.now())
    except ValidationError as exc:
        raise _conflict(exc) from exc
    return campaign_of(request, campaign_id)
