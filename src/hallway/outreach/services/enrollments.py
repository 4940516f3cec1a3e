"""Entering a contact into a sequence (by hand, by a trigger, by a quiet client's
fallback). Leaving and the steps themselves are run by `services.sequences_run`."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from hallway.accounts.models import User
from hallway.outreach.models import Enrollment, EnrollmentStatus, Sequence
from hallway.relationships.interface import Contact


def enrollment_start(
    *,
    sequence: Sequence,
    contact: Contact,
    owner: User | None,
    reason: str,
    now: datetime.datetime,
) -> Enrollment | None:
    """Put `contact` in `sequence` from its first step, due now; None when they are in it
    already, or left it and may not enter again yet (`reentry_days`)."""
    if contact.organisation_id != sequence.organisation_id:
        raise ValidationError({"contact": _("Choose a contact from this organisation.")})
    if owner is None:
        # An owner who is still a member: a former colleague must not sign the mail.
        owner = (
            contact.owners.filter(memberships__organisation_id=sequence.organisation_id)
            .order_by("id")
            .first()
        )
    earlier = Enrollment.objects.filter(sequence=sequence, contact=contact).order_by("-entered_at")
    if earlier.filter(status=EnrollmentStatus.ACTIVE).exists():
        return None
    last = earlier.first()
    if last is not None:
        if sequence.reentry_days is None:
            return None
        left = last.left_at or last.entered_at
        if now - left < datetime.timedelta(days=sequence.reentry_days):
            return None
    try:
        with transaction.atomic():
            return Enrollment.objects.create(
                organisation_id=sequence.organisation_id,
                sequence=sequence,
                contact=contact,
                owner=owner,
                reason=reason[:80],
                entered_at=now,
                due_at=now,
                position=0,
            )
    except IntegrityError:  # entered by a concurrent run a moment ago
        return None
