"""Writing the audit log, and forgetting what is older than the retention."""

import datetime
from typing import Any

from django.conf import settings
from django.http import HttpRequest

from hallway.accounts.models import Organisation, User
from hallway.accounts.signin_guard import client_address
from hallway.audit.context import current_request
from hallway.audit.models import AuditEvent

USER_AGENT_MAX = AuditEvent._meta.get_field("user_agent").max_length or 300
TARGET_MAX = AuditEvent._meta.get_field("target").max_length or 300


def _actor_of(request: HttpRequest | None) -> User | None:
    if request is None:
        return None
    user = getattr(request, "user", None)
    if isinstance(user, User) and user.is_authenticated:
        return user
    token = getattr(request, "auth", None)  # an API request: the token's user
    token_user = getattr(token, "user", None)
    return token_user if isinstance(token_user, User) else None


def audit_record(
    action: str,
    *,
    organisation: Organisation | None,
    target: str = "",
    details: dict[str, Any] | None = None,
    actor: User | None = None,
    actor_label: str = "",
    request: HttpRequest | None = None,
) -> AuditEvent:
    """Record an action. The actor and their address come from the request being served
    unless given (a command-line action has neither)."""
    request = request if request is not None else current_request.get()
    actor = actor if actor is not None else _actor_of(request)
    meta = request.META if request is not None else {}
    address = client_address(request) if request is not None else ""
    return AuditEvent.objects.create(
        organisation=organisation,
        action=action,
        actor=actor,
        actor_label=actor_label or (actor.email if actor else ""),
        target=target[:TARGET_MAX],
        details=details or {},
        ip_address=address or None,
        user_agent=str(meta.get("HTTP_USER_AGENT", ""))[:USER_AGENT_MAX],
    )


def audit_prune(*, now: datetime.datetime) -> int:
    """Delete events older than the retention; how many were deleted."""
    cutoff = now - datetime.timedelta(days=settings.HALLWAY_AUDIT_RETENTION_DAYS)
    deleted, _by_model = AuditEvent.objects.filter(created_at__lt=cutoff).delete()
    return deleted
