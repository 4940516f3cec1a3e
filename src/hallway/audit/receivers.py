"""Events of Django's sign-in and of accounts, written to the audit log."""

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from hallway.accounts.events import account_event
from hallway.accounts.models import Membership, Organisation, User
from hallway.audit.services import audit_record


def _organisations_of(user: User) -> list[Organisation]:
    return [
        m.organisation for m in Membership.objects.filter(user=user).select_related("organisation")
    ]


def _record_for_each(action: str, user: User, request: HttpRequest | None, **fields: Any) -> None:
    """A sign-in concerns every organisation the account belongs to: each one's admins see it."""
    organisations: list[Organisation | None] = list(_organisations_of(user)) or [None]
    for organisation in organisations:
        audit_record(action, organisation=organisation, actor=user, request=request, **fields)


@receiver(user_logged_in, dispatch_uid="audit_signed_in")
def _signed_in(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    _record_for_each("signed_in", user, request, target=user.email)


@receiver(user_logged_out, dispatch_uid="audit_signed_out")
def _signed_out(sender: Any, request: HttpRequest | None, user: User | None, **kwargs: Any) -> None:
    if user is not None:
        _record_for_each("signed_out", user, request, target=user.email)


@receiver(user_login_failed, dispatch_uid="audit_sign_in_failed")
def _sign_in_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    # Django has already replaced the password in `credentials` with stars; only the name is kept.
    email = str(credentials.get("username") or credentials.get("email") or "")[:254]
    user = User.objects.filter(email__iexact=email).first() if email else None
    organisations: list[Organisation | None] = (
        list(_organisations_of(user)) if user is not None else []
    ) or [None]
    for organisation in organisations:
        audit_record(
            "sign_in_failed",
            organisation=organisation,
            actor_label=email,
            target=email,
            details={"known_account": user is not None},
            request=request,
        )


@receiver(account_event, dispatch_uid="audit_account_event")
def _account_event(
    sender: Any,
    action: str,
    organisation: Organisation | None,
    target: str,
    details: dict[str, Any],
    **kwargs: Any,
) -> None:
    audit_record(action, organisation=organisation, target=target, details=details)
