"""Writing sequences and steps: the rules, the order of steps, and archiving."""

import pytest
from django.core.exceptions import ValidationError

from hallway.outreach.models import (
    Enrollment,
    EnrollmentStatus,
    ExitReason,
    MessageStatus,
    PersonalMessage,
    Segment,
    SequenceStatus,
    Step,
    StepKind,
)
from hallway.outreach.services.enrollments import enrollment_start
from hallway.outreach.services.sequence_rules import SequenceFields, StepFields
from hallway.outreach.services.sequences import (
    sequence_save,
    sequence_set_status,
    step_delete,
    step_move,
    step_save,
    steps_reorder,
    steps_replace,
)
from hallway.outreach.services.sequences_run import sequences_run_due
from tests.factories import make_contact
from tests.outreach.seq_helpers import MONDAY, make_sequence, message


def problems(callable_, **kwargs):
    with pytest.raises(ValidationError) as caught:
        callable_(**kwargs)
    return caught.value.message_dict


def test_a_message_needs_a_subject_and_a_body_in_one_language(acme):
    sequence = make_sequence(acme, active=False)
    found = problems(step_save, sequence=sequence, values=StepFields(kind="message", texts={}))
    assert "texts" in found
    half = StepFields(kind="message", texts={"de": {"subject": "Hallo", "body": ""}})
    assert "texts" in problems(step_save, sequence=sequence, values=half)
    klingon = StepFields(kind="message", texts={"tlh": {"subject": "a", "body": "b"}})
    assert "texts" in problems(step_save, sequence=sequence, values=klingon)
    step = step_save(
        sequence=sequence,
        values=StepFields(
            kind="message",
            texts={"de": {"subject": "Hallo {first_name}", "body": "Wie geht’s?"}, "nl": {}},
        ),
    )
    assert step.texts == {"de": {"subject": "Hallo {first_name}", "body": "Wie geht’s?"}}


def test_unknown_variables_are_refused(acme):
    sequence = make_sequence(acme, active=False)
    found = problems(step_save, sequence=sequence, values=message(body="Hi {firstname}"))
    assert "{firstname}" in found["texts"][0]
    task = StepFields(kind="task", task_title="Call {nickname}")
    assert "task_title" in problems(step_save, sequence=sequence, values=task)


def test_a_wait_is_one_to_365_days(acme):
    sequence = make_sequence(acme, active=False)
    for days in (0, 366):
        values = StepFields(kind="wait", wait_days=days)
        assert "wait_days" in problems(step_save, sequence=sequence, values=values)
    assert step_save(sequence=sequence, values=StepFields(kind="wait", wait_days=7)).wait_days == 7


def test_conditions_need_their_settings(acme):
    sequence = make_sequence(acme, active=False)
    no_kinds = StepFields(kind="condition", condition="kind", condition_config={})
    assert "condition_config" in problems(step_save, sequence=sequence, values=no_kinds)
    bad = StepFields(kind="condition", condition="stage", condition_config={"stages": ["boss"]})
    assert "condition_config" in problems(step_save, sequence=sequence, values=bad)
    step = step_save(
        sequence=sequence,
        values=StepFields(
            kind="condition",
            condition="language",
            condition_config={"languages": ["de"]},
            on_false="skip",
        ),
    )
    assert step.condition_config == {"languages": ["de"]}


def test_trigger_settings_are_checked(acme, globex):
    theirs = Segment.objects.create(organisation=globex, name="Theirs")
    ours = Segment.objects.create(organisation=acme, name="Ours")

    def save(**fields):
        return sequence_save(organisation=acme, values=SequenceFields(**fields), now=MONDAY)

    found = problems(save, name="A", trigger="segment", trigger_config={"segment": theirs.pk})
    assert "trigger_config" in found
    assert "trigger_config" in problems(
        save, name="A", trigger="stage_change", trigger_config={"stage": "boss"}
    )
    assert "trigger_config" in problems(
        save, name="A", trigger="date_field", trigger_config={"field": "birthday"}
    )
    assert "trigger_config" in problems(save, name="A", trigger="manual", trigger_config={"x": 1})
    assert "goal_config" in problems(save, name="A", goal="stage", goal_config={})
    sequence = save(name="A", trigger="segment", trigger_config={"segment": ours.pk})
    assert sequence.trigger_config == {"segment": ours.pk}
    assert "name" in problems(save, name="a")  # taken, whatever the case


def test_steps_are_added_moved_reordered_and_deleted(acme):
    sequence = make_sequence(acme, active=False)
    first = step_save(sequence=sequence, values=message(subject="One"))
    second = step_save(sequence=sequence, values=StepFields(kind="wait", wait_days=3))
    third = step_save(sequence=sequence, values=message(subject="Three"), position=0)

    def order():
        return list(sequence.steps.order_by("position").values_list("pk", flat=True))

    assert order() == [third.pk, first.pk, second.pk]
    step_move(step=Step.objects.get(pk=second.pk), by=-1)
    assert order() == [third.pk, second.pk, first.pk]
    steps_reorder(sequence=sequence, order=[first.pk, second.pk, third.pk])
    assert order() == [first.pk, second.pk, third.pk]
    assert "order" in problems(steps_reorder, sequence=sequence, order=[first.pk])
    step_delete(step=Step.objects.get(pk=second.pk))
    assert list(sequence.steps.values_list("position", flat=True)) == [0, 1]
    replaced = steps_replace(sequence=sequence, steps=[StepFields(kind="wait", wait_days=2)])
    assert [s.kind for s in replaced] == [StepKind.WAIT]


def test_only_a_sequence_with_steps_runs(acme):
    sequence = make_sequence(acme, active=False)
    found = problems(sequence_set_status, sequence=sequence, status="active", now=MONDAY)
    assert "status" in found
    step_save(sequence=sequence, values=message())
    sequence_set_status(sequence=sequence, status="active", now=MONDAY)
    assert sequence.activated_at == MONDAY


def test_archiving_ends_enrollments_and_cancels_their_messages(acme, alice):
    sequence = make_sequence(acme, steps=[message(), message(wait=3)], approval=True)
    megan = make_contact(acme, "Megan Brooks", owners=[alice])
    enrollment = enrollment_start(
        sequence=sequence, contact=megan, owner=None, reason="manual", now=MONDAY
    )
    sequences_run_due(organisation=acme, now=MONDAY)
    draft = PersonalMessage.objects.get()
    assert draft.status == MessageStatus.PENDING
    sequence_set_status(sequence=sequence, status=SequenceStatus.ARCHIVED, now=MONDAY)
    enrollment.refresh_from_db()
    draft.refresh_from_db()
    assert (enrollment.status, enrollment.exit_reason) == (
        EnrollmentStatus.LEFT,
        ExitReason.SEQUENCE_ENDED,
    )
    assert draft.status == MessageStatus.CANCELLED
    found = problems(sequence_set_status, sequence=sequence, status="active", now=MONDAY)
    assert "status" in found
    assert Enrollment.objects.filter(status="active").count() == 0
