"""Planning, inviting and recording the 1:1s between the two sides of a project.

`one_on_ones_plan` asks the engine (`engine.one_on_ones`) for the missing pairs of the
coverage matrix over the next weeks: inside both people's working hours, never on their
absences (holidays, out of office, the contact's public holidays), at most `per_week` 1:1s
per person and week, counting every 1:1 they already have in any project. It stores each
meeting and sends both people an iMIP invitation in their own language and zone, with
the video room and three answer links (we met / not yet / I decline). A unique constraint
keeps one planned 1:1 per pair, so two planning runs at once plan each pair once.

A 1:1 that took place is a touch with the contact in relationships: one memory of who met
whom.
"""

import datetime
import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from hallway.accounts.tenancy import scoped
from hallway.messaging.channel_setup import channel_email
from hallway.messaging.ics import organizer, organizer_domain
from hallway.messaging.services import Outgoing, message_enqueue_each
from hallway.messaging.video import video_room_url
from hallway.projects.messages import ONE_ON_ONE, ONE_ON_ONE_CANCELLED
from hallway.projects.models import MeetingSeries, OneOnOne, OneOnOneStatus, Project, RosterMember
from hallway.projects.recipients import member_recipient
from hallway.projects.selectors.coverage import project_coverage
from hallway.projects.selectors.roster import (
    away_days,
    member_participant,
    member_zone,
    roster_of,
)
from hallway.relationships.interface import TouchKind, TouchSource, touch_record

if TYPE_CHECKING:
    from hallway.engine.one_on_ones import Booked

NOTICE = datetime.timedelta(hours=24)
MAX_WEEKS = 26


@dataclass(frozen=True)
class PlannedMeeting:
    ours: RosterMember
    theirs: RosterMember
    start: datetime.datetime
    end: datetime.datetime
    one_on_one: OneOnOne | None = None


@dataclass(frozen=True)
class NotPlanned:
    ours: RosterMember
    theirs: RosterMember
    reason: str


@dataclass(frozen=True)
class OneOnOnePlanResult:
    meetings: list[PlannedMeeting]
    unplannable: list[NotPlanned]


def reason_text(code: str) -> str:
    return {
        "no_common_hours": _("Their working hours never overlap."),
        "away": _("One of them is away whenever both could meet."),
        "capacity": _("One of them already has the most 1:1s a week in every week that fits."),
        "no_email": _("One of them has no email address to send the invitation to."),
    }.get(code, code)


def _booked(project: Project, members: list[RosterMember], lo: datetime.datetime) -> list["Booked"]:
    """Every 1:1 the members already have from `lo` on, in any project (same person or
    contact, any roster row)."""
    from hallway.engine.one_on_ones import Booked

    person_ids = {m.person_id: str(m.pk) for m in members if m.person_id}
    contact_ids = {m.contact_id: str(m.pk) for m in members if m.contact_id}
    booked = []
    for meeting in (
        scoped(OneOnOne, project.organisation)
        .filter(status=OneOnOneStatus.PLANNED, start__gte=lo - datetime.timedelta(days=7))
        .select_related("ours", "theirs")
    ):
        if meeting.start is None or meeting.end is None:
            continue
        for member in (meeting.ours, meeting.theirs):
            who = (person_ids.get(member.person_id) if member.person_id else None) or (
                contact_ids.get(member.contact_id) if member.contact_id else None
            )
            if who is not None:
                booked.append(Booked(who, meeting.start, meeting.end))
    return booked + _team_meetings(project, members, lo)


def _team_meetings(
    project: Project, members: list[RosterMember], lo: datetime.datetime
) -> list["Booked"]:
    """The project's kickoff and its series' meetings in the planning window: a 1:1 never
    clashes with them (they block time but are no 1:1s, so they leave the week's count)."""
    from hallway.engine.cadence import local_instant
    from hallway.engine.one_on_ones import Booked
    from hallway.projects.selectors.series import planned_dates
    from hallway.projects.services.series import series_members, series_zone

    ids = {m.pk for m in members}
    booked = []
    if project.kickoff_at is not None and project.kickoff_at >= lo:
        end = project.kickoff_at + datetime.timedelta(minutes=project.kickoff_minutes)
        booked += [Booked(str(pk), project.kickoff_at, end, counts=False) for pk in ids]
    roster = roster_of(project)
    last = (lo + datetime.timedelta(weeks=MAX_WEEKS + 1)).date()
    for series in scoped(MeetingSeries, project.organisation).filter(
        project=project, ended_on__isnull=True
    ):
        attending = [m.pk for m in series_members(series, roster) if m.pk in ids]
        if not attending:
            continue
        zone = series_zone(series)
        length = datetime.timedelta(minutes=series.minutes)
        for day in planned_dates(series, last, roster):
            start = local_instant(day, series.at, zone)
            if start >= lo:
                booked += [Booked(str(pk), start, start + length, counts=False) for pk in attending]
    return booked


def one_on_ones_plan(
    *,
    project: Project,
    weeks: int,
    per_week: int,
    now: datetime.datetime,
    dry_run: bool = False,
) -> OneOnOnePlanResult:
    """Plan the missing 1:1s (see the module docstring); with `dry_run`, only say what would
    be planned."""
    # Imported here: SciPy's optimiser takes half a second to load, which every other
    # command that reaches this module (coverage, the roster) would pay for nothing.
    from hallway.engine.one_on_ones import Need, plan_one_on_ones

    if not 1 <= weeks <= MAX_WEEKS:
        raise ValidationError({"weeks": [_("Plan from 1 to 26 weeks ahead.")]})
    if not 1 <= per_week <= 10:
        raise ValidationError({"per_week": [_("Choose from 1 to 10 1:1s per person and week.")]})
    members = roster_of(project)
    coverage = project_coverage(project=project, members=members)
    missing = coverage.missing
    by_id = {str(m.pk): m for m in members}
    no_email = [p for p in missing if not p.ours.email or not p.theirs.email]
    wanted = [p for p in missing if p.ours.email and p.theirs.email]
    start = now + NOTICE
    # Within the weeks from now (the notice only delays the first), and not after the end.
    until = now + datetime.timedelta(weeks=weeks)
    if project.ends_on is not None:
        until = min(
            until,
            datetime.datetime.combine(
                project.ends_on + datetime.timedelta(days=1), datetime.time(0), tzinfo=datetime.UTC
            ),
        )
    involved = {p.ours.pk: p.ours for p in wanted} | {p.theirs.pk: p.theirs for p in wanted}
    organisation = project.organisation
    plan = plan_one_on_ones(
        {str(pk): member_participant(m, organisation) for pk, m in involved.items()},
        [Need(str(p.ours.pk), str(p.theirs.pk), p.due) for p in wanted],
        now=start,
        weeks=weeks,
        per_week=per_week,
        minutes=project.one_on_one_minutes,
        away=away_days(
            organisation,
            list(involved.values()),
            start.date() - datetime.timedelta(days=1),
            start.date() + datetime.timedelta(weeks=weeks + 1),
        ),
        booked=_booked(project, list(involved.values()), start),
        until=until,
    )
    meetings = [
        PlannedMeeting(by_id[m.ours], by_id[m.theirs], m.start, m.end) for m in plan.meetings
    ]
    unplannable = [
        NotPlanned(by_id[u.ours], by_id[u.theirs], u.reason) for u in plan.unplannable
    ] + [NotPlanned(p.ours, p.theirs, "no_email") for p in no_email]
    if dry_run:
        return OneOnOnePlanResult(meetings, unplannable)
    stored = []
    for meeting in meetings:
        one_on_one = _store(project, meeting)
        if one_on_one is not None:
            stored.append(
                PlannedMeeting(meeting.ours, meeting.theirs, meeting.start, meeting.end, one_on_one)
            )
    return OneOnOnePlanResult(stored, unplannable)


def _store(project: Project, meeting: PlannedMeeting) -> OneOnOne | None:
    domain = organizer_domain()
    try:
        with transaction.atomic():
            one_on_one = OneOnOne.objects.create(
                organisation=project.organisation,
                project=project,
                ours=meeting.ours,
                theirs=meeting.theirs,
                start=meeting.start,
                end=meeting.end,
                uid=f"project-1on1-{secrets.token_hex(10)}@{domain}",
            )
            one_on_one.video_url = video_room_url(
                organisation=project.organisation,
                meeting_key=f"project-{project.pk}-1on1-{one_on_one.pk}",
                host=meeting.ours.person,
            )
            one_on_one.save(update_fields=["video_url"])
            one_on_one_invite(one_on_one=one_on_one)
    except IntegrityError:  # planned by a concurrent run a moment ago
        return None
    return one_on_one


def _calendar(one_on_one: OneOnOne, method: str) -> dict[str, Any]:
    assert one_on_one.start is not None
    assert one_on_one.end is not None
    return {
        "uid": one_on_one.uid,
        "sequence": one_on_one.sequence,
        "method": method,
        "start": one_on_one.start.isoformat(),
        "end": one_on_one.end.isoformat(),
        "video_url": one_on_one.video_url,
        "organizer": organizer(),
        "attendees": [
            {"name": m.name, "email": m.email} for m in (one_on_one.ours, one_on_one.theirs)
        ],
    }


def one_on_one_invite(*, one_on_one: OneOnOne) -> int:
    """Both people's invitations at the 1:1's current SEQUENCE (a repeat sends nothing)."""
    from hallway.projects.links import answer_urls

    one_on_one = OneOnOne.objects.select_related(
        "project__organisation",
        "project__company",
        "ours__person",
        "ours__contact__company",
        "theirs__person",
        "theirs__contact__company",
    ).get(pk=one_on_one.pk)
    project = one_on_one.project
    organisation = project.organisation
    email = channel_email(organisation)
    messages = []
    for member, other in (
        (one_on_one.ours, one_on_one.theirs),
        (one_on_one.theirs, one_on_one.ours),
    ):
        recipient = member_recipient(member, project)
        messages.append(
            Outgoing(
                recipient=recipient,
                channel=email,
                message_type=ONE_ON_ONE,
                context={
                    "recipient_name": member.name,
                    "other_name": other.name,
                    "other_role": other.role,
                    "other_company": (
                        other.contact.company.name
                        if other.contact is not None and other.contact.company is not None
                        else organisation.name
                    ),
                    "other_zone": member_zone(other, organisation),
                    "other_ask_me_about": other.ask_me_about,
                    "project_name": project.name,
                    "goal": project.goal,
                    "minutes": project.one_on_one_minutes,
                    "organisation_name": organisation.name,
                    "answers": answer_urls(
                        one_on_one=one_on_one, member=member, language=recipient.language
                    ),
                    "calendar": _calendar(one_on_one, "REQUEST"),
                },
                idempotency_key=f"projects:1on1-{one_on_one.pk}:seq-{one_on_one.sequence}:member-{member.pk}",
            )
        )
    return message_enqueue_each(organisation=organisation, messages=messages)


def one_on_one_cancel(*, one_on_one: OneOnOne) -> OneOnOne:
    """Take a planned 1:1 out of both calendars (METHOD:CANCEL, SEQUENCE + 1)."""
    with transaction.atomic():
        updated = OneOnOne.objects.filter(pk=one_on_one.pk, status=OneOnOneStatus.PLANNED).update(
            status=OneOnOneStatus.CANCELLED, sequence=one_on_one.sequence + 1
        )
        one_on_one.refresh_from_db()
        if updated and one_on_one.start is not None:
            _send_cancel(one_on_one)
    return one_on_one


def _send_cancel(one_on_one: OneOnOne) -> None:
    project = one_on_one.project
    organisation = project.organisation
    email = channel_email(organisation)
    messages = [
        Outgoing(
            recipient=member_recipient(member, project),
            channel=email,
            message_type=ONE_ON_ONE_CANCELLED,
            context={
                "recipient_name": member.name,
                "other_name": other.name,
                "project_name": project.name,
                "organisation_name": organisation.name,
                "calendar": _calendar(one_on_one, "CANCEL"),
            },
            idempotency_key=f"projects:1on1-{one_on_one.pk}:cancel:member-{member.pk}",
        )
        for member, other in (
            (one_on_one.ours, one_on_one.theirs),
            (one_on_one.theirs, one_on_one.ours),
        )
        if member.email
    ]
    message_enqueue_each(organisation=organisation, messages=messages)


ANSWERS = {
    "met": OneOnOneStatus.MET,
    "not_yet": OneOnOneStatus.NOT_YET,
    "declined": OneOnOneStatus.DECLINED,
}


def one_on_one_answer(*, one_on_one: OneOnOne, answer: str, now: datetime.datetime) -> OneOnOne:
    """Record how a 1:1 went: met (a touch with the contact), not yet (to be planned again),
    or declined. Either person may answer, and may change the answer."""
    status = ANSWERS.get(answer)
    if status is None:
        raise ValidationError({"answer": [_("Answer met, not_yet or declined.")]})
    with transaction.atomic():
        one_on_one = OneOnOne.objects.select_for_update().get(pk=one_on_one.pk)
        was = one_on_one.status
        one_on_one.status = status
        one_on_one.answered_at = now
        fields = ["status", "answered_at"]
        # "Not yet" or "I would rather not" before the meeting takes it out of both
        # calendars; the next planning run finds a new time (not yet) or none (declined).
        withdrawn = (
            was == OneOnOneStatus.PLANNED
            and status != OneOnOneStatus.MET
            and one_on_one.start is not None
            and one_on_one.start > now
        )
        if withdrawn:
            one_on_one.sequence += 1
            fields.append("sequence")
        one_on_one.save(update_fields=fields)
        if withdrawn:
            _send_cancel(one_on_one)
        if status == OneOnOneStatus.MET and was != OneOnOneStatus.MET:
            _touch(one_on_one, now)
    return one_on_one


def one_on_one_record(
    *,
    project: Project,
    ours: RosterMember,
    theirs: RosterMember,
    status: str,
    now: datetime.datetime,
) -> OneOnOne:
    """The lead's word on a pair from the coverage matrix: they met (outside Hallway's
    plan), or a 1:1 was declined, or it has to be planned again."""
    if (
        ours.project_id != project.pk
        or theirs.project_id != project.pk
        or ours.side != "ours"
        or theirs.side == "ours"
    ):
        raise ValidationError(
            {"pair": [_("Choose one of ours and one of theirs on this project.")]}
        )
    planned = (
        scoped(OneOnOne, project.organisation)
        .filter(project=project, ours=ours, theirs=theirs, status=OneOnOneStatus.PLANNED)
        .first()
    )
    if planned is not None:
        return one_on_one_answer(one_on_one=planned, answer=status, now=now)
    if status not in ANSWERS:
        raise ValidationError({"answer": [_("Answer met, not_yet or declined.")]})
    latest = (
        scoped(OneOnOne, project.organisation)
        .filter(project=project, ours=ours, theirs=theirs)
        .order_by("-created_at", "-id")
        .first()
    )
    if latest is not None and latest.status == ANSWERS[status]:
        return latest  # said already (a second click): no second row, no second touch
    with transaction.atomic():
        one_on_one = OneOnOne.objects.create(
            organisation=project.organisation,
            project=project,
            ours=ours,
            theirs=theirs,
            status=ANSWERS[status],
            answered_at=now,
        )
        if one_on_one.status == OneOnOneStatus.MET:
            _touch(one_on_one, now)
    return one_on_one


def _touch(one_on_one: OneOnOne, now: datetime.datetime) -> None:
    contacts = [m.contact for m in (one_on_one.ours, one_on_one.theirs) if m.contact is not None]
    if not contacts:
        return
    ours = one_on_one.ours.person
    touch_record(
        organisation=one_on_one.organisation,
        kind=TouchKind.VIDEO,
        at=min(one_on_one.start or now, now),
        contacts=contacts,
        by=ours.user if ours is not None else None,
        summary=_("1:1 in the project %(project)s") % {"project": one_on_one.project.name},
        source=TouchSource.PROJECT,
        external_id=f"project-1on1-{one_on_one.pk}",
    )
