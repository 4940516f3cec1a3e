"""Running sequences: who enters (`services.sequence_triggers`), who leaves, and each due
step, in one idempotent run.

Before every step the exits are checked (`selectors.sequence_exits`); a reply, anyone's
touch, an unsubscribe, a lost consent or a goal met ends the enrollment and cancels its
unsent messages. A step is claimed by a compare-and-set on (position, due_at) inside the
transaction that performs it, and messages and tasks have unique keys, so two runs at once
never run a step twice.

Timing: a message or task step waits its `wait_days` after the step before (the first one
after entering); a wait step adds its days; a condition is decided at once and, when it
does not hold, ends the enrollment or skips the next step. After the last step an
enrollment is finished once its messages have gone (or were discarded).
"""

import datetime
import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet

from hallway.accounts.models import Organisation
from hallway.core.timezones import organisation_today
from hallway.outreach.models import (
    Candidacy,
    Enrollment,
    EnrollmentStatus,
    ExitReason,
    MessageStatus,
    OnFalse,
    PersonalMessage,
    Sequence,
    SequenceStatus,
    Source,
    Step,
    StepKind,
    TaskKind,
)
from hallway.outreach.selectors.sequence_exits import (
    condition_holds,
    enrollments_that_may_leave,
    exit_reason,
)
from hallway.outreach.services.personal import personal_message_draft
from hallway.outreach.services.sequence_rules import LANGUAGES
from hallway.outreach.services.sequence_triggers import (
    active_enrollments,
    sequence_triggers_run,
)
from hallway.outreach.services.sequences import enrollment_leave
from hallway.outreach.services.tasks import owner_task_open
from hallway.outreach.variables import first_name, text_fill
from hallway.relationships.interface import contact_side, owner_side

logger = logging.getLogger("hallway.outreach")
TIMED = (StepKind.MESSAGE, StepKind.TASK)


def step_key(enrollment: Enrollment, position: int) -> str:
    return f"enrollment:{enrollment.pk}:step:{position}"


def text_values(enrollment: Enrollment) -> dict[str, str]:
    """The variables' values for one contact in one sequence."""
    contact, organisation = enrollment.contact, enrollment.organisation
    candidacy = (
        Candidacy.objects.filter(contact=contact)
        .select_related("order")
        .order_by("-stage_changed_at", "-id")
        .first()
    )
    owner_name = ""
    if enrollment.owner is not None:
        owner_name = owner_side(organisation=organisation, user=enrollment.owner).name
    return {
        "first_name": first_name(contact.name),
        "name": contact.name,
        "company": contact.company.name if contact.company else "",
        "job": candidacy.order.title if candidacy else "",
        "owner_name": owner_name,
        "owner_first_name": first_name(owner_name),
        "organisation": organisation.name,
    }


def text_for(texts: dict[str, dict[str, str]], language: str) -> tuple[str, dict[str, str]]:
    """The text in `language`, else English, else the first written (language, text)."""
    for choice in (language, "en", *LANGUAGES):
        text = texts.get(choice)
        if text and text.get("subject") and text.get("body"):
            return choice, text
    return "", {}


def _unsent(enrollment: Enrollment) -> QuerySet[PersonalMessage]:
    return PersonalMessage.objects.filter(
        organisation_id=enrollment.organisation_id,
        ref__startswith=f"enrollment:{enrollment.pk}:",
        status__in=(MessageStatus.PENDING, MessageStatus.SCHEDULED, MessageStatus.QUEUED),
    )


def _next_due(steps: list[Step], position: int, now: datetime.datetime) -> datetime.datetime:
    if position < len(steps) and steps[position].kind in TIMED:
        return now + datetime.timedelta(days=steps[position].wait_days)
    return now


def _claim(enrollment: Enrollment, position: int, due_at: datetime.datetime) -> bool:
    """Move the enrollment on, unless someone else did since it was read."""
    changed = Enrollment.objects.filter(
        pk=enrollment.pk,
        status=EnrollmentStatus.ACTIVE,
        position=enrollment.position,
        due_at=enrollment.due_at,
    ).update(position=position, due_at=due_at)
    if changed:
        enrollment.position, enrollment.due_at = position, due_at
    return bool(changed)


def _message(enrollment: Enrollment, step: Step, now: datetime.datetime) -> None:
    contact, sequence = enrollment.contact, enrollment.sequence
    language = contact_side(organisation=enrollment.organisation, contact=contact).language
    chosen, text = text_for(step.texts, language)
    if not text:
        return
    values = text_values(enrollment)
    key = step_key(enrollment, step.position)
    personal_message_draft(
        organisation=enrollment.organisation,
        contact=contact,
        owner=enrollment.owner,
        source=Source.SEQUENCE,
        key=key,
        ref=key,
        subject=text_fill(text["subject"], values),
        body=text_fill(text["body"], values),
        language=chosen,
        marketing=sequence.marketing,
        approval=sequence.approval,
        now=now,
    )


def _task(enrollment: Enrollment, step: Step, now: datetime.datetime) -> None:
    owner = enrollment.owner or enrollment.sequence.created_by
    if owner is None:
        return  # nobody to ask: the step passes
    organisation = enrollment.organisation
    title = text_fill(step.task_title, text_values(enrollment))
    key = step_key(enrollment, step.position)
    owner_task_open(
        organisation=organisation,
        owner=owner,
        key=key,
        ref=key,
        kind=TaskKind.FOLLOW_UP,
        title=title,
        source=Source.SEQUENCE,
        due_on=organisation_today(organisation, now),
        now=now,
        contact=enrollment.contact,
        detail=enrollment.sequence.name,
    )


def _step(enrollment: Enrollment, steps: list[Step], now: datetime.datetime) -> tuple[int, bool]:
    """Run the enrollment's next step: (1 if it ran or ended the enrollment, else 0; whether
    another step may be due now)."""
    position = enrollment.position
    step = steps[position]
    if position == 0 and step.kind in TIMED and step.wait_days:
        ready = enrollment.entered_at + datetime.timedelta(days=step.wait_days)
        if ready > now:
            _claim(enrollment, 0, ready)
            return 0, False
    if step.kind == StepKind.MESSAGE and not enrollment.contact.email.strip():
        left = enrollment_leave(enrollment=enrollment, reason=ExitReason.NO_ADDRESS, now=now)
        return int(left), False
    following = position + 1
    if step.kind == StepKind.CONDITION and not condition_holds(step, enrollment):
        if step.on_false == OnFalse.LEAVE:
            left = enrollment_leave(enrollment=enrollment, reason=ExitReason.CONDITION, now=now)
            return int(left), False
        following = position + 2
    if step.kind == StepKind.WAIT:
        due = now + datetime.timedelta(days=step.wait_days)
        if following < len(steps) and steps[following].kind in TIMED:
            due += datetime.timedelta(days=steps[following].wait_days)
    else:
        due = _next_due(steps, following, now)
    with transaction.atomic():
        if not _claim(enrollment, following, due):
            return 0, False
        try:
            with transaction.atomic():
                if step.kind == StepKind.MESSAGE:
                    _message(enrollment, step, now)
                elif step.kind == StepKind.TASK:
                    _task(enrollment, step, now)
        except ValidationError:
            # A text too long once filled in: the step passes rather than stopping the run.
            logger.warning("sequence step %s of enrollment %s skipped", step.pk, enrollment.pk)
    return 1, due <= now


def _run(enrollment: Enrollment, steps: list[Step], now: datetime.datetime) -> int:
    ran = 0
    for _turn in range(len(steps) + 2):
        if enrollment.status != EnrollmentStatus.ACTIVE:
            break
        reason = exit_reason(enrollment, now)
        if reason:
            ran += enrollment_leave(enrollment=enrollment, reason=reason, now=now)
            break
        if enrollment.due_at is None or enrollment.due_at > now:
            break
        if enrollment.sequence.status != SequenceStatus.ACTIVE:
            break
        if enrollment.position >= len(steps):
            # Finished once its last message has gone: until then a reply still stops it.
            if not _unsent(enrollment).exists():
                ran += enrollment_leave(enrollment=enrollment, reason="", now=now, done=True)
            break
        step_ran, more = _step(enrollment, steps, now)
        ran += step_ran
        if not more:
            break
    return ran


def sequences_run_due(*, organisation: Organisation, now: datetime.datetime) -> int:
    """Enter whom the triggers bring, end who should leave, run each due step; returns how
    many entries, exits and steps there were."""
    done = sequence_triggers_run(organisation=organisation, now=now)
    steps_of: dict[int, list[Step]] = {}
    enrollments = active_enrollments(organisation)
    may_leave = enrollments_that_may_leave(enrollments, now)
    for enrollment in enrollments:
        due = enrollment.due_at is not None and enrollment.due_at <= now
        if not due and enrollment.pk not in may_leave:
            continue  # nothing to do for them in this run
        sequence: Sequence = enrollment.sequence
        if sequence.pk not in steps_of:
            steps_of[sequence.pk] = list(
                Step.objects.filter(sequence=sequence).order_by("position")
            )
        done += _run(enrollment, steps_of[sequence.pk], now)
    return done
