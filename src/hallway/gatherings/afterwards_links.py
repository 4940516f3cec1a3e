"""The links of a "who you met" note: "I'd like to meet X again" and a rating of 1 to 5.

One purpose, `gathering_afterwards`, for the guest (`guest-<id>`) with the answer
`meet-<guest id>` or `rate-<score>`. Not single-use: clicking twice changes nothing, and a
later rating replaces the earlier one. Opening a link asks to confirm (a POST), so mail
scanners that open links wish and rate for nobody.
"""

import datetime
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hallway.gatherings.models import Guest
from hallway.messaging.link_actions import Action, LinkActionError, link_action_register
from hallway.messaging.links import Purpose, SignedLink, link_purpose_register, link_url

AFTERWARDS = link_purpose_register(
    Purpose(
        "gathering_afterwards", datetime.timedelta(days=90), single_use=False, needs_person=False
    )
)
SUBJECT_PREFIX = "guest-"


def afterwards_url(*, guest: Guest, answer: str, language: str) -> str:
    return link_url(
        language=language,
        purpose=AFTERWARDS.name,
        organisation_id=guest.organisation_id,
        subject=f"{SUBJECT_PREFIX}{guest.pk}",
        answer=answer,
    )


def _guest(link: SignedLink, number: str) -> Guest | None:
    if not number.isdigit():
        return None
    return (
        Guest.objects.filter(pk=int(number), organisation_id=link.organisation_id)
        .select_related("gathering", "organisation")
        .first()
    )


def _parsed(link: SignedLink) -> tuple[Guest, str, str]:
    """The guest, what they answer ("meet" or "rate") and its value."""
    guest = _guest(link, link.subject.removeprefix(SUBJECT_PREFIX))
    if guest is None:
        raise LinkActionError(_("This gathering no longer exists."))
    what, _sep, value = link.answer.partition("-")
    if what not in ("meet", "rate") or not value.isdigit():
        raise LinkActionError(_("This link does not carry an answer."))
    return guest, what, value


def _other(link: SignedLink, guest: Guest, value: str) -> Guest:
    other = _guest(link, value)
    if other is None or other.gathering_id != guest.gathering_id:
        raise LinkActionError(_("This guest is no longer on the list."))
    return other


class AfterwardsAnswer(Action):
    def confirm_context(self, link: SignedLink) -> dict[str, Any]:
        from hallway.gatherings.services.afterwards import shown_as

        guest, what, value = _parsed(link)
        title = guest.gathering.title
        if what == "meet":
            name = shown_as(_other(link, guest, value))["name"]
            return {
                "title": title,
                "question": _("Would you like to meet %(name)s again?") % {"name": name},
                "button": _("Yes, I'd like to meet %(name)s again") % {"name": name},
            }
        return {
            "title": title,
            "question": _("How was %(title)s? Your rating: %(score)s of 5.")
            % {"title": title, "score": value},
            "button": _("Send my rating"),
        }

    def perform(self, link: SignedLink, data: Mapping[str, Any]) -> dict[str, Any]:
        from hallway.gatherings.services.afterwards import (
            gathering_rate,
            meet_again_record,
            shown_as,
        )

        guest, what, value = _parsed(link)
        message: Any
        try:
            if what == "meet":
                other = _other(link, guest, value)
                meet_again_record(guest=guest, other=other, now=timezone.now())
                message = _(
                    "Noted. The hosts will see that you would like to meet %(name)s again."
                ) % {"name": shown_as(other)["name"]}
            else:
                gathering_rate(guest=guest, score=int(value), now=timezone.now())
                message = _("Thank you for your rating.")
        except ValidationError as exc:
            raise LinkActionError(" ".join(exc.messages)) from exc
        return {"title": _("Thank you"), "message": message}


link_action_register(AFTERWARDS.name, AfterwardsAnswer())
