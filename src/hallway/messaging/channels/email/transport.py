"""Email over SMTP through Django's mail backend, with iMIP calendar invitations.

The installation's mail server (EMAIL_URL), or an organisation's own (an email channel with
a server address). One SMTP connection is opened per delivery run and reused for every
message (a new one after an error). Each message keeps one Message-ID for all its attempts, so a message that
was sent again after a crash can be recognised as the same one.
"""

import hashlib
import smtplib
from email.utils import formatdate
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.utils import timezone

from hallway.core.mail_url import email_settings
from hallway.messaging.channels.base import BaseTransport, Rendered, TransportError
from hallway.messaging.ics import invitation_ics

# Where the text footer (unsubscribe and preference links) starts; see _footer.txt.
FOOTER_SEPARATOR = "\n--\n"

# EMAIL_URL's Django settings → the SMTP backend's arguments.
SMTP_OPTIONS = {
    "EMAIL_HOST": "host",
    "EMAIL_PORT": "port",
    "EMAIL_HOST_USER": "username",
    "EMAIL_HOST_PASSWORD": "password",
    "EMAIL_USE_TLS": "use_tls",
    "EMAIL_USE_SSL": "use_ssl",
    "EMAIL_TIMEOUT": "timeout",
}

if TYPE_CHECKING:
    from hallway.messaging.models import Channel, OutboxMessage


def message_id(message: "OutboxMessage", sender: str = "") -> str:
    """Stable for the message: derived from its organisation and idempotency key."""
    digest = hashlib.sha256(
        f"{message.organisation_id}:{message.idempotency_key}".encode()
    ).hexdigest()[:24]
    sender = sender or settings.DEFAULT_FROM_EMAIL
    domain = sender.rsplit("@", 1)[-1].strip(" >") or "hallway.localhost"
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
    def __init__(self, *, server_url: str = "", from_address: str = "") -> None:
        if server_url:
            config = email_settings(server_url)
            options = {
                option: config[name]
                for name, option in SMTP_OPTIONS.items()
                if name in config  # console:// and memory:// take none
            }
            self.connection = get_connection(
                str(config["EMAIL_BACKEND"]), fail_silently=False, **options
            )
        else:
            self.connection = get_connection(fail_silently=False)
        self.from_address = from_address or settings.DEFAULT_FROM_EMAIL
        self._opened = False

    @classmethod
    def for_channel(cls, channel: "Channel | None") -> "EmailTransport":
        """The installation's mail server, or the channel's own when it has one."""
        if channel is None:
            return cls()
        secrets = channel.secrets_or_error()
        return cls(
            server_url=str(secrets.get("url", "")),
            from_address=str(channel.settings.get("from_address", "")),
        )

    def close(self) -> None:
        if self._opened:
            try:
                self.connection.close()
            finally:
                self._opened = False

    def build(self, message: "OutboxMessage", rendered: Rendered) -> EmailMultiAlternatives:
        from hallway.messaging.links import footer_links

        links = footer_links(message)
        headers = {
            "Message-ID": message_id(message, self.from_address),
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
            from_email=_sender(message, self.from_address),
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

    def send(self, message: "OutboxMessage", rendered: Rendered) -> None:
        if "@" not in message.address:
            raise TransportError(f"not an email address: {message.address!r}", permanent=True)
        email = self.build(message, rendered)
        try:
            if not self._opened:
                self.connection.open()
                self._opened = True
            self.connection.send_messages([email])
        except (TimeoutError, smtplib.SMTPException, OSError) as exc:
            raise _classify(exc) from exc
        message.external_id = email.extra_headers["Message-ID"]


def _sender(message: "OutboxMessage", from_address: str) -> str:
    """The From header: the installation's address, under the name of the person a message
    is written by when it has one (`from_name`: an account manager's note to a client,
    whose replies go to them through Reply-To)."""
    from email.utils import formataddr, parseaddr

    name = message.context.get("from_name") if isinstance(message.context, dict) else None
    if not isinstance(name, str) or not name.strip():
        return from_address
    _display, address = parseaddr(from_address)
    return formataddr((" ".join(name.split())[:100], address or from_address))


def _formatted(message: "OutboxMessage") -> str:
    from email.headerregistry import Address

    if not message.recipient_name:
        return message.address
    local, _at, domain = message.address.partition("@")
    try:
        return str(Address(display_name=message.recipient_name, username=local, domain=domain))
    except (ValueError, IndexError):
        return message.address
