"""A check-in's answer link: one signed link per person and date, the same in the question,
the reminder and the chat buttons.

Not single-use: answers may be changed until the cut-off (the link opens the form with the
answers given so far), and are refused after it with the time it closed. A link answers only
for its own person in its own organisation: the check-in it names must belong to both, so a
forged, altered or other organisation's link changes nothing.
"""

import datetime
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from hallway.core.dates import long_date, time_of_day
from hallway.messaging.link_actions import Action, LinkActionError, link_action_register
from hallway.messaging.links import Purpose, SignedLink, link_purpose_register, link_url
from hallway.rituals.models import CheckIn

ANSWER = link_purpose_register(
    Purpose("standup_answer", datetime.timedelta(days=14), single_use=False, needs_person=True)
)
SUBJECT_PREFIX = "checkin-"


def answer_url(*, checkin: CheckIn, language: str) -> str:
    return link_url(
        language=language,
        purpose=ANSWER.name,
        organisation_id=checkin.organisation_id,
        person_id=checkin.person_id,
        subject=f"{SUBJECT_PREFIX}{checkin.pk}",
    )


def _checkin(link: SignedLink) -> CheckIn:
    number = link.subject.removeprefix(SUBJECT_PREFIX)
    found = (
        CheckIn.objects.filter(
            pk=int(number), organisation_id=link.organisation_id, person_id=link.person_id or 0
        )
        .select_related("occurrence__standup__organisation", "person")
        .first()
        if number.isdigit() and link.person_id is not None
        else None
    )
    if found is None:
        raise LinkActionError(_("This stand-up no longer exists."))
    return found


def _mood(value: object) -> int | None:
    text = str(value or "").strip()
    return int(text) if text.isdigit() else None


class StandUpAnswer(Action):
    def confirm_context(self, link: SignedLink) -> dict[str, Any]:
        from hallway.rituals.selectors.standups import answer_form_context
        from hallway.rituals.services.standups import _closed_message

        checkin = _checkin(link)
        if timezone.now() >= checkin.closes_at:
            raise LinkActionError(_closed_message(checkin))
        standup = checkin.occurrence.standup
        return {
            "title": f"{standup.name} · {long_date(checkin.occurrence.date)}",
            "question": _(
                "Hello %(name)s, your answers reach the team in the digest. You can change "
                "them with this link until %(time)s (%(zone)s)."
            )
            % {
                "name": checkin.person.name,
                "time": time_of_day(checkin.closes_at.astimezone(_zone(checkin))),
                "zone": checkin.person.timezone,
            },
            "button": _("Save my answers") if checkin.answered_at is None else _("Save my changes"),
            "fields_template": "rituals/standups/_answer_fields.html",
            **answer_form_context(checkin=checkin),
        }

    def perform(self, link: SignedLink, data: Mapping[str, Any]) -> dict[str, Any]:
        from hallway.rituals.services.standups import checkin_answer

        checkin = _checkin(link)
        try:
            checkin_answer(
                checkin=checkin,
                yesterday=str(data.get("yesterday", "")),
                today=str(data.get("today", "")),
                blockers=str(data.get("blockers", "")),
                mood=_mood(data.get("mood")),
                small_talk=str(data.get("small_talk", "")),
                now=timezone.now(),
            )
        except ValidationError as exc:
            raise LinkActionError(" ".join(exc.messages)) from exc
        return {
            "title": _("Thank you"),
            "message": _(
                "Your answers are saved. Open the same link again to change them until %(time)s."
            )
            % {"time": time_of_day(checkin.closes_at.astimezone(_zone(checkin)))},
        }


def _zone(checkin: CheckIn) -> datetime.tzinfo:
    from zoneinfo import ZoneInfo

    try:
        return ZoneInfo(checkin.person.timezone or "UTC")
    except (ValueError, KeyError):
        return datetime.UTC


link_action_register(ANSWER.name, StandUpAnswer())
