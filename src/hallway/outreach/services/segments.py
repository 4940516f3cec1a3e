"""Saved segments: a name and filters over contacts (see `selectors.segments`).

A segment holds no members, only filters, so saving one never touches a contact; it can
only be deleted while no campaign was sent to it or drafted for it (the campaign's
figures keep naming who it reached through it).
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hallway.accounts.models import Organisation, User
from hallway.outreach.models import Campaign, Segment
from hallway.outreach.selectors.segments import segment_filters_clean

NAME_MAX = 120


def segment_save(
    *,
    organisation: Organisation,
    name: str,
    filters: object,
    by: User | None = None,
    segment: Segment | None = None,
) -> Segment:
    """Create a segment (or change `segment`); ValidationError naming every problem."""
    name = " ".join((name or "").split())
    problems: dict[str, list[str]] = {}
    if not name or len(name) > NAME_MAX:
        problems["name"] = [_("A name of 1 to %(max)d characters.") % {"max": NAME_MAX}]
    elif (
        Segment.objects.filter(organisation=organisation, name__iexact=name)
        .exclude(pk=segment.pk if segment else 0)
        .exists()
    ):
        problems["name"] = [_("Another segment has this name.")]
    clean: dict[str, Any] = {}
    try:
        clean = segment_filters_clean(filters)
    except ValidationError as exc:
        problems.update(exc.message_dict)
    if problems:
        raise ValidationError(problems)
    if segment is None:
        segment = Segment(organisation=organisation, created_by=by)
    elif segment.organisation_id != organisation.pk:
        raise ValidationError(_("This segment belongs to another organisation."))
    segment.name, segment.filters = name, clean
    try:
        with transaction.atomic():
            segment.save()
    except IntegrityError as exc:  # the same name saved a moment ago
        raise ValidationError({"name": [_("Another segment has this name.")]}) from exc
    return segment


def segment_delete(*, segment: Segment) -> None:
    """Delete a segment no campaign uses; ValidationError otherwise."""
    used = Campaign.objects.filter(segment=segment).count()
    if used:
        raise ValidationError(
            ngettext(
                "One shared article uses this segment, so it stays.",
                "%(count)d shared articles use this segment, so it stays.",
                used,
            )
            % {"count": used}
        )
    segment.delete()
