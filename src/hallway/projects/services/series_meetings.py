"""What happened at a series' meetings: whether each took place (the cadence kept), and
the project lead's private note after a deeper check-in.

A note after a check-in is a memory in relationships, where the rest of what is known
about the sponsor lives: a touch with the contacts who were invited (so "days since the
last touch with the sponsor" moves) and a note private to its author. Writing it also
says the meeting took place.
"""

import datetime
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hallway.accounts.models import User
from hallway.core.dates import long_date
from hallway.engine.cadence import local_instant
from hallway.projects.models import MeetingHeld, MeetingSeries, SeriesKind
from hallway.projects.services.series import series_dates, series_members, series_zone
from hallway.relationships.interface import (
    Note,
    TouchKind,
    TouchSource,
    note_save,
    touch_record,
)

NOTE_MAX = 20000


def _check_day(series: MeetingSeries, on: datetime.date, now: datetime.datetime) -> None:
    today = now.astimezone(ZoneInfo(series_zone(series))).date()
    if on > today:
        raise ValidationError({"on": [_("This meeting has not taken place yet.")]})
    if on not in series_dates(series, on, on):
        raise ValidationError({"on": [_("The series has no meeting on this day.")]})


def meeting_held_record(
    *,
    series: MeetingSeries,
    on: datetime.date,
    held: bool,
    by: User | None,
    now: datetime.datetime,
) -> MeetingHeld:
    """Whether the meeting on `on` took place (a later answer replaces an earlier one)."""
    _check_day(series, on, now)
    record, _created = MeetingHeld.objects.update_or_create(
        organisation=series.organisation,
        series=series,
        on=on,
        defaults={"held": held, "recorded_by": by, "recorded_at": now},
    )
    return record


def checkin_note_add(
    *,
    series: MeetingSeries,
    on: datetime.date,
    text: str,
    author: User,
    now: datetime.datetime,
) -> Note:
    """The lead's private note after the check-in on `on`: a touch with the contacts who
    were invited (once per meeting), a note about the sponsor (else the one contact, else
    the client company) only its author reads, and the meeting marked held."""
    problems: dict[str, list[str]] = {}
    if series.kind != SeriesKind.CHECK_IN:
        problems.setdefault("series", []).append(_("Notes are kept after check-ins."))
    if not text.strip():
        problems.setdefault("text", []).append(_("Write what you want to remember."))
    elif len(text) > NOTE_MAX:
        problems.setdefault("text", []).append(
            _("At most %(count)d characters.") % {"count": NOTE_MAX}
        )
    try:
        _check_day(series, on, now)
    except ValidationError as exc:
        problems.update(exc.message_dict)
    project = series.project
    contacts = [m.contact for m in series_members(series) if m.contact is not None]
    sponsor = project.sponsor.contact if project.sponsor is not None else None
    about = sponsor if sponsor in contacts else (contacts[0] if len(contacts) == 1 else None)
    company = project.company if about is None else None
    if not contacts and company is None:
        problems.setdefault("series", []).append(
            _("Nobody from the client is invited to this check-in.")
        )
    if problems:
        raise ValidationError(problems)
    zone = series_zone(series)
    with transaction.atomic():
        if contacts:
            touch_record(
                organisation=series.organisation,
                kind=TouchKind.VIDEO if series.video_url else TouchKind.MEETING,
                at=local_instant(on, series.at, zone),
                contacts=contacts,
                by=author,
                summary=series.name,
                source=TouchSource.PROJECT,
                external_id=f"project-series-{series.pk}-{on.isoformat()}",
            )
        note = note_save(
            organisation=series.organisation,
            author=author,
            text=f"{series.name}, {long_date(on)}\n\n{text.strip()}",
            contact=about,
            company=company,
        )
        MeetingHeld.objects.update_or_create(
            organisation=series.organisation,
            series=series,
            on=on,
            defaults={"held": True, "recorded_by": author, "recorded_at": now},
        )
    return note
