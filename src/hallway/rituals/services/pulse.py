"""Writes of the pulse's set-up: the pulse itself, its cadence and its questions.

The cadence is kept as fields (how often, weekday, time); the RRULE is made from them
(`pulse_rule`), so organisers, the API and the demo edit one truth, and it is checked by
`core.recurrence.recurrence_clean` like every stored rule.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hallway.accounts.models import User
from hallway.core.recurrence import recurrence_clean
from hallway.engine.cadence import Recurrence
from hallway.messaging.models import Channel
from hallway.people.models import Person
from hallway.rituals.models import (
    Cadence,
    CircleKind,
    Pulse,
    PulseQuestion,
    PulseResponse,
    QuestionKind,
)
from hallway.rituals.pulse_questions import BANK

BYDAY = {1: "MO", 2: "TU", 3: "WE", 4: "TH", 5: "FR", 6: "SA", 7: "SU"}


def pulse_rule(pulse: Pulse) -> str:
    """The pulse's cadence as an RRULE ("FREQ=WEEKLY;INTERVAL=2;BYDAY=TH")."""
    day = BYDAY.get(pulse.weekday, "TH")
    if pulse.cadence == Cadence.FORTNIGHTLY:
        return f"FREQ=WEEKLY;INTERVAL=2;BYDAY={day}"
    if pulse.cadence == Cadence.MONTHLY:
        return f"FREQ=MONTHLY;BYDAY=1{day}"
    return f"FREQ=WEEKLY;BYDAY={day}"


def pulse_recurrence(pulse: Pulse) -> Recurrence:
    """The pulse's round days as a checked recurrence (ValidationError when it is not one)."""
    return recurrence_clean(
        pulse_rule(pulse),
        start=datetime.datetime.combine(pulse.starts_on, pulse.ask_at),
        timezone=pulse.timezone,
    )


def pulse_has_answers(pulse: Pulse) -> bool:
    return bool(pulse.pk) and PulseResponse.objects.filter(round__pulse_id=pulse.pk).exists()


def pulse_problems(*, pulse: Pulse) -> dict[str, list[str]]:
    """Everything wrong with `pulse` as it would be saved, by field (nothing written)."""
    problems: dict[str, list[str]] = {}
    try:
        pulse.full_clean(exclude=["organisation", "created_by", "circle_people", "channels"])
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            problems.setdefault(field, []).extend(messages)
    if pulse.starts_on and not problems.get("timezone"):
        try:
            pulse_recurrence(pulse)
        except ValidationError as exc:
            problems.setdefault("cadence", []).extend(exc.messages)
    if pulse.pk and not pulse.anonymous:
        before = Pulse.objects.filter(pk=pulse.pk).values("anonymous", "anonymity_locked").first()
        if (
            before
            and before["anonymous"]
            and (before["anonymity_locked"] or pulse_has_answers(pulse))
        ):
            problems.setdefault("anonymous", []).append(
                _(
                    "This pulse has anonymous answers: it stays anonymous. Start a new pulse "
                    "to ask with names."
                )
            )
    return problems


@transaction.atomic
def pulse_save(
    *,
    pulse: Pulse,
    by: User | None = None,
    people: list[Person] | None = None,
    channels: list[Channel] | None = None,
) -> Pulse:
    """Create or change a pulse; a new one gets the default questions. People (for a
    hand-picked circle) and channels are replaced when given. Every problem at once as a
    ValidationError by field; an anonymous pulse with answers never becomes named."""
    problems = pulse_problems(pulse=pulse)
    for channel in channels or []:
        if channel.organisation_id != pulse.organisation_id:
            problems.setdefault("channels", []).append(
                _("The channel belongs to another organisation.")
            )
    for person in people or []:
        if person.organisation_id != pulse.organisation_id:
            problems.setdefault("circle_people", []).append(
                _("The person belongs to another organisation.")
            )
    if problems:
        raise ValidationError(problems)
    new = pulse.pk is None
    if new and by is not None:
        pulse.created_by = by
    pulse.save()
    if people is not None:
        pulse.circle_people.set(people if pulse.circle_kind == CircleKind.PEOPLE else [])
    if channels is not None:
        pulse.channels.set(channels)
    if new:
        PulseQuestion.objects.bulk_create(
            PulseQuestion(
                organisation_id=pulse.organisation_id,
                pulse=pulse,
                key=question.key,
                kind=question.kind,
                position=position,
            )
            for position, question in enumerate(BANK)
        )
    return pulse


def pulse_question_add(*, pulse: Pulse, text: str, kind: str) -> PulseQuestion:
    """Add an organiser's own question at the end of the pulse's rotation."""
    text = text.strip()
    problems: dict[str, list[str]] = {}
    if not text:
        problems["text"] = [_("Write the question.")]
    elif len(text) > 300:
        problems["text"] = [_("Keep the question under 300 characters.")]
    if kind not in QuestionKind.values:
        problems["kind"] = [_("Choose how the question is answered.")]
    if problems:
        raise ValidationError(problems)
    last = pulse.questions.order_by("-position").values_list("position", flat=True).first()
    return PulseQuestion.objects.create(
        organisation_id=pulse.organisation_id,
        pulse=pulse,
        text=text,
        kind=kind,
        position=(last or 0) + 1,
    )


def pulse_question_toggle(*, question: PulseQuestion, active: bool) -> PulseQuestion:
    """Ask a question again, or no more (rounds already asked keep their questions). At
    least one question stays on."""
    if (
        not active
        and not question.pulse.questions.filter(active=True).exclude(pk=question.pk).exists()
    ):
        raise ValidationError(_("A pulse needs at least one question."))
    PulseQuestion.objects.filter(pk=question.pk).update(active=active)
    question.active = active
    return question
