"""Writing sequences and their steps, and running, pausing and archiving them.

Every write checks the rules of `services.sequence_rules` first and raises one
ValidationError naming every problem; nothing is written then. Archiving ends every
enrollment still in the sequence (`sequence_ended`) and cancels its unsent messages.
"""

import datetime
from dataclasses import asdict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from hallway.accounts.models import Organisation, User
from hallway.outreach.models import (
    Enrollment,
    EnrollmentStatus,
    ExitReason,
    PersonalMessage,
    Sequence,
    SequenceStatus,
    Step,
)
from hallway.outreach.services.enrollments import enrollment_start
from hallway.outreach.services.personal import personal_messages_cancel
from hallway.outreach.services.sequence_rules import (
    SequenceFields,
    StepFields,
    sequence_fields_problems,
    step_fields_problems,
)
from hallway.relationships.interface import Contact

# Which status may follow which (archived is final: its enrollments have ended).
MOVES = {
    SequenceStatus.DRAFT: {SequenceStatus.ACTIVE, SequenceStatus.ARCHIVED},
    SequenceStatus.ACTIVE: {SequenceStatus.PAUSED, SequenceStatus.ARCHIVED},
    SequenceStatus.PAUSED: {SequenceStatus.ACTIVE, SequenceStatus.ARCHIVED},
    SequenceStatus.ARCHIVED: set(),
}
# Positions are moved out of the way first, so the unique (sequence, position) holds.
SHIFT = 10000


def sequence_problems(
    *, organisation: Organisation, values: SequenceFields, sequence: Sequence | None = None
) -> dict[str, list[str]]:
    problems = sequence_fields_problems(organisation, values)
    if "name" not in problems:
        taken = Sequence.objects.filter(organisation=organisation, name__iexact=values.name)
        if sequence is not None:
            taken = taken.exclude(pk=sequence.pk)
        if taken.exists():
            problems["name"] = [_("Another sequence has this name.")]
    return problems


def sequence_save(
    *,
    organisation: Organisation,
    values: SequenceFields,
    now: datetime.datetime,
    sequence: Sequence | None = None,
    by: User | None = None,
) -> Sequence:
    """Create a sequence (a draft) or change one's settings."""
    problems = sequence_problems(organisation=organisation, values=values, sequence=sequence)
    if problems:
        raise ValidationError(problems)
    if sequence is None:
        sequence = Sequence(organisation=organisation, created_by=by, created_at=now)
    for name, value in asdict(values).items():
        setattr(sequence, name, value)
    sequence.save()
    return sequence


def _step_values(step: Step) -> StepFields:
    return StepFields(
        kind=step.kind,
        wait_days=step.wait_days,
        texts=step.texts,
        task_title=step.task_title,
        condition=step.condition,
        condition_config=step.condition_config,
        on_false=step.on_false,
    )


def _editable(sequence: Sequence) -> None:
    if sequence.status == SequenceStatus.ARCHIVED:
        raise ValidationError(_("This sequence is archived; its steps no longer change."))


def step_save(
    *, sequence: Sequence, values: StepFields, step: Step | None = None, position: int | None = None
) -> Step:
    """Add a step (at the end, or at `position`) or change one."""
    _editable(sequence)
    problems = step_fields_problems(values)
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        if step is None:
            count = Step.objects.filter(sequence=sequence).count()
            at = count if position is None else max(0, min(position, count))
            step = Step(organisation_id=sequence.organisation_id, sequence=sequence, position=SHIFT)
            step.save()
            order = list(
                Step.objects.filter(sequence=sequence)
                .exclude(pk=step.pk)
                .order_by("position")
                .values_list("pk", flat=True)
            )
            order.insert(at, step.pk)
            _positions(sequence, order)
            step.refresh_from_db(fields=["position"])
        for name, value in asdict(values).items():
            setattr(step, name, value)
        step.save()
    return step


def step_delete(*, step: Step) -> None:
    sequence = step.sequence
    _editable(sequence)
    with transaction.atomic():
        step.delete()
        order = list(
            Step.objects.filter(sequence=sequence).order_by("position").values_list("pk", flat=True)
        )
        _positions(sequence, order)


def _positions(sequence: Sequence, order: list[int]) -> None:
    steps = Step.objects.filter(sequence=sequence)
    top = steps.aggregate(top=Max("position"))["top"] or 0
    for offset, pk in enumerate(order):
        steps.filter(pk=pk).update(position=top + SHIFT + 1 + offset)
    for position, pk in enumerate(order):
        steps.filter(pk=pk).update(position=position)


def steps_reorder(*, sequence: Sequence, order: list[int]) -> None:
    """Put the steps in the order of their ids in `order` (every step, once)."""
    _editable(sequence)
    current = set(Step.objects.filter(sequence=sequence).values_list("pk", flat=True))
    if len(order) != len(set(order)) or set(order) != current:
        raise ValidationError({"order": [_("Name every step of this sequence once.")]})
    with transaction.atomic():
        _positions(sequence, order)


def step_move(*, step: Step, by: int) -> None:
    """Move a step up (-1) or down (+1); at either end it stays."""
    order = list(
        Step.objects.filter(sequence=step.sequence)
        .order_by("position")
        .values_list("pk", flat=True)
    )
    index = order.index(step.pk)
    target = index + by
    if 0 <= target < len(order):
        order[index], order[target] = order[target], order[index]
        steps_reorder(sequence=step.sequence, order=order)


def steps_replace(*, sequence: Sequence, steps: list[StepFields]) -> list[Step]:
    """Replace every step with `steps`, in that order (all or nothing)."""
    _editable(sequence)
    problems: dict[str, list[str]] = {}
    for index, values in enumerate(steps):
        for name, found in step_fields_problems(values).items():
            problems[f"steps.{index}.{name}"] = found
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        Step.objects.filter(sequence=sequence).delete()
        return [
            Step.objects.create(
                organisation_id=sequence.organisation_id,
                sequence=sequence,
                position=position,
                **asdict(values),
            )
            for position, values in enumerate(steps)
        ]


def enrollment_leave(
    *, enrollment: Enrollment, reason: str, now: datetime.datetime, done: bool = False
) -> bool:
    """End an enrollment (left for `reason`, or done) and cancel what it has not sent yet.
    False when it had ended already (a concurrent run, or a second click)."""
    with transaction.atomic():
        changed = Enrollment.objects.filter(
            pk=enrollment.pk, status=EnrollmentStatus.ACTIVE
        ).update(
            status=EnrollmentStatus.DONE if done else EnrollmentStatus.LEFT,
            exit_reason="" if done else reason,
            left_at=now,
            due_at=None,
        )
        if not changed:
            return False
        if not done:
            personal_messages_cancel(
                messages=PersonalMessage.objects.filter(
                    organisation_id=enrollment.organisation_id,
                    ref__startswith=f"enrollment:{enrollment.pk}:",
                ),
                reason=reason,
                now=now,
            )
    enrollment.refresh_from_db()
    return True


def enrollment_remove(*, enrollment: Enrollment, now: datetime.datetime) -> Enrollment:
    """Take someone out by hand."""
    if not enrollment_leave(enrollment=enrollment, reason=ExitReason.REMOVED, now=now):
        raise ValidationError(_("This contact is no longer in the sequence."))
    return enrollment


def sequence_set_status(*, sequence: Sequence, status: str, now: datetime.datetime) -> Sequence:
    """Activate, pause or archive. A sequence runs only with at least one step."""
    if status == sequence.status:
        return sequence
    if status not in MOVES.get(SequenceStatus(sequence.status), set()):
        raise ValidationError(
            {
                "status": [
                    _("A sequence that is %(now)s cannot become %(then)s.")
                    % {
                        "now": sequence.get_status_display(),
                        "then": SequenceStatus(status).label
                        if status in SequenceStatus.values
                        else status,
                    }
                ]
            }
        )
    if status == SequenceStatus.ACTIVE and not sequence.steps.exists():
        raise ValidationError({"status": [_("Add a step before starting the sequence.")]})
    sequence.status = status
    if status == SequenceStatus.ACTIVE and sequence.activated_at is None:
        sequence.activated_at = now
    sequence.save(update_fields=["status", "activated_at", "updated_at"])
    if status == SequenceStatus.ARCHIVED:
        for enrollment in Enrollment.objects.filter(
            sequence=sequence, status=EnrollmentStatus.ACTIVE
        ):
            enrollment_leave(enrollment=enrollment, reason=ExitReason.SEQUENCE_ENDED, now=now)
    return sequence


def sequence_enroll(
    *, sequence: Sequence, contact_ids: list[int], now: datetime.datetime, by: User | None = None
) -> list[Enrollment]:
    """Add contacts by hand (their owner sends); those already in, or not allowed to enter
    again yet, are passed over. Returns the new enrollments."""
    if sequence.status == SequenceStatus.ARCHIVED:
        raise ValidationError(_("This sequence is archived; nobody enters it any more."))
    wanted = list(dict.fromkeys(contact_ids))
    contacts = {
        contact.pk: contact
        for contact in Contact.objects.filter(
            organisation_id=sequence.organisation_id, pk__in=wanted
        )
    }
    missing = [str(pk) for pk in wanted if pk not in contacts]
    if missing:
        raise ValidationError(
            {"contacts": [_("No such contact here: %(ids)s.") % {"ids": ", ".join(missing)}]}
        )
    if not wanted:
        raise ValidationError({"contacts": [_("Choose at least one contact.")]})
    reason = f"by:{by.pk}" if by is not None else "by hand"
    started = []
    for pk in wanted:
        enrollment = enrollment_start(
            sequence=sequence, contact=contacts[pk], owner=None, reason=reason, now=now
        )
        if enrollment is not None:
            started.append(enrollment)
    return started


def sequence_values(sequence: Sequence) -> SequenceFields:
    """A sequence's settings as the service takes them (a form's or a PATCH's start)."""
    return SequenceFields(
        name=sequence.name,
        description=sequence.description,
        trigger=sequence.trigger,
        trigger_config=dict(sequence.trigger_config),
        goal=sequence.goal,
        goal_config=dict(sequence.goal_config),
        approval=sequence.approval,
        marketing=sequence.marketing,
        reentry_days=sequence.reentry_days,
    )


def step_values(step: Step) -> StepFields:
    return _step_values(step)
