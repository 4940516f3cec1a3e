"""/api/v1/approvals and /api/v1/outreach-tasks: the token user's side of outreach.

The messages outreach drafted in the user's name and holds for their approval (oldest
first), approved (with edits) or discarded one by one; and the tasks it opened for them
("call Megan"), marked done. A message or task of someone else in the organisation is a
403 unless the token's user is an admin (messages) — tasks are their owner's alone (404).
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router

from hallway.accounts.models import Role
from hallway.accounts.tenancy import get_scoped_or_404
from hallway.api.auth import membership_of, organisation_of, user_of
from hallway.api.errors import ApiError, default_message
from hallway.api.outreach_personal_schemas import (
    ApprovalPage,
    ApproveIn,
    OwnerTaskOut,
    OwnerTaskPage,
    PersonalMessageOut,
)
from hallway.api.schemas import JSON_BODY, ObjectId, PageParams, error_responses, paginate
from hallway.outreach.models import OwnerTask, PersonalMessage
from hallway.outreach.selectors.approvals import (
    approvals_queue,
    may_decide,
    origins_of,
    queue_rows,
)
from hallway.outreach.selectors.tasks import tasks_open_for
from hallway.outreach.services.personal import personal_message_approve, personal_message_discard
from hallway.outreach.services.tasks import owner_task_done

router = Router(tags=["outreach"])


def _message(request: HttpRequest, approval_id: int) -> PersonalMessage:
    """One of the organisation's messages that the token's user may decide on."""
    organisation = organisation_of(request)
    message = get_scoped_or_404(
        PersonalMessage.objects.select_related("contact__company", "owner"),
        organisation,
        pk=approval_id,
    )
    admin = membership_of(request).has_role(Role.ADMIN)
    if not may_decide(message, user_of(request), admin=admin):
        raise ApiError(403, "forbidden", default_message(403))
    return message


def _conflict_or_invalid(exc: ValidationError) -> Exception:
    """A message decided already is a conflict; words that do not fit are a 422."""
    if hasattr(exc, "error_dict"):
        return exc
    return ApiError(409, "conflict", " ".join(exc.messages))


def _described(message: PersonalMessage) -> PersonalMessage:
    message.origin = origins_of(message.organisation, [message])[message.pk]  # type: ignore[attr-defined]
    return message


@router.get("/approvals", response={200: ApprovalPage, **error_responses(422)})
def approvals_list(request: HttpRequest, page: Query[PageParams]) -> dict[str, Any]:
    """The token user's messages waiting for approval, oldest first, each with when it
    would go if approved now and why it would not be sent at all (`warning`)."""
    organisation = organisation_of(request)
    found = paginate(
        request, approvals_queue(organisation=organisation, user=user_of(request)), page
    )
    rows = queue_rows(organisation=organisation, messages=found["results"], now=timezone.now())
    for row in rows:
        row.message.origin = row.origin  # type: ignore[attr-defined]
        row.message.would_go_at = row.goes_at  # type: ignore[attr-defined]
        row.message.warning = row.blocker  # type: ignore[attr-defined]
    return found


@router.post(
    "/approvals/{int:approval_id}/approve",
    response={200: PersonalMessageOut, **error_responses(*JSON_BODY, 403, 409)},
)
def approval_approve(
    request: HttpRequest, approval_id: ObjectId, payload: ApproveIn
) -> PersonalMessage:
    """Approve a waiting message, with the `subject` and `body` sent (else as drafted); it
    goes inside the contact's hours. 409 when it was approved or discarded already. Its
    owner, or an admin."""
    message = _message(request, approval_id)
    sent = payload.model_dump(exclude_unset=True)
    try:
        approved = personal_message_approve(
            message=message,
            by=user_of(request),
            now=timezone.now(),
            subject=sent.get("subject"),
            body=sent.get("body"),
        )
    except ValidationError as exc:
        raise _conflict_or_invalid(exc) from exc
    return _described(approved)


@router.post(
    "/approvals/{int:approval_id}/discard",
    response={200: PersonalMessageOut, **error_responses(403, 409, 422)},
)
def approval_discard(request: HttpRequest, approval_id: ObjectId) -> PersonalMessage:
    """Discard a message that has not gone to the outbox (discarding twice is no error);
    409 when it is queued or sent. Its owner, or an admin."""
    message = _message(request, approval_id)
    try:
        discarded = personal_message_discard(
            message=message, by=user_of(request), now=timezone.now()
        )
    except ValidationError as exc:
        raise ApiError(409, "conflict", " ".join(exc.messages)) from exc
    return _described(discarded)


@router.get("/outreach-tasks", response={200: OwnerTaskPage, **error_responses(422)})
def outreach_tasks_list(request: HttpRequest, page: Query[PageParams]) -> dict[str, Any]:
    """The token user's open tasks, the earliest due first."""
    return paginate(
        request,
        tasks_open_for(organisation=organisation_of(request), user=user_of(request)),
        page,
    )


@router.post(
    "/outreach-tasks/{int:task_id}/done",
    response={200: OwnerTaskOut, **error_responses(422)},
)
def outreach_task_done(request: HttpRequest, task_id: ObjectId) -> OwnerTask:
    """Mark one of the token user's tasks done (again: no change). Another's task is a 404."""
    task = get_scoped_or_404(
        OwnerTask.objects.select_related("contact", "company").filter(owner=user_of(request)),
        organisation_of(request),
        pk=task_id,
    )
    if task.done_at is None:
        task = owner_task_done(task=task, now=timezone.now())
    return task
