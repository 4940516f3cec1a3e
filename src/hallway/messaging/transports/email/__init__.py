"""Email over SMTP through Django's mail backend, with iMIP calendar invitations.

One SMTP connection is opened per delivery run and reused for every message (a new one
after an error). Each message keeps one Message-ID for all its attempts, so a message that
was sent again after a crash can be recognised as the same one.
"""

import hashlib
import smtplib
from email.utils import formatdate
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.utils import timezone

from hallway.messaging.ics import invitation_ics
from hallway.messaging.rendering import message_render
from hallway.messaging.transports.base import BaseTransport, TransportError

# Where the text footer (unsubscribe and preference links) starts; see _footer.txt.
FOOTER_SEPARATOR = "\n--\n"

if TYPE_CHECKING:
    from hallway.messaging.models import OutboxMessage


def message_id(message: "OutboxMessage") -> str:
    """Stable for the message: derived from its organisation and idempotency key."""
    digest = hashlib.sha256(
        f"{message.organisation_id}:{message.idempotency_key}".encode()
    ).hexdigest()[:24]
    domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip(" >") or "hallway.localhost"
    return f"<{message.pk}.{digest}@{domain}>"


def _classify(exc: BaseException) -> TransportError:
    """Permanent for 5xx answers about the recipient or the content, else transient."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _reply in exc.recipients.values()]
        permanent = bool(codes) and all(code >= 500 for code in codes)
        return TransportError(f"recipient refused: {exc.recipients}", permanent=permanent)
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return TransportError(f"SMTP login refused: {exc}", permanent=False, scope="channel")
    if isinstance(exc, smtplib.SMTPSenderRefused):
        return TransportError(
            f"sender refused: {exc.smtp_code} {exc.smtp_error!r}",
            permanent=exc.smtp_code >= 500,
            scope="channel",
        )
    if isinstance(exc, smtplib.SMTPResponseException):
        return TransportError(
            f"SMTP {exc.smtp_code}: {exc.smtp_error!r}", permanent=exc.smtp_code >= 500
        )
    return TransportError(f"{type(exc).__name__}: {exc}", permanent=False, scope="channel")


class EmailTransport(BaseTransport):
    def __init__(self) -> None:
        self.connection = get_connection(fail_silently=False)
        self._opened = False

    def close(self) -> None:
        if self._opened:
            try:
                self.connection.close()
            finally:
                self._opened = False

    def build(self, message: "OutboxMessage") -> EmailMultiAlternatives:
        from hallway.messaging.links import footer_links

        links = footer_links(message)
        rendered = message_render(
            template=message.template,
            channel=message.channel,
            language=message.language,
            timezone_name=message.timezone,
            context=message.context,
            organisation_id=message.organisation_id,
            extra=links,
        )
        headers = {
            "Message-ID": message_id(message),
            "Date": formatdate(localtime=False),
            "Content-Language": message.language,
            "Auto-Submitted": "auto-generated",
        }
        if links.get("unsubscribe_url"):
            headers["List-Unsubscribe"] = f"<{links['one_click_url']}>"
            headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        reply_to = [message.reply_to] if message.reply_to else None
        email = EmailMultiAlternatives(
            subject=rendered.subject,
            body=rendered.text,
            to=[_formatted(message)],
            reply_to=reply_to,
            headers=headers,
            connection=self.connection,
        )
        email.attach_alternative(rendered.html, "text/html")
        meeting = message.context.get("calendar") if isinstance(message.context, dict) else None
        if isinstance(meeting, dict):
            ics = invitation_ics(
                meeting,
                summary=rendered.subject,
                # The calendar keeps the message, not the mail's footer of personal links.
                description=rendered.text.split(FOOTER_SEPARATOR, 1)[0].strip(),
                now=timezone.now(),
            )
            method = "CANCEL" if meeting.get("method") == "CANCEL" else "REQUEST"
            # Calendar clients act on the text/calendar alternative (iMIP); others offer the
            # attachment for import.
            email.attach_alternative(ics.decode(), f"text/calendar; method={method}")
            email.attach("invite.ics", ics, "application/ics")
        return email

    def send(self, message: "OutboxMessage") -> None:
        if "@" not in message.address:
            raise TransportError(f"not an email address: {message.address!r}", permanent=True)
        email = self.build(message)
        try:
            if not self._opened:
                self.connection.open()
                self._opened = True
            self.connection.send_messages([email])
        except (TimeoutError, smtplib.SMTPException, OSError) as exc:
            raise _classify(exc) from exc
        message.external_id = email.extra_headers["Message-ID"]


def _formatted(message: "OutboxMessage") -> str:
    from email.headerregistry import Address

    if not message.recipient_name:
        return message.address
    local, _at, domain = message.address.partition("@")
    try:
        return str(Address(display_name=message.recipient_name, username=local, domain=domain))
    except (ValueError, IndexError):
        return message.address
