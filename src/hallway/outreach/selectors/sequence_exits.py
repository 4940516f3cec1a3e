"""Why someone should leave a sequence now, and whether a step's condition holds.

Checked before every step: a reply (an inbound touch, from a mailbox read over IMAP, say)
since they entered; the goal met; anyone else's touch that did not come from outreach;
their address unsubscribed; for marketing, no consent (any more).
"""

import datetime

from django.db.models import Q, QuerySet

from hallway.outreach.models import (
    Candidacy,
    Condition,
    Enrollment,
    ExitReason,
    Goal,
    Stage,
    Step,
)
from hallway.outreach.selectors.consent import (
    NO_CONSENT,
    UNSUBSCRIBED,
    has_consent,
    send_blocker,
    unsubscribed_addresses,
)
from hallway.relationships.interface import (
    Contact,
    Direction,
    Order,
    Touch,
    TouchKind,
    TouchSource,
    contact_side,
)

# How far a candidate has come; rejected and withdrawn are off the ladder.
LADDER = [Stage.APPLIED, Stage.SCREENING, Stage.INTERVIEW, Stage.OFFER, Stage.HIRED]
MEETINGS = (TouchKind.CALL, TouchKind.VIDEO, TouchKind.MEETING)


def touches_since(
    contact: Contact, since: datetime.datetime, until: datetime.datetime | None = None
) -> QuerySet[Touch]:
    """The contact's touches from `since` (to `until`: a touch dated later, such as a
    meeting logged ahead, has not happened yet)."""
    touches = Touch.objects.filter(
        organisation_id=contact.organisation_id, contacts=contact, at__gte=since
    )
    return touches if until is None else touches.filter(at__lte=until)


def replied_since(contact: Contact, since: datetime.datetime) -> bool:
    return touches_since(contact, since).filter(direction=Direction.INBOUND).exists()


def stages_at_or_after(stage: str) -> list[str]:
    if stage not in LADDER:
        return [stage]
    return [str(s) for s in LADDER[LADDER.index(Stage(stage)) :]]


def goal_met(enrollment: Enrollment) -> bool:
    sequence, contact = enrollment.sequence, enrollment.contact
    since = enrollment.entered_at
    if sequence.goal == Goal.ORDER:
        if contact.company_id is None:
            return False
        day = since.date()
        return (
            Order.objects.filter(company_id=contact.company_id)
            .filter(Q(at__gt=day) | Q(at=day, created_at__gte=since))
            .exists()
        )
    if sequence.goal == Goal.STAGE:
        stage = str(sequence.goal_config.get("stage", ""))
        return Candidacy.objects.filter(
            contact=contact, stage__in=stages_at_or_after(stage)
        ).exists()
    if sequence.goal == Goal.MEETING:
        return touches_since(contact, since).filter(kind__in=MEETINGS).exists()
    return False


def exit_reason(enrollment: Enrollment, now: datetime.datetime | None = None) -> str:
    """Why `enrollment` should end at `now` ("" while it goes on)."""
    contact = enrollment.contact
    touches = touches_since(contact, enrollment.entered_at, now)
    if touches.filter(direction=Direction.INBOUND).exists():
        return ExitReason.REPLIED
    if goal_met(enrollment):
        return ExitReason.GOAL
    if touches.exclude(source=TouchSource.OUTREACH).exists():
        return ExitReason.TOUCHED
    blocker = send_blocker(contact, marketing=enrollment.sequence.marketing)
    if blocker == UNSUBSCRIBED:
        return ExitReason.UNSUBSCRIBED
    if blocker == NO_CONSENT:
        return ExitReason.NO_CONSENT
    return ""


def condition_holds(step: Step, enrollment: Enrollment) -> bool:
    contact = enrollment.contact
    config = step.condition_config
    if step.condition == Condition.NO_REPLY:
        return not replied_since(contact, enrollment.entered_at)
    if step.condition == Condition.HAS_EMAIL:
        return bool(contact.email.strip())
    if step.condition == Condition.CONSENTED:
        return has_consent(contact)
    if step.condition == Condition.KIND:
        return contact.kind in config.get("kinds", [])
    if step.condition == Condition.LANGUAGE:
        side = contact_side(organisation=enrollment.organisation, contact=contact)
        return side.language in config.get("languages", [])
    if step.condition == Condition.STAGE:
        return Candidacy.objects.filter(
            contact=contact, stage__in=config.get("stages", [])
        ).exists()
    return True


def enrollments_that_may_leave(enrollments: list[Enrollment], now: datetime.datetime) -> set[int]:
    """Of `enrollments`, the ids for which `exit_reason` could find a reason at `now`, read
    with a few queries for all of them: a run every few minutes over thousands of people in
    a sequence looks closely only at those (and at those whose next step is due).

    Outreach's own outbound touches are left out: they end no sequence."""
    if not enrollments:
        return set()
    contact_ids = {e.contact_id for e in enrollments}
    since = min(e.entered_at for e in enrollments)
    links = Touch.contacts.through.objects.filter(
        contact_id__in=contact_ids, touch__at__gte=since, touch__at__lte=now
    ).exclude(touch__source=TouchSource.OUTREACH, touch__direction=Direction.OUTBOUND)
    last_touch: dict[int, datetime.datetime] = {}
    for contact_id, at in links.values_list("contact_id", "touch__at"):
        if contact_id not in last_touch or at > last_touch[contact_id]:
            last_touch[contact_id] = at
    unsubscribed = unsubscribed_addresses(
        enrollments[0].organisation_id, [e.contact.email for e in enrollments]
    )
    ordered: dict[int, datetime.date] = {}
    companies = {
        e.contact.company_id
        for e in enrollments
        if e.sequence.goal == Goal.ORDER and e.contact.company_id is not None
    }
    for company_id, day in Order.objects.filter(
        company_id__in=companies, at__gte=since.date()
    ).values_list("company_id", "at"):
        ordered[company_id] = max(day, ordered.get(company_id, day))
    # Candidates at (or past) their sequence's goal stage.
    goal_stages = {
        e.pk: set(stages_at_or_after(str(e.sequence.goal_config.get("stage", ""))))
        for e in enrollments
        if e.sequence.goal == Goal.STAGE
    }
    stages_of: dict[int, set[str]] = {}
    for contact_id, stage in Candidacy.objects.filter(
        contact_id__in={e.contact_id for e in enrollments if e.pk in goal_stages}
    ).values_list("contact_id", "stage"):
        stages_of.setdefault(contact_id, set()).add(stage)
    may = set()
    for enrollment in enrollments:
        contact = enrollment.contact
        touched = last_touch.get(contact.pk)
        if (
            (touched is not None and touched >= enrollment.entered_at)
            or contact.email.strip().lower() in unsubscribed
            or (enrollment.sequence.marketing and not has_consent(contact))
            or ordered.get(contact.company_id or 0, datetime.date.min)
            >= enrollment.entered_at.date()
            or bool(goal_stages.get(enrollment.pk, set()) & stages_of.get(contact.pk, set()))
        ):
            may.add(enrollment.pk)
    return may
