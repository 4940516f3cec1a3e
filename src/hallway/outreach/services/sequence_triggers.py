"""Who enters a running sequence by its trigger, in each run of `sequences_run_due`.

- `segment`: every contact in the segment who is not in the sequence (and may enter again).
- `new_contact`: contacts created since the sequence started running (of `kinds`, if set).
- `stage_change`: a candidacy reaching `stage` since then; the candidate enters, their
  recruiter (the candidacy's owner) is the owner.
- `placement_start`: a placement's first day has come (since the sequence runs); the
  contractor enters with the placement's owner.
- `date_field`: `field` + `offset_days` has come: `placement_starts_on`, `placement_ends_on`
  (e.g. -14: two weeks before the end), `consent_on` (e.g. 330: renew consent before a year).
- `gone_quiet` is entered by the quiet-client flow; `manual` by hand.

Events (all but segments) enter once each: the reason names the event, and an enrollment
with that reason is never started again.
"""

import datetime
from collections.abc import Iterator

from django.db.models import QuerySet

from hallway.accounts.models import Organisation, User
from hallway.core.timezones import organisation_today
from hallway.outreach.models import (
    Candidacy,
    Enrollment,
    EnrollmentStatus,
    Placement,
    PlacementStatus,
    Segment,
    Sequence,
    SequenceStatus,
    Trigger,
)
from hallway.outreach.selectors.segments import segment_contacts
from hallway.outreach.services.enrollments import enrollment_start
from hallway.relationships.interface import Contact

Entry = tuple[Contact, User | None, str]


def _segment(sequence: Sequence, now: datetime.datetime) -> Iterator[Entry]:
    segment = Segment.objects.filter(
        organisation_id=sequence.organisation_id, pk=sequence.trigger_config.get("segment")
    ).first()
    if segment is None:
        return
    earlier = Enrollment.objects.filter(sequence=sequence)
    if sequence.reentry_days is None:
        earlier_ids = earlier.values("contact_id")
    else:
        since = now - datetime.timedelta(days=sequence.reentry_days)
        earlier_ids = earlier.exclude(left_at__lt=since).values("contact_id")
    for contact in segment_contacts(segment=segment, now=now).exclude(pk__in=earlier_ids):
        yield contact, None, f"segment:{segment.pk}"


def _new_contacts(sequence: Sequence, start: datetime.datetime) -> Iterator[Entry]:
    contacts = Contact.objects.filter(
        organisation_id=sequence.organisation_id, created_at__gte=start
    ).exclude(pk__in=Enrollment.objects.filter(sequence=sequence).values("contact_id"))
    if sequence.trigger_config.get("kinds"):
        contacts = contacts.filter(kind__in=sequence.trigger_config["kinds"])
    for contact in contacts.order_by("created_at", "id"):
        yield contact, None, "new_contact"


def _stage_changes(sequence: Sequence, start: datetime.datetime) -> Iterator[Entry]:
    stage = sequence.trigger_config.get("stage")
    candidacies = Candidacy.objects.filter(
        organisation_id=sequence.organisation_id, stage=stage, stage_changed_at__gte=start
    ).select_related("contact", "owner")
    for candidacy in candidacies.order_by("stage_changed_at", "id"):
        yield candidacy.contact, candidacy.owner, f"candidacy:{candidacy.pk}:{stage}"


def _placements(
    organisation_id: int, field: str, first: datetime.date, last: datetime.date
) -> QuerySet[Placement]:
    placements = Placement.objects.filter(
        organisation_id=organisation_id, **{f"{field}__gte": first, f"{field}__lte": last}
    ).exclude(status=PlacementStatus.CANCELLED)
    return placements.select_related("contractor", "owner").order_by(field, "id")


def _dates(sequence: Sequence, start: datetime.date, today: datetime.date) -> Iterator[Entry]:
    field = str(sequence.trigger_config.get("field", ""))
    offset = datetime.timedelta(days=int(sequence.trigger_config.get("offset_days", 0)))
    # The date plus the offset has come, and not before the sequence ran.
    first, last = start - offset, today - offset
    if field in ("placement_starts_on", "placement_ends_on"):
        column = field.removeprefix("placement_")
        for placement in _placements(sequence.organisation_id, column, first, last):
            reason = f"date:{field}:{placement.pk}"
            yield placement.contractor, placement.owner, reason
    elif field == "consent_on":
        contacts = Contact.objects.filter(
            organisation_id=sequence.organisation_id, consent_on__gte=first, consent_on__lte=last
        )
        for contact in contacts.order_by("consent_on", "id"):
            yield contact, None, f"date:consent_on:{contact.consent_on}"


def _entries(sequence: Sequence, now: datetime.datetime, today: datetime.date) -> Iterator[Entry]:
    start = sequence.activated_at or now
    start_day = organisation_today(sequence.organisation, start)
    if sequence.trigger == Trigger.SEGMENT:
        yield from _segment(sequence, now)
    elif sequence.trigger == Trigger.NEW_CONTACT:
        yield from _new_contacts(sequence, start)
    elif sequence.trigger == Trigger.STAGE_CHANGE:
        yield from _stage_changes(sequence, start)
    elif sequence.trigger == Trigger.PLACEMENT_START:
        for placement in _placements(sequence.organisation_id, "starts_on", start_day, today):
            yield placement.contractor, placement.owner, f"placement:{placement.pk}"
    elif sequence.trigger == Trigger.DATE_FIELD:
        yield from _dates(sequence, start_day, today)


def sequence_triggers_run(*, organisation: Organisation, now: datetime.datetime) -> int:
    """Enter everyone a running sequence's trigger brings in; returns how many entered."""
    today = organisation_today(organisation, now)
    entered = 0
    running = Sequence.objects.filter(
        organisation=organisation, status=SequenceStatus.ACTIVE
    ).exclude(trigger__in=(Trigger.MANUAL, Trigger.GONE_QUIET))
    for sequence in running.select_related("organisation"):
        seen = set(
            Enrollment.objects.filter(sequence=sequence)
            .exclude(reason__startswith="segment:")
            .values_list("contact_id", "reason")
        )
        for contact, owner, reason in _entries(sequence, now, today):
            if sequence.trigger != Trigger.SEGMENT and (contact.pk, reason) in seen:
                continue
            seen.add((contact.pk, reason))
            if enrollment_start(
                sequence=sequence, contact=contact, owner=owner, reason=reason, now=now
            ):
                entered += 1
    return entered


def active_enrollments(organisation: Organisation) -> list[Enrollment]:
    return list(
        Enrollment.objects.filter(organisation=organisation, status=EnrollmentStatus.ACTIVE)
        .exclude(sequence__status=SequenceStatus.ARCHIVED)
        .select_related("sequence", "contact__company", "owner", "organisation")
        .order_by("due_at", "id")
    )
