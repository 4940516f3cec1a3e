"""Signed links for people without a login: RSVP, "we met", pause, preferences, unsubscribe.

A link is single-purpose (the purpose is part of the signature's salt), expiring (a
timestamp inside the signature), tamper-proof (any change breaks the signature) and, for
purposes that act once, single-use (a nonce recorded in `UsedLink` in the same transaction
as the action). The language sits in the path, outside the signature: it only chooses the
language of the page, so a forged link still gets a friendly page in the person's language.

Opening a link (GET) never changes anything, so mail scanners that fetch links cannot
answer for anyone; the page has one button that confirms (POST). Mail clients' one-click
unsubscribe (RFC 8058) POSTs straight to the same address.
"""

import datetime
import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse

from hallway.accounts.links import InvalidLink, LinkProblem, absolute_url
from hallway.messaging.channels import EMAIL_KIND
from hallway.messaging.models import UsedLink

if TYPE_CHECKING:
    from hallway.messaging.models import OutboxMessage

SALT = "hallway.messaging.link."


@dataclass(frozen=True)
class Purpose:
    name: str
    valid_for: datetime.timedelta
    single_use: bool
    needs_person: bool


PURPOSES = {
    purpose.name: purpose
    for purpose in [
        Purpose("rsvp", datetime.timedelta(days=30), single_use=True, needs_person=True),
        Purpose("met", datetime.timedelta(days=30), single_use=True, needs_person=True),
        Purpose("pause", datetime.timedelta(days=14), single_use=True, needs_person=True),
        Purpose("preferences", datetime.timedelta(days=30), single_use=False, needs_person=True),
        # Unsubscribing twice does no harm, and the link must keep working for a long while.
        Purpose("unsubscribe", datetime.timedelta(days=365), single_use=False, needs_person=False),
    ]
}


def link_purpose_register(purpose: Purpose) -> Purpose:
    """Add another app's purpose (its action goes into `link_actions.ACTIONS`)."""
    PURPOSES[purpose.name] = purpose
    return purpose


@dataclass(frozen=True)
class SignedLink:
    purpose: str
    organisation_id: int
    person_id: int | None
    channel: str
    address: str
    subject: str
    answer: str
    nonce: str


def link_token(
    *,
    purpose: str,
    organisation_id: int,
    person_id: int | None = None,
    channel: str = "",
    address: str = "",
    subject: str = "",
    answer: str = "",
) -> str:
    if purpose not in PURPOSES:
        raise ValueError(f"unknown link purpose {purpose!r}")
    payload = {
        "o": organisation_id,
        "p": person_id,
        "c": channel,
        "a": address,
        "s": subject,
        "v": answer,
        "n": secrets.token_hex(8),
    }
    return signing.dumps(payload, salt=SALT + purpose, compress=True)


def link_url(*, language: str, purpose: str, **fields: Any) -> str:
    token = link_token(purpose=purpose, **fields)
    return absolute_url(
        reverse("messaging:link", kwargs={"language": language, "purpose": purpose, "token": token})
    )


def link_read(*, purpose: str, token: str) -> SignedLink:
    """What a link says; InvalidLink when forged, altered, expired or already used."""
    definition = PURPOSES.get(purpose)
    if definition is None:
        raise InvalidLink(LinkProblem.INVALID)
    try:
        payload = signing.loads(token, salt=SALT + purpose, max_age=definition.valid_for)
    except signing.SignatureExpired as exc:
        raise InvalidLink(LinkProblem.EXPIRED) from exc
    except signing.BadSignature as exc:
        raise InvalidLink(LinkProblem.INVALID) from exc
    try:
        link = SignedLink(
            purpose=purpose,
            organisation_id=int(payload["o"]),
            person_id=int(payload["p"]) if payload.get("p") is not None else None,
            channel=str(payload.get("c", "")),
            address=str(payload.get("a", "")),
            subject=str(payload.get("s", "")),
            answer=str(payload.get("v", "")),
            nonce=str(payload["n"]),
        )
    except (KeyError, TypeError, ValueError) as exc:  # signed by us, but not a link
        raise InvalidLink(LinkProblem.INVALID) from exc
    if definition.needs_person and link.person_id is None:
        raise InvalidLink(LinkProblem.INVALID)
    if definition.single_use and UsedLink.objects.filter(nonce=link.nonce).exists():
        raise InvalidLink(LinkProblem.USED)
    return link


def link_use(link: SignedLink) -> None:
    """Mark a single-use link used; call inside the transaction of its action."""
    if not PURPOSES[link.purpose].single_use:
        return
    try:
        with transaction.atomic():
            UsedLink.objects.create(
                organisation_id=link.organisation_id, nonce=link.nonce, purpose=link.purpose
            )
    except IntegrityError as exc:  # used by a concurrent request a moment ago
        raise InvalidLink(LinkProblem.USED) from exc


def footer_links(message: "OutboxMessage") -> dict[str, str]:
    """Unsubscribe (and preferences) links for a non-transactional message, else none."""
    if message.transactional:
        return {}
    unsubscribe = link_url(
        language=message.language,
        purpose="unsubscribe",
        organisation_id=message.organisation_id,
        channel=message.channel,
        address=message.address.lower() if message.channel == EMAIL_KIND else message.address,
    )
    links = {"unsubscribe_url": unsubscribe, "one_click_url": unsubscribe}
    if message.person_id is not None:
        links["preferences_url"] = link_url(
            language=message.language,
            purpose="preferences",
            organisation_id=message.organisation_id,
            person_id=message.person_id,
        )
    return links
