"""Signed links sent by email: accepting an invitation, setting a password.

Links are absolute and built from settings.BASE_URL, never from the request's Host
header, so a forged Host cannot redirect a reset link to another site.
"""

from enum import Enum

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from hallway.accounts.models import Invitation, User

INVITATION_SALT = "hallway.accounts.invitation"


class LinkProblem(Enum):
    INVALID = "invalid"
    EXPIRED = "expired"
    USED = "used"


class InvalidLink(Exception):
    def __init__(self, problem: LinkProblem) -> None:
        super().__init__(problem.value)
        self.problem = problem


def absolute_url(path: str) -> str:
    return f"{settings.BASE_URL}{path}"


def invitation_token(invitation: Invitation) -> str:
    signer = signing.TimestampSigner(salt=INVITATION_SALT)
    return signer.sign(str(invitation.pk))


def invitation_id_from_token(token: str) -> int:
    """The invitation id carried by `token`; InvalidLink if forged, altered or too old."""
    signer = signing.TimestampSigner(salt=INVITATION_SALT)
    try:
        value = signer.unsign(token, max_age=Invitation.VALID_FOR)
    except signing.SignatureExpired as exc:
        raise InvalidLink(LinkProblem.EXPIRED) from exc
    except signing.BadSignature as exc:
        raise InvalidLink(LinkProblem.INVALID) from exc
    try:
        return int(value)
    except ValueError as exc:  # signed by us, but not an id: treat as forged
        raise InvalidLink(LinkProblem.INVALID) from exc


def invitation_url(invitation: Invitation) -> str:
    return absolute_url(reverse("accounts:invitation_accept", args=[invitation_token(invitation)]))


def password_set_url(user: User, token: str | None = None) -> str:
    """A one-time link to choose a new password (Django's password reset token)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = token or default_token_generator.make_token(user)
    return absolute_url(
        reverse("accounts:password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    )
