"""A series' invitations: one recurring iMIP event per attendee with an email address.

Ours get it at their directory address, the client's and partners' people at their
contact's; each reads it in their own language and zone, while the series itself follows
the wall clock of its own zone (RRULE with TZID), so it stays at 16:00 Berlin time when
New York changes its clocks. The occurrences on holidays of the attendees are left out
(EXDATE) and the text says why. The agenda's first item is the small-talk opener of the
week, in the meeting's language.

Idempotency keys are per series, SEQUENCE and roster member: sending again sends only
what is missing (someone who joined the circle since), and a changed series (SEQUENCE + 1)
reaches everyone once more.
"""

import datetime
import re
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import translation

from hallway.accounts.tenancy import scoped
from hallway.engine.cadence import local_instant, next_occurrence
from hallway.messaging.channel_setup import channel_email
from hallway.messaging.ics import organizer
from hallway.messaging.services import Outgoing, message_enqueue_each
from hallway.projects.models import MeetingSeries, Project, RosterMember
from hallway.projects.openers import opener_of_week
from hallway.projects.recipients import member_recipient
from hallway.projects.selectors.roster import roster_of
from hallway.projects.series_messages import SERIES
from hallway.projects.services.series import (
    cadence_words,
    series_language,
    series_members,
    series_recurrence,
    series_zone,
)
from hallway.projects.services.series_holidays import HORIZON, SkippedDay, skipped_days

_ENDS = re.compile(r";?(UNTIL|COUNT)=[^;]*", re.IGNORECASE)


def first_start(series: MeetingSeries) -> datetime.datetime | None:
    """The series' first meeting (DTSTART must be one of the rule's occurrences)."""
    zone = series_zone(series)
    before = local_instant(series.starts_on, datetime.time(0), zone) - datetime.timedelta(seconds=1)
    return next_occurrence(series_recurrence(series), before)


def _rule(series: MeetingSeries) -> str:
    """The rule, cut off after the series' last day when it has ended (UNTIL in UTC, as
    RFC 5545 asks when DTSTART has a zone)."""
    if series.ended_on is None:
        return series.rule
    zone = ZoneInfo(series_zone(series))
    end = datetime.datetime.combine(
        series.ended_on, datetime.time(23, 59, 59), tzinfo=zone
    ).astimezone(datetime.UTC)
    return _ENDS.sub("", series.rule) + ";UNTIL=" + end.strftime("%Y%m%dT%H%M%SZ")


def series_skipped(
    series: MeetingSeries, members: list[RosterMember], today: datetime.date
) -> list[SkippedDay]:
    """Holidays left out, from the first day to a year ahead (or the series' end)."""
    last = max(today, series.starts_on) + HORIZON
    if series.ended_on is not None:
        last = min(last, series.ended_on)
    return skipped_days(
        series=series,
        recurrence=series_recurrence(series),
        members=members,
        first=series.starts_on,
        last=last,
    )


def series_calendar(
    series: MeetingSeries,
    members: list[RosterMember],
    skipped: list[SkippedDay],
    start: datetime.datetime,
) -> dict[str, Any]:
    cancelled = series.ended_on is not None and series.ended_on < start.date()
    return {
        "uid": series.uid,
        "sequence": series.sequence,
        "method": "CANCEL" if cancelled else "REQUEST",
        "start": start.isoformat(),
        "end": (start + datetime.timedelta(minutes=series.minutes)).isoformat(),
        "rrule": _rule(series),
        "timezone": series_zone(series),
        "exdates": [
            datetime.datetime.combine(day.on, series.at).isoformat(timespec="minutes")
            for day in skipped
        ],
        "video_url": series.video_url,
        "organizer": organizer(),
        "attendees": [{"name": m.name, "email": m.email} for m in members if m.email],
    }


def _next_day(series: MeetingSeries, now: datetime.datetime) -> datetime.date:
    found = next_occurrence(series_recurrence(series), now)
    return found.date() if found is not None else series.starts_on


def series_invite(*, series: MeetingSeries, now: datetime.datetime) -> int:
    """Everyone's invitation at the series' current SEQUENCE; returns how many are in the
    outbox (a repeat adds only the missing ones)."""
    series = MeetingSeries.objects.select_related("project__organisation").get(pk=series.pk)
    project = series.project
    organisation = project.organisation
    members = series_members(series, roster_of(project))
    start = first_start(series)
    if start is None or not members:
        return 0
    today = now.astimezone(ZoneInfo(series_zone(series))).date()
    skipped = series_skipped(series, members, today)
    calendar = series_calendar(series, members, skipped, start)
    language = series_language(series)
    opener = opener_of_week(language, _next_day(series, now), salt=series.pk)
    agenda = [line.strip() for line in series.agenda.splitlines() if line.strip()]
    email = channel_email(organisation)
    messages = []
    for member in members:
        if not member.email:
            continue
        recipient = member_recipient(member, project)
        with translation.override(recipient.language):
            cadence = cadence_words(series.rule)
            language_name = str(dict(settings.LANGUAGES).get(language, language))
        messages.append(
            Outgoing(
                recipient=recipient,
                channel=email,
                message_type=SERIES,
                context={
                    "recipient_name": member.name,
                    "series_name": series.name,
                    "kind": series.kind,
                    "project_name": project.name,
                    "goal": project.goal,
                    "organisation_name": organisation.name,
                    "cadence": cadence,
                    "minutes": series.minutes,
                    "series_zone": series_zone(series),
                    "meeting_language": language_name,
                    "opener": opener,
                    "agenda": agenda,
                    "skipped": [
                        {"on": day.on.isoformat(), "why": day.why(recipient.language)}
                        for day in skipped
                        if day.on >= today
                    ],
                    "ended_on": series.ended_on.isoformat() if series.ended_on else "",
                    "with_checkins": series.with_checkins,
                    # Only the recipient as attendee: the guest list would hand every
                    # address in the circle to the client and partners (as for gatherings).
                    "calendar": {
                        **calendar,
                        "attendees": [{"name": member.name, "email": member.email}],
                    },
                },
                idempotency_key=(
                    f"projects:series-{series.pk}:seq-{series.sequence}:member-{member.pk}"
                ),
            )
        )
    return message_enqueue_each(organisation=organisation, messages=messages)


def series_withdraw(
    *, member: RosterMember, now: datetime.datetime, only: list[MeetingSeries] | None = None
) -> int:
    """Take series out of the calendar of someone who leaves their circle: a CANCEL for them
    alone, one SEQUENCE ahead of the copy they hold. Without `only`, every running series
    of the project they are in (call it before they leave the roster); with it, those
    series, whose circle no longer holds them."""
    project = member.project
    organisation = project.organisation
    if not member.email:
        return 0
    roster = roster_of(project)
    email = channel_email(organisation)
    messages = []
    running = scoped(MeetingSeries, organisation).filter(project=project, ended_on__isnull=True)
    for series in only if only is not None else running:
        if only is None and member.pk not in {m.pk for m in series_members(series, roster)}:
            continue
        start = first_start(series)
        if start is None:
            continue
        recipient = member_recipient(member, project)
        calendar = {
            **series_calendar(series, [member], [], start),
            "method": "CANCEL",
            "sequence": series.sequence + 1,
            "attendees": [{"name": member.name, "email": member.email}],
        }
        messages.append(
            Outgoing(
                recipient=recipient,
                channel=email,
                message_type=SERIES,
                context={
                    "recipient_name": member.name,
                    "series_name": series.name,
                    "kind": series.kind,
                    "project_name": project.name,
                    "organisation_name": organisation.name,
                    "calendar": calendar,
                },
                idempotency_key=(
                    f"projects:series-{series.pk}:seq-{series.sequence}:withdraw-{member.pk}"
                ),
            )
        )
    return message_enqueue_each(organisation=organisation, messages=messages)


def circles_snapshot(project: Project) -> dict[int, set[int]]:
    """Who is in each running series' circle now (to compare after a change)."""
    roster = roster_of(project)
    return {
        series.pk: {m.pk for m in series_members(series, roster)}
        for series in scoped(MeetingSeries, project.organisation).filter(
            project=project, ended_on__isnull=True
        )
    }


def circles_changed(
    *, project: Project, before: dict[int, set[int]], now: datetime.datetime
) -> int:
    """After a roster or series change: whoever left a running series' circle gets a CANCEL
    for it, whoever joined gets the invitation, and the async check-ins follow the circle.
    Returns how many messages were queued."""
    from hallway.projects.services.series import series_checkins_sync

    roster = {m.pk: m for m in roster_of(project)}
    queued = 0
    for series in scoped(MeetingSeries, project.organisation).filter(
        project=project, ended_on__isnull=True
    ):
        now_in = {m.pk for m in series_members(series, list(roster.values()))}
        for pk in before.get(series.pk, set()) - now_in:
            if pk in roster:
                queued += series_withdraw(member=roster[pk], now=now, only=[series])
        if now_in - before.get(series.pk, set()):
            queued += series_invite(series=series, now=now)
        if now_in != before.get(series.pk, set()):
            series_checkins_sync(series=series, now=now)
    return queued
