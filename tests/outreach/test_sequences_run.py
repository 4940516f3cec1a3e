"""Running sequences: triggers bring contacts in, exits take them out, steps run in order,
once, even when two runs overlap."""

import datetime

import pytest

from hallway.outreach.models import (
    Candidacy,
    Enrollment,
    EnrollmentStatus,
    ExitReason,
    MessageStatus,
    OwnerTask,
    PersonalMessage,
    Placement,
    Segment,
    StepKind,
)
from hallway.outreach.services.enrollments import enrollment_start
from hallway.outreach.services.sequence_rules import StepFields
from hallway.outreach.services.sequences_run import sequences_run_due
from hallway.relationships.interface import Direction, TouchKind, order_record, touch_record
from hallway.relationships.models import Order
from tests.factories import make_company, make_contact
from tests.outreach.seq_helpers import MONDAY, make_sequence, message

DAY = datetime.timedelta(days=1)


@pytest.fixture
def lakeshore(acme):
    return make_company(acme, "Lakeshore", timezone="Europe/Berlin")


@pytest.fixture
def megan(acme, alice, lakeshore):
    return make_contact(acme, "Megan Brooks", company=lakeshore, owners=[alice], language="de")


def run(acme, now=MONDAY):
    return sequences_run_due(organisation=acme, now=now)


def enter(sequence, contact, now=MONDAY, owner=None):
    return enrollment_start(sequence=sequence, contact=contact, owner=owner, reason="t", now=now)


def test_a_message_in_the_contacts_language_with_variables(acme, alice, megan):
    german = {"subject": "Hallo {first_name}", "body": "Wie läuft es bei {company}? {owner_name}"}
    sequence = make_sequence(acme, steps=[message(de=german), message(wait=3)], approval=True)
    enrollment = enter(sequence, megan)
    assert run(acme) == 1
    draft = PersonalMessage.objects.get()
    assert draft.key == draft.ref == f"enrollment:{enrollment.pk}:step:0"
    assert (draft.subject, draft.language, draft.status) == (
        "Hallo Megan",
        "de",
        MessageStatus.PENDING,
    )
    assert "Lakeshore" in draft.body
    assert alice.get_full_name() in draft.body
    enrollment.refresh_from_db()
    assert (enrollment.position, enrollment.due_at) == (1, MONDAY + 3 * DAY)
    assert run(acme) == 0  # nothing due: idempotent
    assert run(acme, MONDAY + 3 * DAY) == 1  # the second message
    assert PersonalMessage.objects.get(key__endswith=":1").language == "en"  # the fallback
    enrollment.refresh_from_db()
    # In it while its last message waits for approval: a reply still stops it.
    assert enrollment.status == EnrollmentStatus.ACTIVE
    PersonalMessage.objects.update(status=MessageStatus.SENT)
    assert run(acme, MONDAY + 3 * DAY) == 1
    enrollment.refresh_from_db()
    assert enrollment.status == EnrollmentStatus.DONE


def test_a_stale_run_never_runs_a_step_twice(acme, megan):
    sequence = make_sequence(acme, steps=[message(), message(wait=2)])
    enrollment = enter(sequence, megan)
    stale = Enrollment.objects.select_related("sequence", "contact", "organisation").get(
        pk=enrollment.pk
    )
    run(acme)
    from hallway.outreach.services.sequences_run import _run

    steps = list(sequence.steps.order_by("position"))
    assert _run(stale, steps, MONDAY) == 0  # its (position, due_at) moved on
    assert PersonalMessage.objects.count() == 1


def test_the_first_steps_wait_counts_from_entering(acme, megan):
    sequence = make_sequence(acme, steps=[message(wait=2)])
    enrollment = enter(sequence, megan)
    run(acme)
    assert not PersonalMessage.objects.exists()
    enrollment.refresh_from_db()
    assert enrollment.due_at == MONDAY + 2 * DAY
    run(acme, MONDAY + 2 * DAY)
    assert PersonalMessage.objects.count() == 1


def test_wait_task_and_conditions(acme, alice, megan):
    steps = [
        StepFields(kind="wait", wait_days=2),
        StepFields(kind="task", task_title="Call {first_name}"),
        StepFields(
            kind="condition",
            condition="kind",
            condition_config={"kinds": ["candidate"]},
            on_false="skip",
        ),
        message(subject="Only candidates"),
        StepFields(kind="condition", condition="has_email", on_false="leave"),
        message(subject="Everyone with an address"),
    ]
    sequence = make_sequence(acme, steps=steps)
    enrollment = enter(sequence, megan)
    run(acme)
    assert not OwnerTask.objects.exists()
    run(acme, MONDAY + 2 * DAY)
    task = OwnerTask.objects.get()
    assert (task.owner, task.title, task.contact) == (alice, "Call Megan", megan)
    assert [m.subject for m in PersonalMessage.objects.all()] == ["Everyone with an address"]
    PersonalMessage.objects.update(status=MessageStatus.DISCARDED)
    run(acme, MONDAY + 2 * DAY)
    enrollment.refresh_from_db()
    assert enrollment.status == EnrollmentStatus.DONE

    megan.email = ""
    megan.save()
    leave = make_sequence(acme, "Leave", steps=[steps[4], message()])
    gone = enter(leave, megan)
    run(acme, MONDAY + 2 * DAY)
    gone.refresh_from_db()
    assert (gone.status, gone.exit_reason) == (EnrollmentStatus.LEFT, ExitReason.CONDITION)


def test_a_reply_ends_it_and_cancels_what_waits(acme, alice, megan):
    sequence = make_sequence(acme, steps=[message(), message(wait=3)], approval=True)
    enrollment = enter(sequence, megan)
    run(acme)
    touch_record(
        organisation=acme,
        kind=TouchKind.EMAIL,
        at=MONDAY + DAY,
        contacts=[megan],
        direction=Direction.INBOUND,
        source="mail",
    )
    run(acme, MONDAY + DAY)
    enrollment.refresh_from_db()
    assert (enrollment.status, enrollment.exit_reason) == (EnrollmentStatus.LEFT, "replied")
    assert PersonalMessage.objects.get().status == MessageStatus.CANCELLED


@pytest.mark.parametrize("goal", ["order", "stage", "meeting"])
def test_a_goal_met_ends_it(acme, alice, megan, lakeshore, goal):
    config = {"stage": "interview"} if goal == "stage" else {}
    sequence = make_sequence(
        acme, steps=[message(), message(wait=3)], goal=goal, goal_config=config
    )
    enrollment = enter(sequence, megan)
    run(acme)
    job = order_record(organisation=acme, company=lakeshore, title="Backend", at=MONDAY.date())
    if goal == "stage":
        Candidacy.objects.create(organisation=acme, order=job, contact=megan, stage="offer")
    elif goal == "meeting":
        Order.objects.filter(pk=job.pk).update(at=MONDAY.date() - 30 * DAY)
        touch_record(organisation=acme, kind=TouchKind.MEETING, at=MONDAY + DAY, contacts=[megan])
    run(acme, MONDAY + DAY)
    enrollment.refresh_from_db()
    assert (enrollment.status, enrollment.exit_reason) == (EnrollmentStatus.LEFT, ExitReason.GOAL)


def test_marketing_without_consent_ends_it(acme, megan):
    sequence = make_sequence(acme, steps=[message()], marketing=True)
    enrollment = enter(sequence, megan)
    run(acme)
    enrollment.refresh_from_db()
    assert enrollment.exit_reason == ExitReason.NO_CONSENT
    assert not PersonalMessage.objects.exists()


def test_a_segment_brings_its_contacts_in_once(acme, megan):
    segment = Segment.objects.create(
        organisation=acme, name="German", filters={"languages": ["de"]}
    )
    make_contact(acme, "Tom English", language="en")
    make_sequence(
        acme,
        trigger="segment",
        trigger_config={"segment": segment.pk},
        steps=[message(), message(wait=5)],
    )
    run(acme)
    assert list(Enrollment.objects.values_list("contact__name", "reason")) == [
        ("Megan Brooks", f"segment:{segment.pk}")
    ]
    run(acme, MONDAY + 10 * DAY)  # in it or done: may not enter again
    run(acme, MONDAY + 11 * DAY)
    assert Enrollment.objects.count() == 1


def test_new_contacts_since_it_runs(acme, megan):
    sequence = make_sequence(
        acme, trigger="new_contact", trigger_config={"kinds": ["candidate"]}, steps=[message()]
    )
    Enrollment.objects.all().delete()
    later = MONDAY + DAY
    make_contact(acme, "Client Chris", created_at=later)
    newcomer = make_contact(acme, "Candidate Cleo", kind="candidate", created_at=later)
    run(acme, later)
    assert [e.contact for e in Enrollment.objects.filter(sequence=sequence)] == [newcomer]


def test_a_stage_reached_brings_the_candidate_in_with_their_recruiter(acme, bob, lakeshore):
    sequence = make_sequence(
        acme,
        trigger="stage_change",
        trigger_config={"stage": "interview"},
        steps=[message(subject="Your interview for {job}")],
    )
    job = order_record(organisation=acme, company=lakeshore, title="Backend", at=MONDAY.date())
    cleo = make_contact(acme, "Cleo Candidate", kind="candidate")
    before = make_contact(acme, "Old Candidate", kind="candidate")
    Candidacy.objects.create(
        organisation=acme,
        order=job,
        contact=before,
        stage="interview",
        stage_changed_at=MONDAY - DAY,
    )
    Candidacy.objects.create(
        organisation=acme,
        order=job,
        contact=cleo,
        stage="interview",
        stage_changed_at=MONDAY + DAY,
        owner=bob,
    )
    run(acme, MONDAY + DAY)
    enrollment = Enrollment.objects.get(sequence=sequence)
    assert (enrollment.contact, enrollment.owner) == (cleo, bob)
    assert PersonalMessage.objects.get().subject == "Your interview for Backend"
    run(acme, MONDAY + 2 * DAY)
    assert Enrollment.objects.count() == 1


def test_placements_start_and_end(acme, alice, lakeshore):
    tim = make_contact(acme, "Tim Contractor", kind="contractor")
    starts = make_sequence(acme, "Welcome", trigger="placement_start", steps=[message()])
    ends = make_sequence(
        acme,
        "Before the end",
        trigger="date_field",
        trigger_config={"field": "placement_ends_on", "offset_days": -14},
        steps=[message()],
    )
    Placement.objects.create(
        organisation=acme,
        contractor=tim,
        company=lakeshore,
        owner=alice,
        starts_on=MONDAY.date() + 2 * DAY,
        ends_on=MONDAY.date() + 30 * DAY,
    )
    run(acme)
    assert not Enrollment.objects.exists()
    run(acme, MONDAY + 2 * DAY)
    assert Enrollment.objects.get().sequence == starts
    run(acme, MONDAY + 16 * DAY)
    enrollment = Enrollment.objects.get(sequence=ends)
    assert (enrollment.contact, enrollment.owner) == (tim, alice)


def test_a_task_only_sequence_needs_no_address(acme, alice, megan):
    megan.email = ""
    megan.save()
    sequence = make_sequence(acme, steps=[StepFields(kind=StepKind.TASK, task_title="Call")])
    enter(sequence, megan)
    run(acme)
    assert OwnerTask.objects.count() == 1
    mail = make_sequence(acme, "Mail", steps=[message()])
    enrollment = enter(mail, megan)
    run(acme)
    enrollment.refresh_from_db()
    assert enrollment.exit_reason == ExitReason.NO_ADDRESS
