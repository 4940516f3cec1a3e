"""Account emails (password reset, invitations): HTML and plain text, rendered in the
recipient's language and time zone, never the sender's.

They go straight through Django's mail backend because they answer a person who is
waiting for them right now (a reset, an invitation being sent).
"""

import zoneinfo
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone, translation

from hallway.accounts.models import Invitation, Organisation, User

FALLBACK_LANGUAGE = "en"


def _first_organisation(user: User) -> Organisation | None:
    membership = user.memberships.select_related("organisation").order_by("created_at").first()
    return membership.organisation if membership else None


def user_language(user: User) -> str:
    """The user's own language, else their (first) organisation's, else English."""
    if user.language:
        return str(user.language)
    organisation = _first_organisation(user)
    return organisation.language if organisation else FALLBACK_LANGUAGE


def user_timezone(user: User) -> str:
    if user.timezone:
        return str(user.timezone)
    organisation = _first_organisation(user)
    return organisation.timezone if organisation else "UTC"


def send_templated(
    *,
    to: str,
    language: str,
    timezone_name: str,
    template: str,
    context: dict[str, Any],
    reply_to: list[str] | None = None,
) -> None:
    """Render accounts/emails/<template>{_subject.txt,.txt,.html} and send them as one mail."""
    base = f"accounts/emails/{template}"
    with translation.override(language), timezone.override(zoneinfo.ZoneInfo(timezone_name)):
        context = {**context, "base_url": settings.BASE_URL}
        subject = " ".join(render_to_string(f"{base}_subject.txt", context).split())
        text = render_to_string(f"{base}.txt", context)
        html = render_to_string(f"{base}.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        to=[to],
        reply_to=reply_to,
        headers={"Content-Language": language},
    )
    message.attach_alternative(html, "text/html")
    message.send()


def send_password_reset(*, user: User, url: str) -> None:
    send_templated(
        to=user.email,
        language=user_language(user),
        timezone_name=user_timezone(user),
        template="password_reset",
        context={
            "user": user,
            "url": url,
            "expires_at": timezone.now() + timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT),
        },
    )


def send_invitation(*, invitation: Invitation, url: str) -> None:
    organisation = invitation.organisation
    inviter = invitation.invited_by
    send_templated(
        to=invitation.email,
        language=organisation.language,
        timezone_name=organisation.timezone,
        template="invitation",
        context={
            "invitation": invitation,
            "organisation": organisation,
            "inviter": inviter,
            "url": url,
            "expires_at": invitation.link_expires_at,
        },
        reply_to=[inviter.email] if inviter else None,
    )
