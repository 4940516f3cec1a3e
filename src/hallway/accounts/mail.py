"""Mail to account holders — password links and invitations — in the recipient's language
and zone.

They are outbox messages like every other: transactional (no sending window, no
unsubscribe), delivered at once because someone is waiting for them, and left in the
outbox for the workers to retry when the mail server cannot take them right now. The
outbox lives in messaging, a layer above accounts, so accounts says *what* to send
(`AccountMail`) and messaging registers, when it starts, the function that sends it
(`account_mail_sender_register`, called from `hallway.messaging.account_mail`) — the same
inversion as the navigation and panel registries. The templates are accounts' own:
`templates/accounts/messages/<type>/`.
"""

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, timedelta
from enum import Enum

from django.conf import settings
from django.utils import timezone

from hallway.accounts import links
from hallway.accounts.models import Invitation, Organisation, User

logger = logging.getLogger(__name__)

FALLBACK_LANGUAGE = "en"
PASSWORD_RESET = "password_reset"  # noqa: S105 (a message type, not a password)
INVITATION = "invitation"


class Outcome(Enum):
    SENT = "sent"  # the mail server took it
    RETRYING = "retrying"  # not now: it stays in the outbox and the workers try again
    FAILED = "failed"  # refused for good (an unknown mailbox, say)


@dataclass(frozen=True)
class AccountMail:
    """One mail to one address, sent through `organisation`'s outbox."""

    organisation: Organisation
    message_type: str
    address: str
    name: str
    language: str
    timezone: str
    # JSON values only: it is stored in the outbox and rendered when it is sent.
    context: dict[str, object]
    # Names the real-world mail: the same key again sends nothing new.
    idempotency_key: str
    user_id: int | None = None
    reply_to: str = ""


@dataclass(frozen=True)
class MailResult:
    outcome: Outcome
    error: str = ""


Sender = Callable[[AccountMail], MailResult]
_sender: list[Sender] = []


def account_mail_sender_register(sender: Sender) -> None:
    """Messaging, at start-up: how account mail goes out (one sender; a second replaces it)."""
    _sender[:] = [sender]


def account_mail_send(mail: AccountMail) -> MailResult:
    if not _sender:
        raise RuntimeError("No account mail sender is registered (is hallway.messaging installed?)")
    return _sender[0](mail)


def mail_organisation(user: User) -> Organisation | None:
    """Whose outbox a user's mail goes through: their first organisation, else the one
    that invited them last (someone removed everywhere and invited again may have forgotten
    their password); None for an account that belongs nowhere."""
    membership = user.memberships.select_related("organisation").order_by("created_at").first()
    if membership is not None:
        return membership.organisation
    invitation = (
        Invitation.objects.filter(
            email__iexact=user.email, accepted_at__isnull=True, revoked_at__isnull=True
        )
        .select_related("organisation")
        .order_by("-last_sent_at")
        .first()
    )
    return invitation.organisation if invitation else None


def user_language(user: User) -> str:
    """The user's own language, else their organisation's, else English."""
    if user.language:
        return str(user.language)
    organisation = mail_organisation(user)
    return organisation.language if organisation else FALLBACK_LANGUAGE


def user_timezone(user: User) -> str:
    if user.timezone:
        return str(user.timezone)
    organisation = mail_organisation(user)
    return organisation.timezone if organisation else "UTC"


def password_reset_mail_send(*, user: User, token: str) -> MailResult | None:
    """Mail `user` a link to choose a new password (valid for PASSWORD_RESET_TIMEOUT).

    Returns None, sending nothing, for an account that belongs to no organisation: there
    is no outbox to send through (the visitor sees the same page either way).
    """
    organisation = mail_organisation(user)
    if organisation is None:
        logger.warning("user %s belongs to no organisation: no password link sent", user.pk)
        return None
    expires_at = timezone.now() + timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT)
    # Each request has its own token (it holds the time), so a second request is a second
    # mail; the key carries a digest, not the token, because admins see keys.
    digest = hashlib.sha256(token.encode()).hexdigest()[:16]
    return account_mail_send(
        AccountMail(
            organisation=organisation,
            message_type=PASSWORD_RESET,
            address=user.email,
            name=user.get_full_name(),
            language=user_language(user),
            timezone=user_timezone(user),
            context={
                "recipient_name": user.first_name or user.email,
                "url": links.password_set_url(user, token=token),
                "expires_at": expires_at.isoformat(),
            },
            idempotency_key=f"accounts:password-reset:user-{user.pk}:{digest}",
            user_id=user.pk,
        )
    )


def invitation_mail_send(*, invitation: Invitation) -> MailResult:
    """Mail the invitation's link, in the organisation's language and zone (the invitee has
    no settings of their own yet). Each sending (`last_sent_at`) is its own mail."""
    organisation = invitation.organisation
    inviter = invitation.invited_by
    sent = invitation.last_sent_at.astimezone(UTC).strftime("%Y%m%dT%H%M%S.%f")
    return account_mail_send(
        AccountMail(
            organisation=organisation,
            message_type=INVITATION,
            address=invitation.email,
            name="",
            language=organisation.language,
            timezone=organisation.timezone,
            context={
                "organisation_name": organisation.name,
                "inviter_name": str(inviter) if inviter else "",
                "role": invitation.role,
                "url": links.invitation_url(invitation),
                "expires_at": invitation.link_expires_at.isoformat(),
            },
            idempotency_key=f"accounts:invitation-{invitation.pk}:sent-{sent}",
            reply_to=inviter.email if inviter else "",
        )
    )
