"""Accounts' mail (password links, invitations) as outbox messages.

Accounts sits below messaging and cannot enqueue; it describes each mail as an
`AccountMail` and calls the sender registered here (`hallway.accounts.mail`). The types are
accounts' (their templates live in `accounts/messages/<type>/`), transactional and
delivered at once through the same path as `hallway send-test`.
"""

import datetime
from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from hallway.accounts import mail
from hallway.messaging.channels import EMAIL_KIND
from hallway.messaging.channels.base import EMAIL
from hallway.messaging.delivery import outbox_deliver_now
from hallway.messaging.models import RecipientKind, Status
from hallway.messaging.services import Recipient, message_enqueue
from hallway.messaging.types import MessageType, message_type_register

# The worker id the web process claims these messages with.
WORKER = "accounts-now"


def _in_days(days: int) -> str:
    return (datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=days)).isoformat()


def _sample_password_reset() -> dict[str, Any]:
    return {
        "recipient_name": "Carol",
        "url": f"{settings.BASE_URL}/accounts/password/reset/sample/set-password/",
        "expires_at": _in_days(3),
    }


def _sample_invitation() -> dict[str, Any]:
    return {
        "organisation_name": "Acme",
        "inviter_name": "Alice Admin",
        "role": "member",
        "url": f"{settings.BASE_URL}/accounts/invitation/sample/",
        "expires_at": _in_days(7),
    }


PASSWORD_RESET = message_type_register(
    MessageType(
        mail.PASSWORD_RESET,
        _("Password link"),
        app="accounts",
        transactional=True,
        template_kinds=(EMAIL,),
        sample=_sample_password_reset,
        overridable=False,
        private=("url",),
    )
)
INVITATION = message_type_register(
    MessageType(
        mail.INVITATION,
        _("Invitation to an organisation"),
        app="accounts",
        transactional=True,
        template_kinds=(EMAIL,),
        sample=_sample_invitation,
        overridable=False,
        private=("url",),
    )
)


def account_mail_deliver(account_mail: mail.AccountMail) -> mail.MailResult:
    """Enqueue `account_mail` and deliver it now; the same key again sends nothing new."""
    message = message_enqueue(
        organisation=account_mail.organisation,
        recipient=Recipient(
            address=account_mail.address,
            kind=RecipientKind.USER if account_mail.user_id else RecipientKind.ADDRESS,
            ref=str(account_mail.user_id or ""),
            name=account_mail.name,
            language=account_mail.language,
            timezone=account_mail.timezone,
        ),
        channel=EMAIL_KIND,
        message_type=account_mail.message_type,
        context=account_mail.context,
        idempotency_key=account_mail.idempotency_key,
        reply_to=account_mail.reply_to,
    )
    if message.status == Status.QUEUED:
        message = outbox_deliver_now(message=message, worker=WORKER)
    if message.status == Status.SENT:
        return mail.MailResult(mail.Outcome.SENT)
    if message.status in (Status.QUEUED, Status.SENDING):
        return mail.MailResult(mail.Outcome.RETRYING, message.last_error)
    return mail.MailResult(mail.Outcome.FAILED, message.last_error)
