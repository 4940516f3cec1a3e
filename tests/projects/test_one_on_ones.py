"""Planning the missing 1:1s of a real roster: hours, absences, capacity, invitations."""

import datetime
from collections import Counter
from zoneinfo import ZoneInfo

import pytest

from hallway.absences.models import OutOfOffice
from hallway.engine.one_on_ones import week_monday
from hallway.messaging.models import OutboxMessage
from hallway.projects.models import OneOnOne, OneOnOneStatus
from hallway.projects.selectors.coverage import project_coverage
from hallway.projects.selectors.roster import member_participant
from hallway.projects.services.one_on_ones import (
    one_on_one_answer,
    one_on_one_record,
    one_on_ones_plan,
)
from hallway.projects.services.roster import RoleFields, roster_add
from hallway.relationships.models import Touch
from tests.factories import make_contact

NOW = datetime.datetime(2026, 12, 7, 8, 0, tzinfo=datetime.UTC)


def inside_hours(member, start, end, organisation):
    participant = member_participant(member, organisation)
    local_start = start.astimezone(ZoneInfo(participant.timezone))
    local_end = end.astimezone(ZoneInfo(participant.timezone))
    return (
        local_start.isoweekday() in participant.working_days
        and participant.work_start <= local_start.time()
        and local_end.time() <= participant.work_end
    )


def test_plans_every_missing_one_on_one_within_three_weeks(acme, project, roster):
    ours, _theirs = roster
    # Daan is out of office the whole first week: his 1:1s go to later weeks.
    OutOfOffice.objects.create(
        organisation=acme,
        person=ours[3].person,
        first_day=datetime.date(2026, 12, 7),
        last_day=datetime.date(2026, 12, 13),
    )
    coverage = project_coverage(project=project)
    assert coverage.required == 6 * 3 + 2 * 5 + 2 * 2 - 2 * 2  # key on both sides once
    plan = one_on_ones_plan(project=project, weeks=3, per_week=2, now=NOW)

    weekly = Counter()
    for meeting in plan.meetings:
        assert inside_hours(meeting.ours, meeting.start, meeting.end, acme)
        assert inside_hours(meeting.theirs, meeting.start, meeting.end, acme)
        for member in (meeting.ours, meeting.theirs):
            weekly[member.pk, week_monday(meeting.start)] += 1
        if meeting.ours == ours[3]:
            assert meeting.start.date() > datetime.date(2026, 12, 13)
        assert meeting.start >= NOW
        assert meeting.start < NOW + datetime.timedelta(weeks=3)
    assert max(weekly.values()) <= 2
    # Jonas and Sanne (key) need 8 each: 6 fit in three weeks at two a week.
    planned = {(m.ours.pk, m.theirs.pk) for m in plan.meetings}
    missing = {(p.ours.pk, p.theirs.pk) for p in coverage.pairs}
    assert planned | {(u.ours.pk, u.theirs.pk) for u in plan.unplannable} == missing
    assert {u.reason for u in plan.unplannable} <= {"capacity"}
    assert all(u.ours in ours[:2] for u in plan.unplannable)

    assert OneOnOne.objects.filter(project=project, status=OneOnOneStatus.PLANNED).count() == len(
        plan.meetings
    )
    # Two invitations per 1:1, each with the calendar event.
    invites = OutboxMessage.objects.filter(message_type="projects_one_on_one")
    assert invites.count() == 2 * len(plan.meetings)
    assert all(m.context["calendar"]["method"] == "REQUEST" for m in invites)

    after = project_coverage(project=project)
    assert Counter(p.status for p in after.pairs)["planned"] == len(plan.meetings)
    # Planning again plans nothing new, sends nothing twice.
    again = one_on_ones_plan(project=project, weeks=3, per_week=2, now=NOW)
    assert {(m.ours.pk, m.theirs.pk) for m in again.meetings}.isdisjoint(planned)
    assert invites.count() == 2 * (len(plan.meetings) + len(again.meetings))


def test_a_dry_run_writes_nothing(project, roster):
    plan = one_on_ones_plan(project=project, weeks=3, per_week=2, now=NOW, dry_run=True)
    assert plan.meetings
    assert not OneOnOne.objects.exists()
    assert not OutboxMessage.objects.exists()


def test_a_pair_without_common_hours_is_told_so(acme, project, roster):
    ours, theirs = roster
    theirs[0].timezone = "Asia/Tokyo"
    theirs[0].save()
    plan = one_on_ones_plan(project=project, weeks=2, per_week=5, now=NOW, dry_run=True)
    reasons = {(u.ours.pk, u.theirs.pk): u.reason for u in plan.unplannable}
    assert reasons[ours[2].pk, theirs[0].pk] == "no_common_hours"


def test_met_is_a_touch_and_covers_the_pair(acme, project, roster):
    _ours, _theirs = roster
    plan = one_on_ones_plan(project=project, weeks=3, per_week=2, now=NOW)
    meeting = plan.meetings[0].one_on_one
    one_on_one_answer(one_on_one=meeting, answer="met", now=meeting.end)
    pair = project_coverage(project=project).cell(meeting.ours, meeting.theirs)
    assert pair.status == "met"
    touch = Touch.objects.get()
    assert list(touch.contacts.all()) == [meeting.theirs.contact]
    # Answering again (a second click) records no second touch.
    one_on_one_answer(one_on_one=meeting, answer="met", now=meeting.end)
    assert Touch.objects.count() == 1


def test_the_lead_records_a_declined_pair(project, roster):
    ours, theirs = roster
    one_on_one_record(project=project, ours=ours[0], theirs=theirs[7], status="declined", now=NOW)
    assert project_coverage(project=project).cell(ours[0], theirs[7]).status == "declined"
    with pytest.raises(Exception, match="one of ours"):
        one_on_one_record(project=project, ours=theirs[0], theirs=ours[0], status="met", now=NOW)


def test_every_missing_one_on_one_fits_when_the_keys_are_theirs(acme, project, roster):
    """The issue's roster: 6 of ours (Berlin, Amsterdam) and 8 of theirs (New York,
    Amsterdam, Berlin). With the client's two leads and one partner as key counterparts,
    each key person needs six 1:1s: exactly what three weeks at two a week allow. A ninth
    of theirs in Tokyo shares no hours with Europe's afternoon and New York's morning."""
    ours, _theirs = roster
    for member in ours:
        member.key_counterpart = False
        member.save()
    tokyo = make_contact(acme, "Haruto Sato", timezone="Asia/Tokyo")
    far = roster_add(
        project=project,
        side="partner",
        contact=tokyo,
        values=RoleFields(role="Data partner", key_counterpart=True),
        joined_on=project.starts_on,
    )
    plan = one_on_ones_plan(project=project, weeks=3, per_week=2, now=NOW)

    required = project_coverage(project=project).required
    assert required == 6 * 4
    assert len(plan.meetings) == 6 * 3
    weekly = Counter()
    for meeting in plan.meetings:
        assert inside_hours(meeting.ours, meeting.start, meeting.end, acme)
        assert inside_hours(meeting.theirs, meeting.start, meeting.end, acme)
        for member in (meeting.ours, meeting.theirs):
            weekly[member.pk, week_monday(meeting.start)] += 1
    assert max(weekly.values()) <= 2
    assert {(u.theirs, u.reason) for u in plan.unplannable} == {(far, "no_common_hours")}
    assert len(plan.unplannable) == 6
