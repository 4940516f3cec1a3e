"""/api/v1/relationships/quiet and /queue: the clients that have gone quiet against their own
rhythm, and one user's reach-out queue. Members read; a queue other than one's own needs
the organiser role, and never shows a personal detail the token's user may not see."""

import datetime
from typing import Literal

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from hallway.accounts.models import Role
from hallway.api.auth import organisation_of, require_role, user_of
from hallway.api.errors import ApiError
from hallway.api.schemas import error_responses
from hallway.core.timezones import organisation_today
from hallway.relationships.selectors.queue import QueueItem, quiet_companies, reach_out_queue
from hallway.relationships.selectors.visibility import details_visible_to
from hallway.relationships.services.records import members_by_email

router = Router(tags=["relationships"])


class QuietOut(Schema):
    company_id: int = Field(..., examples=[42])
    name: str = Field(..., examples=["Brightside GmbH"])
    usual_gap_days: int = Field(
        ..., description="The company's own usual gap between orders (or touches).", examples=[7]
    )
    days_since_last: int = Field(..., examples=[35])
    score: float = Field(
        ...,
        description="Days since last over the days it takes this company to go quiet: 1 or "
        "more is quiet, comparable across rhythms.",
        examples=[1.65],
    )
    reason: str = Field(..., examples=["No order for 35 days; usually one every 7 days."])


class QuietList(Schema):
    results: list[QuietOut]


class QueueItemOut(Schema):
    kind: Literal["cadence", "quiet", "ask", "candidate"] = Field(
        ...,
        description="cadence: a contact's keep-in-touch cadence is due; quiet: a company "
        "went quiet; ask: an “ask next time” detail is due; candidate: a candidate without "
        "news for 10 working days.",
    )
    key: str = Field(
        ...,
        description="Names the item and its reason's date; a new reason gets a new key.",
        examples=["cadence:12:2026-12-01"],
    )
    contact_id: int | None = Field(None, examples=[12])
    company_id: int | None = Field(None, examples=[42])
    detail_id: int | None = Field(None, examples=[7])
    name: str = Field(..., examples=["Nina Vogel"])
    reason: str = Field(..., examples=["Keep in touch every 14 days; last touch 28 days ago."])
    score: float = Field(..., description="Urgency: 1 is due now, 2 twice as late.", examples=[2.0])


class QueueList(Schema):
    results: list[QueueItemOut]


class QueueParams(Schema):
    user: str = Field(
        "",
        max_length=254,
        pattern=r"^$|^[^@\s]+@[^@\s]+$",
        description="Email of a member of the organisation (default: the token's user).",
        examples=["alice@acme.test"],
    )


def _today(request: HttpRequest) -> datetime.date:
    return organisation_today(organisation_of(request), timezone.now())


@router.get("/relationships/quiet", response={200: QuietList, **error_responses()})
def quiet_list(request: HttpRequest) -> dict[str, object]:
    """The companies that have gone quiet against their own rhythm, most urgent first."""
    found = quiet_companies(organisation=organisation_of(request), today=_today(request))
    return {
        "results": [
            {
                "company_id": quiet.company.pk,
                "name": quiet.company.name,
                "usual_gap_days": quiet.usual_gap_days,
                "days_since_last": quiet.days_since_last,
                "score": quiet.score,
                "reason": quiet.reason,
            }
            for quiet in found
        ]
    }


def _item(item: QueueItem) -> dict[str, object]:
    return {
        "kind": item.kind,
        "key": item.key,
        "contact_id": item.contact.pk if item.contact else None,
        "company_id": item.company.pk if item.company else None,
        "detail_id": item.detail.pk if item.detail else None,
        "name": item.name,
        "reason": item.reason,
        "score": item.score,
    }


@router.get(
    "/relationships/queue",
    response={200: QueueList, **error_responses(403, 422)},
    exclude_none=True,
)
def queue_list(request: HttpRequest, params: Query[QueueParams]) -> dict[str, object]:
    """A member's reach-out queue, in rank order (the token's user's without `user`)."""
    organisation = organisation_of(request)
    asker = user_of(request)
    email = params.user.strip().lower()
    user = asker
    if email and email != asker.email.lower():
        require_role(request, Role.ORGANISER)
        found = members_by_email(organisation, [email]).get(email)
        if found is None:
            raise ApiError(404, "not_found", _("Nobody with this email is a member here."))
        user = found
    items = reach_out_queue(user=user, organisation=organisation, today=_today(request))
    if user != asker:
        # Someone else's queue: their "ask next time" details only where the asker may see them.
        asked = [item.detail.pk for item in items if item.detail is not None]
        visible = set(
            details_visible_to(asker, organisation)
            .filter(pk__in=asked)
            .values_list("pk", flat=True)
        )
        items = [item for item in items if item.detail is None or item.detail.pk in visible]
    return {"results": [_item(item) for item in items]}
