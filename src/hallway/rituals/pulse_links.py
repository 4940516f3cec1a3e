"""The pulse's answer link: one per person and round, to a one-page form.

Not single-use: answers can be changed until the cut-off (the last answer counts), and a
link only ever answers for its own person. Opening it (GET) shows the questions and
changes nothing; sending the form (POST) stores the answers (`services.pulse_rounds`).
"""

import datetime
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hallway.messaging.link_actions import Action, LinkActionError, link_action_register
from hallway.messaging.links import Purpose, SignedLink, link_purpose_register, link_url
from hallway.people.models import Person
from hallway.rituals.models import PulseQuestion, PulseRound

ANSWER = link_purpose_register(
    Purpose("pulse_answer", datetime.timedelta(days=30), single_use=False, needs_person=True)
)
SUBJECT_PREFIX = "pulse-round-"


def pulse_answer_url(*, round: PulseRound, person: Person) -> str:
    return link_url(
        language=person.preferred_language,
        purpose=ANSWER.name,
        organisation_id=round.organisation_id,
        person_id=person.pk,
        subject=f"{SUBJECT_PREFIX}{round.pk}",
    )


def _round_and_person(link: SignedLink) -> tuple[PulseRound, Person]:
    number = link.subject.removeprefix(SUBJECT_PREFIX)
    round = (
        PulseRound.objects.filter(pk=int(number), organisation_id=link.organisation_id)
        .select_related("pulse", "pulse__organisation")
        .first()
        if number.isdigit()
        else None
    )
    person = (
        Person.objects.filter(pk=link.person_id, organisation_id=link.organisation_id).first()
        if link.person_id is not None
        else None
    )
    if round is None or person is None:
        raise LinkActionError(_("This pulse no longer exists."))
    return round, person


def _questions(round: PulseRound, answers: dict[str, int]) -> list[dict[str, Any]]:
    from hallway.rituals.pulse_questions import question_text, scale_of

    found = {q.pk: q for q in PulseQuestion.objects.filter(pk__in=round.question_ids)}
    return [
        {
            "id": question_id,
            "text": question_text(found[question_id]),
            "kind": found[question_id].kind,
            "scale": scale_of(found[question_id].kind),
            "current": answers.get(str(question_id)),
        }
        for question_id in round.question_ids
        if question_id in found
    ]


class PulseAnswer(Action):
    def confirm_context(self, link: SignedLink) -> dict[str, Any]:
        from hallway.rituals.selectors.settings import ritual_settings_of
        from hallway.rituals.services.pulse_rounds import pulse_answer_of, round_is_open

        round, person = _round_and_person(link)
        now = timezone.now()
        if not round_is_open(round, now):
            raise LinkActionError(
                _("This pulse closed; answers can no longer be given or changed.")
            )
        answers, comment = pulse_answer_of(round=round, person=person, now=now)
        intro: Any
        if round.anonymous:
            intro = _(
                "A few questions, a minute or two. Your answers are stored without your name; "
                "figures and comments are shown only for groups of at least %(k)d people."
            ) % {"k": ritual_settings_of(round.pulse.organisation).anonymity_threshold}
        else:
            intro = _(
                "A few questions, a minute or two. This pulse is not anonymous: its organisers "
                "see your name with your answers."
            )
        return {
            "title": round.pulse.name,
            "question": intro,
            "button": _("Send my answers"),
            "fields_template": "rituals/pulse/_answer_fields.html",
            "pulse_questions": _questions(round, answers),
            "pulse_comment": comment,
            "pulse_answered": bool(answers),
            "pulse_closes_at": round.closes_at,
            "pulse_zone": person.timezone or "UTC",
        }

    def perform(self, link: SignedLink, data: Mapping[str, Any]) -> dict[str, Any]:
        from hallway.rituals.services.pulse_rounds import pulse_answer

        round, person = _round_and_person(link)
        values: dict[int, Any] = {
            question_id: data.get(f"q{question_id}") for question_id in round.question_ids
        }
        try:
            pulse_answer(
                round=round,
                person=person,
                values=values,
                comment=str(data.get("comment", "")),
                now=timezone.now(),
            )
        except ValidationError as exc:
            return {
                "title": _("Not saved"),
                "message": " ".join(exc.messages) + " " + str(_("Open the link again to answer.")),
            }
        return {
            "title": _("Thank you"),
            "message": _(
                "Your answers are saved. You can change them with the same link until the "
                "pulse closes."
            ),
        }


link_action_register(ANSWER.name, PulseAnswer())
