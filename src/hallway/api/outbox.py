"""/api/v1/outbox: the organisation's outgoing messages. Admins read, cancel and resend."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from hallway.accounts.models import Role
from hallway.accounts.tenancy import get_scoped_or_404
from hallway.api.auth import TokenAuth, organisation_of
from hallway.api.errors import ApiError
from hallway.api.schemas import ObjectId, PageParams, error_responses, paginate
from hallway.messaging.channels import kind_get, kinds
from hallway.messaging.models import OutboxMessage, Status
from hallway.messaging.selectors import message_context_shown, outbox_search
from hallway.messaging.services import MessageAction, message_cancel, message_resend

router = Router(tags=["outbox"], auth=TokenAuth(Role.ADMIN))


def _channel_kinds(schema: dict[str, Any]) -> None:
    schema["enum"] = ["", *sorted(kind.slug for kind in kinds())]


class OutboxFilters(Schema):
    status: Status | None = Field(
        None, description="queued, sending, sent, failed, cancelled, suppressed or expired"
    )
    channel: str = Field(
        "",
        description="A channel kind: email, slack, teams, mattermost, discord, webhook.",
        json_schema_extra=_channel_kinds,
    )
    message_type: str = Field("", description="Exact message type, e.g. meeting.")
    recipient: str = Field("", description="Part of the recipient's address or name.")


class RecipientOut(Schema):
    kind: str
    name: str
    address: str
    person_id: int | None


class AttemptOut(Schema):
    number: int
    started_at: datetime.datetime
    finished_at: datetime.datetime
    result: str
    error: str
    worker: str


class MessageOut(Schema):
    id: int
    status: Status
    channel: str = Field(description="The channel kind (email, slack, teams, …).")
    via: str | None = Field(description="The organisation's channel it goes through, by name.")
    message_type: str
    message_type_label: str = Field(
        description="The message type as people read it, in the request's language "
        "(Accept-Language), e.g. “Coffee date: intro”."
    )
    template: str
    idempotency_key: str
    recipient: RecipientOut
    language: str
    timezone: str
    transactional: bool
    not_before: datetime.datetime
    due_at: datetime.datetime
    expires_at: datetime.datetime | None = Field(
        description="Never sent after this moment: a message still unsent then is “expired”, "
        "with the reason in last_error."
    )
    sent_at: datetime.datetime | None
    attempt_count: int
    last_error: str
    external_id: str
    created_at: datetime.datetime

    @staticmethod
    def resolve_message_type_label(obj: OutboxMessage) -> str:
        return obj.type_label

    @staticmethod
    def resolve_via(obj: OutboxMessage) -> str | None:
        return obj.via.name if obj.via_id is not None and obj.via is not None else None

    @staticmethod
    def resolve_recipient(obj: OutboxMessage) -> dict[str, Any]:
        return {
            "kind": obj.recipient_kind,
            "name": obj.recipient_name,
            "address": obj.address,
            "person_id": obj.person_id,
        }


class MessageDetailOut(MessageOut):
    context: dict[str, Any] = Field(
        description="What the message is rendered from; sign-in links read “(hidden)”."
    )
    attempts: list[AttemptOut]

    @staticmethod
    def resolve_context(obj: OutboxMessage) -> dict[str, Any]:
        return message_context_shown(message=obj)

    @staticmethod
    def resolve_attempts(obj: OutboxMessage) -> list[Any]:
        return list(obj.attempts.all())


class MessagePage(Schema):
    count: int
    next: str | None
    previous: str | None
    results: list[MessageOut]


def _message(request: HttpRequest, message_id: ObjectId) -> OutboxMessage:
    return get_scoped_or_404(OutboxMessage, organisation_of(request), pk=message_id)


@router.get("/outbox", response={200: MessagePage, **error_responses(403, 422)})
def outbox_list(
    request: HttpRequest, filters: Query[OutboxFilters], page: Query[PageParams]
) -> dict[str, object]:
    """Newest first, filtered by status, channel, type and recipient."""
    if filters.channel and kind_get(filters.channel) is None:  # as the schema's enum says
        message = _("“%(kind)s” is not a channel kind.") % {"kind": filters.channel}
        raise ApiError(
            422,
            "validation_error",
            message,
            [{"field": "channel", "message": message, "code": "enum"}],
        )
    return paginate(
        request,
        outbox_search(
            organisation=organisation_of(request),
            status=filters.status or "",
            channel=filters.channel,
            message_type=filters.message_type,
            recipient=filters.recipient,
        ),
        page,
    )


@router.get(
    "/outbox/{int:message_id}", response={200: MessageDetailOut, **error_responses(403, 422)}
)
def outbox_get(request: HttpRequest, message_id: ObjectId) -> OutboxMessage:
    """One message with its context and every delivery attempt."""
    return _message(request, message_id)


def _act(request: HttpRequest, message_id: ObjectId, action: MessageAction) -> OutboxMessage:
    message = _message(request, message_id)
    try:
        return action(message=message)
    except ValidationError as exc:
        raise ApiError(409, "conflict", " ".join(exc.messages)) from exc


@router.post(
    "/outbox/{int:message_id}/cancel",
    response={200: MessageDetailOut, **error_responses(403, 409, 422)},
)
def outbox_cancel(request: HttpRequest, message_id: ObjectId) -> OutboxMessage:
    """Stop a queued message (cancelling a cancelled one again is fine; a sent one is 409)."""
    return _act(request, message_id, message_cancel)


@router.post(
    "/outbox/{int:message_id}/resend",
    response={200: MessageDetailOut, **error_responses(403, 409, 422)},
)
def outbox_resend(request: HttpRequest, message_id: ObjectId) -> OutboxMessage:
    """Queue a failed, cancelled, suppressed or sent message again (409 while still queued,
    and for an expired one: it would be late)."""
    return _act(request, message_id, message_resend)
