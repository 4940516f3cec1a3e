"""/api/v1/celebrations, /api/v1/kudos and /api/v1/gong/webhook/{token}: the gong.

Members read the wall and ring the gong; kudos are given by the token's user's entry in the
directory (a user without one gets 409), within the monthly quota (409 when spent). The
webhook is not token-authenticated: its HMAC signature is the credential (see
`rituals.services.gong_webhook`).
"""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from hallway.accounts.tenancy import get_scoped_or_404, scoped
from hallway.api.auth import organisation_of, user_of
from hallway.api.errors import ApiError, default_message
from hallway.api.rituals_gong_schemas import (
    CelebrationFilters,
    CelebrationIn,
    CelebrationOut,
    CelebrationPage,
    KudosIn,
    KudosOut,
    WebhookAccepted,
)
from hallway.api.schemas import JSON_BODY, ObjectId, PageParams, error_responses, paginate
from hallway.people.models import Person, Team
from hallway.rituals.models import Celebration, CelebrationSource
from hallway.rituals.selectors.gong import celebrations_of, kudos_balance, month_bounds
from hallway.rituals.services.gong import celebration_post
from hallway.rituals.services.gong_webhook import (
    MAX_BODY_BYTES,
    SIGNATURE_HEADER,
    gong_webhook_receive,
)
from hallway.rituals.services.kudos import kudos_give

router = Router(tags=["gong"])
ERROR_CODES = {
    400: "invalid_input",
    401: "unauthorized",
    404: "not_found",
    413: "payload_too_large",
}


def _me(request: HttpRequest) -> Person:
    me = scoped(Person, organisation_of(request)).filter(user=user_of(request)).first()
    if me is None:
        raise ApiError(
            409, "conflict", _("Your user has no entry in this organisation's directory.")
        )
    return me


def _unknown(field: str) -> ApiError:
    return ApiError(
        422,
        "validation_error",
        default_message(422),
        [{"field": field, "message": _("Not in this organisation."), "code": "not_found"}],
    )


@router.get("/celebrations", response={200: CelebrationPage, **error_responses(422)})
def celebrations_list(
    request: HttpRequest, filters: Query[CelebrationFilters], page: Query[PageParams]
) -> dict[str, object]:
    """The wall of wins, newest first; `month` (YYYY-MM), `kind` and `team_id` narrow it."""
    organisation = organisation_of(request)
    found = celebrations_of(organisation)
    if filters.month:
        start, end = month_bounds(organisation, datetime.date.fromisoformat(filters.month + "-01"))
        found = found.filter(posted_at__gte=start, posted_at__lt=end)
    if filters.kind:
        found = found.filter(kind=filters.kind)
    if filters.team_id:
        found = found.filter(team_id=filters.team_id)
    return paginate(request, found, page)


@router.get(
    "/celebrations/{int:celebration_id}", response={200: CelebrationOut, **error_responses(422)}
)
def celebration_get(request: HttpRequest, celebration_id: ObjectId) -> Celebration:
    organisation = organisation_of(request)
    return get_scoped_or_404(celebrations_of(organisation), organisation, pk=celebration_id)


@router.post("/celebrations", response={201: CelebrationOut, **error_responses(*JSON_BODY)})
def celebration_create(request: HttpRequest, payload: CelebrationIn) -> Status[Celebration]:
    """Ring the gong: on the wall and in every enabled gong channel, each in its language.
    The same `external_id` again answers the first celebration and posts nothing."""
    organisation = organisation_of(request)
    wanted = list(dict.fromkeys(payload.person_ids))
    people = list(scoped(Person, organisation).filter(pk__in=wanted))
    if len(people) != len(wanted):
        raise _unknown("person_ids")
    team = None
    if payload.team_id is not None:
        team = scoped(Team, organisation).filter(pk=payload.team_id).first()
        if team is None:
            raise _unknown("team_id")
    me = scoped(Person, organisation).filter(user=user_of(request)).first()
    celebration = celebration_post(
        organisation=organisation,
        kind=payload.kind,
        title=payload.title,
        text=payload.text,
        people=people,
        team=team,
        posted_by=me,
        source=CelebrationSource.API,
        source_ref=payload.external_id,
        now=timezone.now(),
    )
    return Status(
        201, get_scoped_or_404(celebrations_of(organisation), organisation, pk=celebration.pk)
    )


@router.post("/kudos", response={201: KudosOut, **error_responses(*JSON_BODY, 409)})
def kudos_create(request: HttpRequest, payload: KudosIn) -> Status[dict[str, Any]]:
    """Give kudos as the token's user; 409 when this month's quota is spent (or the user
    has no entry in the directory), 422 for oneself or someone of another organisation."""
    organisation = organisation_of(request)
    me = _me(request)
    receiver = scoped(Person, organisation).filter(pk=payload.to_person_id).first()
    if receiver is None:
        raise _unknown("to_person_id")
    now = timezone.now()
    try:
        kudos = kudos_give(
            giver=me,
            receiver=receiver,
            message=payload.message,
            on_wall=payload.on_wall,
            source=CelebrationSource.API,
            now=now,
        )
    except ValidationError as exc:
        codes = {e.code for errors in getattr(exc, "error_dict", {}).values() for e in errors}
        if "quota" in codes:
            raise ApiError(409, "conflict", " ".join(exc.messages)) from exc
        raise
    return Status(
        201,
        {
            "id": kudos.pk,
            "from_person_id": me.pk,
            "to_person_id": receiver.pk,
            "message": kudos.message,
            "month": kudos.month.isoformat()[:7],
            "celebration_id": kudos.celebration_id,
            "left_this_month": kudos_balance(person=me, now=now).left,
        },
    )


@router.post(
    "/gong/webhook/{token}",
    auth=None,
    response={202: WebhookAccepted, **error_responses(400, 413)},
    exclude_none=True,
    openapi_extra={
        "description": (
            "For applicant tracking systems and CRMs: no token; sign the raw JSON body with "
            f"the webhook's secret and send `{SIGNATURE_HEADER}: sha256=<hex HMAC-SHA256>`. "
            "202: posted (or, for an external id posted before, nothing posted again); a "
            "body whose `event` is candidate.stage_changed, placement.started, "
            "placement.ended or order.created drives outreach instead (see docs/outreach.md); "
            "401: "
            "a bad or missing signature (nothing posted); 400: not JSON, or the mapping "
            f"found no value (the message says which); 413: over {MAX_BODY_BYTES // 1024} KB; "
            "404: no such webhook."
        ),
    },
)
def gong_webhook(request: HttpRequest, token: str) -> Status[dict[str, Any]]:
    length = request.META.get("CONTENT_LENGTH") or "0"
    too_big = length.isdigit() and int(length) > MAX_BODY_BYTES
    outcome = gong_webhook_receive(
        token=token[:64],
        body=b"x" * (MAX_BODY_BYTES + 1) if too_big else request.body,
        signature=request.headers.get(SIGNATURE_HEADER, ""),
        now=timezone.now(),
    )
    if outcome.status == 202 and outcome.celebration is not None:
        status = "duplicate" if outcome.result == "duplicate" else "accepted"
        return Status(202, {"status": status, "celebration_id": outcome.celebration.pk})
    if outcome.status == 202:  # a capability's event
        event, _sep, detail = outcome.message.partition(": ")
        return Status(202, {"status": "accepted", "event": event, "detail": detail})
    raise ApiError(outcome.status, ERROR_CODES[outcome.status], outcome.message)
