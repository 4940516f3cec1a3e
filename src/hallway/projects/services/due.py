"""What happens over time in the client projects of one organisation: what `hallway project
run-due` and the worker's periodic job run. Safe to repeat and to race: messages carry
idempotency keys, and every change of state is a conditional update.

- **The agenda of the week.** One recurring invitation carries one fixed description, so
  the small-talk opener of the week cannot rotate inside it. The day before each meeting
  (its start within `AGENDA_AHEAD`), every attendee with an email address gets a short
  agenda: the date and time in their zone, the video link, and the opener of that week in
  the meeting's language first (`openers.opener_of_week`, the series' own order), then the
  series' own items. Nothing goes out for an occurrence left out for a holiday, nor to
  someone away that day (out of office, their public holiday).
- **"Did you meet?"** `FOLLOWUP_AFTER` the end of a planned 1:1 nobody has answered, both
  people get the three answer links once more. After `ANSWER_WITHIN` without any answer it
  counts as not yet held: the coverage matrix shows the pair missing again, and the next
  planning run plans it anew.
- **Holidays a year ahead.** An invitation lists the holidays left out for
  `series_holidays.HORIZON` from when it was sent. When that was more than
  `REINVITE_AFTER` ago, everyone gets the series again at SEQUENCE + 1, so the list rolls
  forward and every attendee's calendar leaves out the same days.

Series of paused and finished projects rest: nobody is reminded of a meeting that the
project no longer holds.
"""

import datetime
from dataclasses import asdict, dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import translation

from hallway.accounts.models import Organisation
from hallway.accounts.tenancy import scoped
from hallway.engine.cadence import occurrences_after
from hallway.messaging.channel_setup import channel_email
from hallway.messaging.models import Channel, OutboxMessage
from hallway.messaging.services import Outgoing, message_enqueue_each
from hallway.projects.links import answer_urls
from hallway.projects.messages import ONE_ON_ONE_FOLLOWUP
from hallway.projects.models import (
    MeetingSeries,
    OneOnOne,
    OneOnOneStatus,
    ProjectStatus,
    RosterMember,
)
from hallway.projects.openers import opener_of_week
from hallway.projects.recipients import member_recipient
from hallway.projects.selectors.roster import away_days, member_zone, roster_of
from hallway.projects.series_messages import AGENDA
from hallway.projects.services.series import (
    series_language,
    series_members,
    series_recurrence,
    series_zone,
)
from hallway.projects.services.series_holidays import HORIZON, skipped_days
from hallway.projects.services.series_invites import series_invite, series_skipped

AGENDA_AHEAD = datetime.timedelta(hours=24)
FOLLOWUP_AFTER = datetime.timedelta(hours=1)
ANSWER_WITHIN = datetime.timedelta(days=14)
REINVITE_AFTER = datetime.timedelta(days=30)
RUNNING = (ProjectStatus.PLANNED, ProjectStatus.ACTIVE)


@dataclass
class ProjectsReport:
    """What one run did."""

    agendas: int = 0
    followups: int = 0
    # 1:1s nobody answered for `ANSWER_WITHIN`, now counted as not yet held.
    not_yet: int = 0
    reinvited_series: int = 0
    reinvitations: int = 0

    def as_dict(self) -> dict[str, int]:
        return asdict(self)

    @property
    def queued(self) -> int:
        """How many messages the run put in the outbox."""
        return self.agendas + self.followups + self.reinvitations


def _in_outbox(organisation: Organisation, keys: list[str]) -> set[str]:
    return set(
        OutboxMessage.objects.filter(
            organisation=organisation, idempotency_key__in=keys
        ).values_list("idempotency_key", flat=True)
    )


def _enqueue_new(organisation: Organisation, messages: list[Outgoing]) -> int:
    """Queue the messages whose keys are not in the outbox yet; returns how many."""
    there = _in_outbox(organisation, [m.idempotency_key for m in messages])
    new = [m for m in messages if m.idempotency_key not in there]
    return message_enqueue_each(organisation=organisation, messages=new)


def _language_name(code: str) -> str:
    return str(dict(settings.LANGUAGES).get(code, code))


def _agendas(
    series: MeetingSeries, rosters: dict[int, list[RosterMember]], now: datetime.datetime
) -> int:
    project = series.project
    organisation = project.organisation
    recurrence = series_recurrence(series)
    # Two: a daily meeting may come round twice in 24 hours across a clock change.
    starts = [s for s in occurrences_after(recurrence, now, 2) if s <= now + AGENDA_AHEAD]
    if not starts:
        return 0
    if project.pk not in rosters:
        rosters[project.pk] = roster_of(project)
    members = [m for m in series_members(series, rosters[project.pk]) if m.email]
    queued = 0
    for start in starts:
        day = start.date()
        if series.ended_on is not None and day > series.ended_on:
            continue
        keys = {
            m.pk: f"projects:series-{series.pk}:agenda-{day.isoformat()}:member-{m.pk}"
            for m in members
        }
        there = _in_outbox(organisation, list(keys.values()))
        waiting = [m for m in members if keys[m.pk] not in there]
        if not waiting:
            continue
        skipped = skipped_days(
            series=series, recurrence=recurrence, members=members, first=day, last=day
        )
        if skipped:
            continue
        away = away_days(
            organisation,
            waiting,
            day - datetime.timedelta(days=1),
            day + datetime.timedelta(days=1),
        )
        email = channel_email(organisation)
        queued += _enqueue_new(
            organisation,
            [
                _agenda(series, member, start, keys[member.pk], email, now)
                for member in waiting
                if _local_day(member, start, organisation) not in away.get(str(member.pk), ())
            ],
        )
    return queued


def _local_day(
    member: RosterMember, start: datetime.datetime, organisation: Organisation
) -> datetime.date:
    return start.astimezone(ZoneInfo(member_zone(member, organisation))).date()


def _agenda(
    series: MeetingSeries,
    member: RosterMember,
    start: datetime.datetime,
    key: str,
    email: Channel,
    now: datetime.datetime,
) -> Outgoing:
    project = series.project
    recipient = member_recipient(member, project)
    language = series_language(series)
    with translation.override(recipient.language):
        language_name = _language_name(language)
    return Outgoing(
        recipient=recipient,
        channel=email,
        message_type=AGENDA,
        context={
            "recipient_name": member.name,
            "series_name": series.name,
            "project_name": project.name,
            "organisation_name": project.organisation.name,
            "starts_at": start.isoformat(),
            "ends_at": (start + datetime.timedelta(minutes=series.minutes)).isoformat(),
            "minutes": series.minutes,
            "meeting_language": language_name,
            "video_url": series.video_url,
            "opener": opener_of_week(language, start.date(), salt=series.pk),
            "agenda": [line.strip() for line in series.agenda.splitlines() if line.strip()],
        },
        idempotency_key=key,
        not_before=now,
        # An agenda that arrives after the meeting has begun is noise.
        expires_at=start,
    )


def _followups(organisation: Organisation, now: datetime.datetime, report: ProjectsReport) -> None:
    unanswered = (
        scoped(OneOnOne, organisation)
        .filter(
            status=OneOnOneStatus.PLANNED,
            answered_at__isnull=True,
            end__lt=now - FOLLOWUP_AFTER,
        )
        .select_related(
            "project__organisation",
            "ours__person",
            "ours__contact",
            "theirs__person",
            "theirs__contact",
        )
    )
    for one_on_one in unanswered:
        assert one_on_one.end is not None
        if one_on_one.end <= now - ANSWER_WITHIN:
            # Conditional: an answer that came in a moment ago wins.
            report.not_yet += OneOnOne.objects.filter(
                pk=one_on_one.pk, status=OneOnOneStatus.PLANNED, answered_at__isnull=True
            ).update(status=OneOnOneStatus.NOT_YET)
        else:
            report.followups += _followup(one_on_one)


def _followup(one_on_one: OneOnOne) -> int:
    project = one_on_one.project
    organisation = project.organisation
    email = channel_email(organisation)
    messages = []
    for member, other in (
        (one_on_one.ours, one_on_one.theirs),
        (one_on_one.theirs, one_on_one.ours),
    ):
        if not member.email:
            continue
        recipient = member_recipient(member, project)
        messages.append(
            Outgoing(
                recipient=recipient,
                channel=email,
                message_type=ONE_ON_ONE_FOLLOWUP,
                context={
                    "recipient_name": member.name,
                    "other_name": other.name,
                    "project_name": project.name,
                    "organisation_name": organisation.name,
                    "started_at": (one_on_one.start or one_on_one.created_at).isoformat(),
                    "answers": answer_urls(
                        one_on_one=one_on_one, member=member, language=recipient.language
                    ),
                },
                idempotency_key=f"projects:1on1-{one_on_one.pk}:followup:member-{member.pk}",
            )
        )
    return _enqueue_new(organisation, messages)


def _stale(series: MeetingSeries, now: datetime.datetime) -> bool:
    """Whether the invitation's year of holidays has run `REINVITE_AFTER` short. It counts
    from the later of its sending and the first meeting: a series that has not begun keeps
    its year from its first day, and sending it again would change nothing."""
    sent = (series.invited_at or series.created_at).astimezone(ZoneInfo(series_zone(series)))
    today = now.astimezone(ZoneInfo(series_zone(series))).date()
    return max(sent.date(), series.starts_on) < today - REINVITE_AFTER


def _new_holidays(
    series: MeetingSeries, roster: list[RosterMember], now: datetime.datetime
) -> bool:
    """Whether a holiday to leave out has come into the year ahead since the invitation was
    sent (most months none has: then the horizon just moves on, without a mail)."""
    zone = ZoneInfo(series_zone(series))
    today = now.astimezone(zone).date()
    covered_until = (series.invited_at or series.created_at).astimezone(zone).date() + HORIZON
    members = series_members(series, roster)
    return any(day.on > covered_until for day in series_skipped(series, members, today))


def _reinvite(
    series: MeetingSeries,
    roster: list[RosterMember],
    now: datetime.datetime,
    report: ProjectsReport,
) -> None:
    if not _new_holidays(series, roster, now):
        MeetingSeries.objects.filter(pk=series.pk, invited_at=series.invited_at).update(
            invited_at=now
        )
        return
    with transaction.atomic():
        # Conditional on the SEQUENCE read: of two runs at once, one sends.
        raised = MeetingSeries.objects.filter(
            pk=series.pk, sequence=series.sequence, ended_on__isnull=True
        ).update(sequence=F("sequence") + 1, invited_at=now)
        if not raised:
            return
        report.reinvited_series += 1
        report.reinvitations += series_invite(series=series, now=now)


def projects_run_due(*, organisation: Organisation, now: datetime.datetime) -> ProjectsReport:
    """Send the agendas of tomorrow's meetings, ask after past 1:1s (and give up on them
    after two weeks), and send series whose holidays run short again, for `organisation`
    at `now`."""
    report = ProjectsReport()
    running = (
        scoped(MeetingSeries, organisation)
        .filter(project__status__in=RUNNING)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=now.date() - datetime.timedelta(days=1)))
        .select_related("project__organisation", "project__company")
        .order_by("id")
    )
    rosters: dict[int, list[RosterMember]] = {}
    for series in running:
        if series.ended_on is None and _stale(series, now):
            if series.project_id not in rosters:
                rosters[series.project_id] = roster_of(series.project)
            _reinvite(series, rosters[series.project_id], now, report)
        report.agendas += _agendas(series, rosters, now)
    _followups(organisation, now, report)
    return report
