"""What leaving and answering do to calendars: someone taken off the roster loses the
kickoff ahead and the running series; "not yet" before a 1:1 takes it out of both
calendars; nobody's invitation lists the others' addresses."""

import datetime

from hallway.messaging.models import OutboxMessage
from hallway.projects.models import OneOnOne, OneOnOneStatus, SeriesKind
from hallway.projects.services.kickoff import kickoff_proposal, kickoff_schedule
from hallway.projects.services.one_on_ones import (
    one_on_one_answer,
    one_on_one_record,
    one_on_ones_plan,
)
from hallway.projects.services.roster import roster_remove
from hallway.projects.services.series import SeriesFields, series_create
from hallway.relationships.models import Touch

NOW = datetime.datetime(2026, 12, 7, 8, 0, tzinfo=datetime.UTC)  # a Monday


def _weekly(project, alice):
    return series_create(
        project=project,
        values=SeriesFields(
            name="Weekly",
            kind=SeriesKind.WEEKLY,
            rule="FREQ=WEEKLY;BYDAY=TH",
            starts_on=datetime.date(2026, 12, 10),
            at=datetime.time(16, 0),
            timezone="Europe/Berlin",
        ),
        by=alice,
        now=NOW,
    )


def test_invitations_name_only_their_recipient(project, roster, alice):
    options = kickoff_proposal(project=project, now=NOW, minutes=60).options
    kickoff_schedule(project=project, start=options[0].start, minutes=60, agenda="", now=NOW)
    _weekly(project, alice)
    for message in OutboxMessage.objects.filter(
        message_type__in=["projects_kickoff", "projects_series"]
    ):
        attendees = message.context["calendar"]["attendees"]
        assert [a["email"] for a in attendees] == [message.address]


def test_someone_taken_off_loses_the_kickoff_ahead_and_the_series(project, roster, alice):
    _ours, theirs = roster
    options = kickoff_proposal(project=project, now=NOW, minutes=60).options
    kickoff_schedule(project=project, start=options[0].start, minutes=60, agenda="", now=NOW)
    series = _weekly(project, alice)
    leaving = theirs[2]
    roster_remove(member=leaving, now=NOW)

    mine = OutboxMessage.objects.filter(address=leaving.email)
    cancels = [m for m in mine if m.context["calendar"]["method"] == "CANCEL"]
    assert {m.message_type for m in cancels} == {"meeting_cancelled", "projects_series"}
    series_cancel = next(m for m in cancels if m.message_type == "projects_series")
    assert series_cancel.context["calendar"]["uid"] == series.uid
    assert series_cancel.context["calendar"]["sequence"] == series.sequence + 1
    # Nobody else got a cancellation.
    others = OutboxMessage.objects.exclude(address=leaving.email)
    assert not [m for m in others if m.context.get("calendar", {}).get("method") == "CANCEL"]


def test_not_yet_before_the_meeting_takes_it_out_of_both_calendars(project, roster):
    plan = one_on_ones_plan(project=project, weeks=3, per_week=2, now=NOW)
    meeting = plan.meetings[0].one_on_one
    one_on_one_answer(one_on_one=meeting, answer="not_yet", now=NOW)
    meeting.refresh_from_db()
    assert meeting.status == OneOnOneStatus.NOT_YET
    assert meeting.sequence == 1
    cancels = OutboxMessage.objects.filter(message_type="projects_one_on_one_cancelled")
    assert sorted(m.address for m in cancels) == sorted([meeting.ours.email, meeting.theirs.email])
    # The pair is missing again: the next run plans it anew.
    again = one_on_ones_plan(project=project, weeks=3, per_week=2, now=NOW, dry_run=True)
    assert (meeting.ours, meeting.theirs) in {(m.ours, m.theirs) for m in again.meetings}


def test_saying_met_twice_records_it_once(project, roster):
    ours, theirs = roster
    for _ in range(2):
        one_on_one_record(project=project, ours=ours[0], theirs=theirs[0], status="met", now=NOW)
    assert OneOnOne.objects.filter(ours=ours[0], theirs=theirs[0]).count() == 1
    assert Touch.objects.count() == 1


def test_1on1s_keep_clear_of_the_projects_own_meetings(project, roster, alice):
    """16:00 Berlin on Thursdays is the weekly: no 1:1 of its members lands on it."""
    series = _weekly(project, alice)
    plan = one_on_ones_plan(project=project, weeks=3, per_week=2, now=NOW, dry_run=True)
    for meeting in plan.meetings:
        local = meeting.start.astimezone(datetime.timezone(datetime.timedelta(hours=1)))
        clash = local.isoweekday() == 4 and datetime.time(15, 31) <= local.time() < datetime.time(
            16, 30
        )
        assert not clash, (meeting, series)


def test_planning_on_a_friday_loses_no_week(project, roster):
    """Three weeks from a Friday are three working weeks, not the two after the one that is
    ending: Jonas (key, eight 1:1s to have) gets two in each (February: no holidays)."""
    ours, _theirs = roster
    friday = datetime.datetime(2027, 2, 5, 8, 0, tzinfo=datetime.UTC)
    plan = one_on_ones_plan(project=project, weeks=3, per_week=2, now=friday, dry_run=True)
    jonas = [m.start for m in plan.meetings if m.ours == ours[0]]
    assert len(jonas) == 6
    assert all(start < friday + datetime.timedelta(weeks=3, days=1) for start in jonas)
