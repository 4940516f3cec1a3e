"""A person's own choices: joining and leaving programs, pausing, how often, small-talk
hooks and people to avoid. The personal page (signed link or "My coffee") calls these."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hallway.coffee.models import (
    CoffeeProfile,
    Frequency,
    JoinMode,
    Participation,
    ParticipationStatus,
    Program,
)
from hallway.people.models import Person

TOPIC_MAX_LENGTH = 40
TOPICS_MAX = 8
BLOCKED_MAX = 50


class _Unset:
    pass


UNSET = _Unset()


def _check_program(program: Program, person: Person) -> None:
    if program.organisation_id != person.organisation_id:
        raise ValidationError({"program": _("This program belongs to another organisation.")})


def _resume(participation: Participation) -> None:
    """Coming back after an automatic pause starts the count of unanswered intros afresh."""
    participation.auto_paused_at = None
    participation.unanswered_intros = 0


def participation_join(
    *, program: Program, person: Person, now: datetime.datetime
) -> Participation:
    """Take part in `program` (again); joining clears an automatic pause."""
    _check_program(program, person)
    if program.archived_at is not None:
        raise ValidationError({"program": _("This program has ended; it takes no new people.")})
    with transaction.atomic():
        participation, created = Participation.objects.select_for_update().get_or_create(
            program=program,
            person=person,
            defaults={"organisation_id": program.organisation_id, "joined_at": now},
        )
        if not created:
            if participation.status != ParticipationStatus.JOINED:
                participation.joined_at = now
            participation.status = ParticipationStatus.JOINED
            participation.left_at = None
            _resume(participation)
            participation.save()
    return participation


def participation_of(*, program: Program, person: Person, now: datetime.datetime) -> Participation:
    """The person's participation, to change how often or pause. In an opt-out program the
    audience takes part without having joined, so the row is created on their first change;
    in an opt-in program they must join first (a changed form cannot join them)."""
    _check_program(program, person)
    found = Participation.objects.filter(program=program, person=person).first()
    if found is not None:
        return found
    if program.join_mode != JoinMode.OPT_OUT:
        raise ValidationError({"program": _("Join this program first.")})
    return participation_join(program=program, person=person, now=now)


def participation_leave(
    *, program: Program, person: Person, now: datetime.datetime
) -> Participation:
    """Stop taking part (in an opt-out program this is what keeps them out)."""
    _check_program(program, person)
    with transaction.atomic():
        participation, _created = Participation.objects.select_for_update().get_or_create(
            program=program,
            person=person,
            defaults={"organisation_id": program.organisation_id, "joined_at": now},
        )
        if participation.status != ParticipationStatus.LEFT:
            participation.status = ParticipationStatus.LEFT
            participation.left_at = now
            participation.save(update_fields=["status", "left_at"])
    return participation


def pause_problem(paused_until: datetime.date | None, *, today: datetime.date) -> str:
    """Why a pause cannot end on this day ("" when it can): it must be today or later."""
    if paused_until is not None and paused_until < today:
        return _("That day has passed: choose today or a later day, or nothing to take part again.")
    return ""


def participation_update(
    *,
    participation: Participation,
    frequency: str | None = None,
    paused_until: datetime.date | _Unset | None = UNSET,
    today: datetime.date | None = None,
) -> Participation:
    """Change how often, or pause until a date (None: take part again right away, which
    also ends an automatic pause). With `today`, a pause must end today or later."""
    problems = {}
    if frequency is not None and frequency not in Frequency.values:
        problems["frequency"] = _("“%(value)s” is not a choice (one of %(choices)s).") % {
            "value": frequency,
            "choices": ", ".join(Frequency.values),
        }
    if not isinstance(paused_until, (_Unset, datetime.date, type(None))):
        problems["paused_until"] = _("Enter a date, or nothing to take part again.")
    elif isinstance(paused_until, datetime.date) and today is not None:
        problem = pause_problem(paused_until, today=today)
        if problem:
            problems["paused_until"] = problem
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        if frequency is not None:
            participation.frequency = frequency
        if not isinstance(paused_until, _Unset):
            participation.paused_until = paused_until
            if paused_until is None:
                _resume(participation)
        participation.save()
    return participation


def topics_clean(topics: list[str]) -> list[str]:
    """Topics trimmed, single-spaced, without empties or repeats (in any case), in order;
    ValidationError naming every topic that is too long, and too many topics, at once."""
    cleaned: list[str] = []
    seen: set[str] = set()
    problems: list[str] = []
    for topic in topics:
        text = re.sub(r"\s+", " ", str(topic)).strip(" ,;")
        if not text or text.casefold() in seen:
            continue
        if len(text) > TOPIC_MAX_LENGTH:
            problems.append(
                _("“%(topic)s” is too long: at most %(max)d characters.")
                % {"topic": text[:60], "max": TOPIC_MAX_LENGTH}
            )
        seen.add(text.casefold())
        cleaned.append(text)
    if len(cleaned) > TOPICS_MAX:
        problems.append(_("At most %(max)d topics, please.") % {"max": TOPICS_MAX})
    if problems:
        raise ValidationError({"ask_me_about": problems})
    return cleaned


def coffee_profile_update(
    *, person: Person, ask_me_about: list[str], blocked: list[Person]
) -> CoffeeProfile:
    """Replace a person's small-talk topics and the people they are never paired with."""
    problems: dict[str, list[str]] = {}
    topics: list[str] = []
    try:
        topics = topics_clean(ask_me_about)
    except ValidationError as exc:  # reported together with the blocked people's problems
        problems.update(exc.message_dict)
    if any(other.organisation_id != person.organisation_id for other in blocked):
        problems["blocked"] = [_("You can only block people of your own organisation.")]
    elif any(other.pk == person.pk for other in blocked):
        problems["blocked"] = [_("You cannot block yourself.")]
    elif len({other.pk for other in blocked}) > BLOCKED_MAX:
        problems["blocked"] = [_("At most %(max)d people, please.") % {"max": BLOCKED_MAX}]
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        profile, _created = CoffeeProfile.objects.get_or_create(
            person=person, defaults={"organisation_id": person.organisation_id}
        )
        profile.ask_me_about = topics
        profile.save()
        profile.blocked.set(blocked)
    return profile
