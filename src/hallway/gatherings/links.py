"""A gathering's answer links: yes, no and maybe, one per guest and answer.

Not single-use: a guest may change their mind (the last answer counts), and a link only ever
answers for its own guest. Opening a link shows the gathering and asks to confirm (a POST),
so mail scanners that open links answer for nobody.
"""

import datetime
from collections.abc import Mapping
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from hallway.core.dates import long_date, time_of_day
from hallway.gatherings.models import Guest, GuestStatus
from hallway.messaging.link_actions import Action, LinkActionError, link_action_register
from hallway.messaging.links import Purpose, SignedLink, link_purpose_register, link_url

RSVP = link_purpose_register(
    Purpose("gathering_rsvp", datetime.timedelta(days=180), single_use=False, needs_person=False)
)
RSVP_ANSWERS = (GuestStatus.YES, GuestStatus.NO, GuestStatus.MAYBE)
SUBJECT_PREFIX = "guest-"


def rsvp_url(*, guest: Guest, answer: str, language: str) -> str:
    return link_url(
        language=language,
        purpose=RSVP.name,
        organisation_id=guest.organisation_id,
        subject=f"{SUBJECT_PREFIX}{guest.pk}",
        answer=answer,
    )


def _guest(link: SignedLink) -> Guest:
    number = link.subject.removeprefix(SUBJECT_PREFIX)
    guest = (
        Guest.objects.filter(pk=int(number), organisation_id=link.organisation_id)
        .select_related("gathering", "gathering__organisation")
        .first()
        if number.isdigit()
        else None
    )
    if guest is None:
        raise LinkActionError(_("This invitation no longer exists."))
    return guest


def _answer(link: SignedLink) -> str:
    if link.answer not in RSVP_ANSWERS:
        raise LinkActionError(_("This link does not carry an answer."))
    return link.answer


QUESTIONS: dict[str, Any] = {
    GuestStatus.YES: _("Will you come to %(title)s on %(date)s at %(time)s? Your answer: yes."),
    GuestStatus.NO: _("Will you come to %(title)s on %(date)s at %(time)s? Your answer: no."),
    GuestStatus.MAYBE: _("Will you come to %(title)s on %(date)s at %(time)s? Your answer: maybe."),
}


class GatheringAnswer(Action):
    def confirm_context(self, link: SignedLink) -> dict[str, Any]:
        guest = _guest(link)
        answer = _answer(link)
        gathering = guest.gathering
        try:
            local = gathering.starts_at.astimezone(ZoneInfo(guest.timezone))
        except (ZoneInfoNotFoundError, ValueError):
            local = gathering.starts_at
        return {
            "title": gathering.title,
            "question": QUESTIONS[answer]
            % {
                "title": gathering.title,
                "date": long_date(local.date()),
                "time": time_of_day(local),
            },
            "button": _("Send my answer"),
            # Privacy by default: a guest's name, company and topics reach the people they
            # meet only if they tick this (see services/afterwards.py).
            "fields_template": "gatherings/_share_fields.html" if answer == GuestStatus.YES else "",
            "share_profile": guest.share_profile,
        }

    def perform(self, link: SignedLink, data: Mapping[str, Any]) -> dict[str, Any]:
        from hallway.gatherings.services.guests import guest_answer

        guest = _guest(link)
        try:
            guest = guest_answer(guest=guest, answer=_answer(link))
        except ValidationError as exc:
            raise LinkActionError(" ".join(exc.messages)) from exc
        if _answer(link) == GuestStatus.YES:
            share = data.get("share_profile") == "on"
            if share != guest.share_profile:
                Guest.objects.filter(pk=guest.pk).update(share_profile=share)
        messages: dict[str, Any] = {
            GuestStatus.YES: _("See you there! The calendar invitation has the video link."),
            GuestStatus.NO: _("Thank you for letting us know. Maybe next time."),
            GuestStatus.MAYBE: _(
                "Thank you. Your seat is kept for now; answer yes or no when you know."
            ),
            GuestStatus.WAITLISTED: _(
                "Thank you. You are on the waitlist; we write when a seat is free."
            ),
        }
        return {
            "title": _("Thank you"),
            "message": messages.get(guest.status, _("Your answer is saved.")),
        }


link_action_register(RSVP.name, GatheringAnswer())
