"""Mail to or from contacts becomes touches: a user's own IMAP folder, or the organisation's
BCC mailbox (members copy it in; each mail is given to the member who sent it, or, for a
contact's mail, to the member it was sent to).

Read with the standard library's `imaplib`: all this needs is LOGIN, SELECT, UID SEARCH and
UID FETCH of a few header fields, which the stdlib client does well; a richer client would
add a dependency and nothing we use. Reading is bounded: headers only
(BODY.PEEK[HEADER.FIELDS (...)], which also leaves mails unread) unless the organisation
keeps mail text (`RelationshipSettings.mail_bodies`; then at most the first `BODY_BYTES`
of each mail, and only its plain-text part is kept), at most `MAX_MESSAGES` per reading,
resumed at the last UID seen. A mail that cannot be parsed is skipped, never fatal.
"""

import contextlib
import datetime
import email
import email.policy
import hashlib
import imaplib
import logging
import re
import ssl
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.header import decode_header, make_header
from email.message import Message
from email.utils import getaddresses, parsedate_to_datetime
from typing import TypedDict

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import F, Q
from django.utils.translation import gettext as _

from hallway.accounts.models import Organisation, User
from hallway.people.models import Person
from hallway.relationships.models import Contact, Direction, TouchKind, TouchSource
from hallway.relationships.selectors.settings import relationship_settings
from hallway.relationships.services.reach import SourceError, host_check
from hallway.relationships.services.records import contacts_by_email, members_by_email
from hallway.relationships.services.touches import touch_record
from hallway.relationships.sources_models import Mailbox, MailSecurity

logger = logging.getLogger("hallway.relationships")

TIMEOUT_SECONDS = 30
MAX_MESSAGES = 500
FETCH_BATCH = 100
BODY_BYTES = 1_000_000
BODY_CHARS = 4000
HEADER_FIELDS = "FROM TO CC DATE SUBJECT MESSAGE-ID"
UID_IN_FETCH = re.compile(rb"\bUID (\d+)")


class MailboxData(TypedDict, total=False):
    host: str
    port: int
    security: str
    username: str
    password: str  # empty: keep the stored one
    folder: str


@dataclass
class MailReport:
    touches: int = 0
    read: int = 0
    skipped: int = 0
    problems: list[str] = field(default_factory=list)


def mailbox_save(
    *,
    organisation: Organisation,
    user: User | None,
    data: MailboxData,
    mailbox: Mailbox | None = None,
) -> Mailbox:
    """Store a user's folder (`user`) or the organisation's BCC mailbox (`user=None`)."""
    mailbox = mailbox or (
        Mailbox.objects.filter(organisation=organisation, user=user).first()
        or Mailbox(organisation=organisation, user=user)
    )
    before = (mailbox.host, mailbox.username, mailbox.folder)
    server_before = (mailbox.host, mailbox.port, mailbox.username) if mailbox.pk else None
    for key in ("host", "security", "username", "folder"):
        if key in data:
            setattr(mailbox, key, str(data[key]).strip())
    if "port" in data:
        mailbox.port = data["port"]
    errors: dict[str, list[str]] = {}
    try:
        mailbox.full_clean(exclude=["organisation", "user", "secrets_encrypted"])
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if "host" not in errors:
        try:
            host_check(mailbox.host, mailbox.port)
        except SourceError as exc:
            errors["host"] = [str(exc)]
    if mailbox.security == MailSecurity.NONE and not settings.HALLWAY_SOURCES_ALLOW_PRIVATE:
        errors["security"] = [_("Without encryption the password would cross the network.")]
    if data.get("password"):
        mailbox.password = data["password"]
    elif not mailbox.password:
        errors["password"] = [_("Give the password.")]
    elif server_before != (mailbox.host, mailbox.port, mailbox.username):
        # The stored password goes only to the server it was given for: whoever points the
        # mailbox elsewhere must know it.
        errors["password"] = [_("Give the password again for another server or user name.")]
    if errors:
        raise ValidationError(errors)
    if (mailbox.host, mailbox.username, mailbox.folder) != before:
        mailbox.uidvalidity, mailbox.last_uid = None, 0  # another folder: read it from its start
        mailbox.last_read_at = mailbox.last_error_at = None
        mailbox.last_error = ""
    mailbox.save()
    return mailbox


def mailbox_delete(*, mailbox: Mailbox) -> None:
    mailbox.delete()


def _quoted(folder: str) -> str:
    return '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'


@contextlib.contextmanager
def _session(mailbox: Mailbox) -> Iterator[imaplib.IMAP4]:
    """A logged-in connection with the folder selected read-only; every failure a SourceError."""
    host_check(mailbox.host, mailbox.port)
    if mailbox.security == MailSecurity.NONE and not settings.HALLWAY_SOURCES_ALLOW_PRIVATE:
        raise SourceError("a mailbox without encryption is not allowed")
    imap: imaplib.IMAP4 | None = None
    try:
        if mailbox.security == MailSecurity.IMPLICIT:
            imap = imaplib.IMAP4_SSL(
                mailbox.host,
                mailbox.port,
                ssl_context=ssl.create_default_context(),
                timeout=TIMEOUT_SECONDS,
            )
        else:
            imap = imaplib.IMAP4(mailbox.host, mailbox.port, timeout=TIMEOUT_SECONDS)
            if mailbox.security == MailSecurity.STARTTLS:
                imap.starttls(ssl.create_default_context())
        imap.login(mailbox.username, mailbox.password)
        status, _data = imap.select(_quoted(mailbox.folder), readonly=True)
        if status != "OK":
            raise SourceError(f"there is no folder {mailbox.folder}")
        yield imap
    except (imaplib.IMAP4.error, OSError) as exc:
        raise SourceError(f"the mail server refused: {_reason(exc)}") from exc
    finally:
        if imap is not None:
            with contextlib.suppress(Exception):
                imap.logout()


def _reason(exc: Exception) -> str:
    text = str(exc.args[0] if exc.args else exc)
    if text.startswith("b'") or text.startswith('b"'):
        text = text[2:-1]
    return (text or type(exc).__name__)[:200]


def mailbox_test(*, mailbox: Mailbox) -> str:
    """ "" when the mailbox can be opened, else why not."""
    try:
        with _session(mailbox):
            return ""
    except SourceError as exc:
        return str(exc)


@dataclass
class _Mail:
    message_id: str
    at: datetime.datetime
    sender: str
    recipients: list[str]
    subject: str
    text: str


def _header(message: Message, name: str) -> str:
    value = message.get(name)
    if value is None:
        return ""
    try:
        return str(make_header(decode_header(str(value))))
    except Exception:  # a broken encoded-word: keep what is readable
        return str(value)


def _addresses(message: Message, *names: str) -> list[str]:
    values = [str(value) for name in names for value in message.get_all(name, [])]
    return [address.strip().lower() for _name, address in getaddresses(values) if "@" in address]


def _plain_text(message: Message) -> str:
    for part in message.walk():
        if part.get_content_type() != "text/plain" or part.get_filename():
            continue
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes):
            continue
        charset = part.get_content_charset() or "utf-8"
        try:
            text = payload.decode(charset, errors="replace")
        except LookupError:
            text = payload.decode("utf-8", errors="replace")
        return text.strip()[:BODY_CHARS].strip()
    return ""


def _parse(raw: bytes, *, now: datetime.datetime, with_text: bool) -> _Mail | None:
    message = email.message_from_bytes(raw, policy=email.policy.compat32)
    senders = _addresses(message, "From")
    if not senders:
        return None
    subject = " ".join(_header(message, "Subject").split())[:300]
    try:
        at = parsedate_to_datetime(_header(message, "Date"))
        if at.tzinfo is None:
            at = at.replace(tzinfo=datetime.UTC)
        at = min(at, now)
    except (TypeError, ValueError, IndexError):
        at = now
    message_id = _header(message, "Message-ID").strip().strip("<>").strip()
    if not message_id or len(message_id) > 300:
        # No usable Message-ID: name the mail by what it says, so reading it again finds it.
        basis = f"{senders[0]}|{_header(message, 'Date')}|{subject}|{message_id}"
        message_id = "sha256:" + hashlib.sha256(basis.encode()).hexdigest()
    return _Mail(
        message_id=message_id,
        at=at,
        sender=senders[0],
        recipients=_addresses(message, "To", "Cc"),
        subject=subject,
        text=_plain_text(message) if with_text else "",
    )


def _own_addresses(mailbox: Mailbox) -> set[str]:
    user = mailbox.user
    if user is None:
        return set()
    people = Person.objects.filter(organisation=mailbox.organisation, user=user)
    return {
        user.email.lower(),
        *(email.lower() for email in people.values_list("email", flat=True)),
    }


def _record(mailbox: Mailbox, mail: _Mail, report: MailReport, own: set[str]) -> None:
    organisation = mailbox.organisation
    everyone = [mail.sender, *mail.recipients]
    contacts = contacts_by_email(organisation, everyone)
    if not contacts:
        return
    by: User | None
    involved: dict[int, Contact]
    if mailbox.user is not None:
        by = mailbox.user
        if mail.sender in own:
            direction = Direction.OUTBOUND
            involved = {contacts[a].pk: contacts[a] for a in mail.recipients if a in contacts}
        elif mail.sender in contacts:
            direction = Direction.INBOUND
            involved = {contacts[a].pk: contacts[a] for a in everyone if a in contacts}
        else:
            return
    else:
        members = members_by_email(organisation, everyone)
        if mail.sender in members:
            direction, by = Direction.OUTBOUND, members[mail.sender]
            involved = {contacts[a].pk: contacts[a] for a in mail.recipients if a in contacts}
        elif mail.sender in contacts:
            receivers = [members[a] for a in mail.recipients if a in members]
            if not receivers:
                return
            direction, by = Direction.INBOUND, receivers[0]
            involved = {contacts[a].pk: contacts[a] for a in everyone if a in contacts}
        else:
            return
    if not involved:
        return
    summary = mail.subject + (f"\n\n{mail.text}" if mail.text else "")
    try:
        touch_record(
            organisation=organisation,
            kind=TouchKind.EMAIL,
            at=mail.at,
            contacts=list(involved.values()),
            by=by,
            summary=summary,
            source=TouchSource.MAIL,
            direction=direction,
            external_id=mail.message_id,
        )
    except ValidationError:
        report.skipped += 1
        return
    report.touches += 1


def _fetched(data: list[object]) -> Iterator[tuple[int, bytes]]:
    """(UID, bytes) pairs from a UID FETCH answer (imaplib returns tuples for literals)."""
    for item in data:
        if isinstance(item, tuple) and len(item) == 2:
            meta, payload = item
            found = UID_IN_FETCH.search(meta) if isinstance(meta, bytes) else None
            if found and isinstance(payload, bytes):
                yield int(found.group(1)), payload


def _uidvalidity(imap: imaplib.IMAP4) -> int | None:
    _name, values = imap.response("UIDVALIDITY")
    for value in values or []:
        if isinstance(value, bytes) and value.strip().isdigit():
            return int(value)
    return None


def _read(
    mailbox: Mailbox, imap: imaplib.IMAP4, now: datetime.datetime, report: MailReport
) -> None:
    validity = _uidvalidity(imap)
    if validity != mailbox.uidvalidity:
        mailbox.uidvalidity, mailbox.last_uid = validity, 0
    status, data = imap.uid("SEARCH", f"UID {mailbox.last_uid + 1}:*")
    if status != "OK":
        raise SourceError("the mail server could not search the folder")
    # "N:*" always matches the newest mail, even below N (RFC 3501 6.4.8): filter.
    uids = sorted(int(u) for u in (data[0] or b"").split() if int(u) > mailbox.last_uid)
    uids = uids[:MAX_MESSAGES]
    with_text = relationship_settings(mailbox.organisation).mail_bodies
    own = _own_addresses(mailbox)
    what = (
        f"BODY.PEEK[]<0.{BODY_BYTES}>"
        if with_text
        else f"BODY.PEEK[HEADER.FIELDS ({HEADER_FIELDS})]"
    )
    for start in range(0, len(uids), FETCH_BATCH):
        batch = uids[start : start + FETCH_BATCH]
        status, fetched = imap.uid("FETCH", ",".join(map(str, batch)), f"(UID {what})")
        if status != "OK":
            raise SourceError("the mail server could not hand out the mails")
        for _uid, raw in _fetched(fetched):
            report.read += 1
            try:
                mail = _parse(raw, now=now, with_text=with_text)
            except Exception:  # malformed beyond what the parser forgives: skip this one
                mail = None
            if mail is None:
                report.skipped += 1
            else:
                _record(mailbox, mail, report, own)
        mailbox.last_uid = max(mailbox.last_uid, batch[-1])


def mailbox_read(*, mailbox: Mailbox, now: datetime.datetime) -> MailReport:
    """Read what is new in one mailbox and store how it went; never raises for the mailbox's
    own problems (they are kept on it, for its owner to see)."""
    report = MailReport()
    fields = ["uidvalidity", "last_uid", "last_read_at", "last_error", "last_error_at"]
    try:
        with _session(mailbox) as imap:
            _read(mailbox, imap, now, report)
    except SourceError as exc:
        mailbox.last_error, mailbox.last_error_at = str(exc)[:500], now
        mailbox.save(update_fields=fields)  # keeps the progress made before the failure
        report.problems.append(str(exc))
        return report
    mailbox.last_read_at, mailbox.last_error, mailbox.last_error_at = now, "", None
    mailbox.save(update_fields=fields)
    return report


def mailboxes_read(*, now: datetime.datetime) -> int:
    """Read every mailbox (the periodic job): how many touches were seen. One mailbox's
    unexpected failure is logged and does not stop the others."""
    seen = 0
    # A user's folder stops with their membership; the organisation's mailbox has no user.
    current = Mailbox.objects.filter(
        Q(user__isnull=True) | Q(user__memberships__organisation=F("organisation"))
    ).select_related("organisation", "user")
    for mailbox in current:
        try:
            seen += mailbox_read(mailbox=mailbox, now=now).touches
        except Exception:
            logger.exception("relationships: mailbox %s could not be read", mailbox.pk)
    return seen
