"""Video stand-ups: a time inside everyone's working hours when one exists, else the best
compromise with who pays for it; every member gets one recurring iMIP series (RRULE) with
the video room, once per version of the series."""

import datetime

from icalendar import Calendar

from hallway.messaging.ics import invitation_ics
from hallway.messaging.models import OutboxMessage
from hallway.rituals.services.standups_run import standups_run_due
from hallway.rituals.services.standups_video import standup_video_schedule, video_plan
from tests.factories import make_person, make_team
from tests.rituals.standup_helpers import MONDAY, at, make_standup


def test_a_time_inside_everyones_hours_and_one_series_each(acme):
    team = make_team(acme, "Platform")
    make_person(acme, "Carol Meyer", team=team, timezone="Europe/Berlin")
    make_person(acme, "Dirk de Vries", team=team, timezone="Europe/Amsterdam")
    standup = make_standup(acme, team=team, mode="video", rule="FREQ=WEEKLY;BYDAY=TU")
    assert standup.video_starts_at is not None
    plan = video_plan(standup=standup)
    assert plan.suits_everyone
    local = standup.video_starts_at.astimezone(datetime.UTC)
    assert local.isoweekday() == 2  # a Tuesday, the rule's day

    first = standups_run_due(organisation=acme, now=at(MONDAY, 8, 0))
    again = standups_run_due(organisation=acme, now=at(MONDAY, 8, 5))
    assert (first.video_invitations, again.video_invitations) == (2, 0)
    invitation = OutboxMessage.objects.filter(template="rituals_standup_video").first()
    calendar = invitation.context["calendar"]
    assert calendar["rrule"] == "FREQ=WEEKLY;BYDAY=TU"
    assert "meet.jit.si" in calendar["video_url"] or calendar["video_url"]


def test_no_common_time_shows_who_pays(acme):
    team = make_team(acme, "Global")
    make_person(acme, "Carol Meyer", team=team, timezone="Europe/Berlin")
    make_person(acme, "Bruna Costa", team=team, timezone="America/Sao_Paulo")
    make_person(acme, "Anil Rao", team=team, timezone="Asia/Kolkata")
    make_person(acme, "Ken Sato", team=team, timezone="Asia/Tokyo")
    make_person(acme, "Lea Ward", team=team, timezone="America/Los_Angeles")
    standup = make_standup(acme, team=team, mode="video")
    plan = video_plan(standup=standup)
    assert plan.start is not None
    assert plan.outside  # nobody can suit Tokyo and Los Angeles at once
    worst = plan.outside[0]
    assert worst.minutes > 0
    assert worst.local_start.tzinfo is None


def test_a_new_time_sends_the_series_again(acme):
    team = make_team(acme, "Platform")
    make_person(acme, "Carol Meyer", team=team)
    standup = make_standup(acme, team=team, mode="video")
    standups_run_due(organisation=acme, now=at(MONDAY, 8, 0))
    standup_video_schedule(standup=standup, now=at(MONDAY, 9, 0))
    standups_run_due(organisation=acme, now=at(MONDAY, 9, 5))
    sequences = sorted(
        m.context["calendar"]["sequence"]
        for m in OutboxMessage.objects.filter(template="rituals_standup_video")
    )
    assert sequences == [1, 2]


def test_daily_video_series_repeats_on_the_members_working_days(acme):
    team = make_team(acme, "Platform")
    make_person(acme, "Carol Meyer", team=team)
    make_person(acme, "Sunday Worker", team=team, working_days=[7, 1, 2, 3, 4])
    make_standup(acme, team=team, mode="video")
    standups_run_due(organisation=acme, now=at(MONDAY, 8, 0))
    rule = (
        OutboxMessage.objects.filter(template="rituals_standup_video")
        .first()
        .context["calendar"]["rrule"]
    )
    assert rule == "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR,SU"


def test_ics_carries_the_rrule_in_the_series_zone():
    start = datetime.datetime(2027, 3, 2, 8, 0, tzinfo=datetime.UTC)
    body = invitation_ics(
        {
            "uid": "standup-1@hallway",
            "sequence": 1,
            "start": start.isoformat(),
            "end": (start + datetime.timedelta(minutes=15)).isoformat(),
            "rrule": "FREQ=WEEKLY;BYDAY=TU",
            "timezone": "Europe/Berlin",
            "video_url": "https://meet.jit.si/Hallway-x",
        },
        summary="Stand-up",
        description="",
        now=start,
    )
    calendar = Calendar.from_ical(body)
    event = next(iter(calendar.walk("VEVENT")))
    assert event["RRULE"].to_ical() == b"FREQ=WEEKLY;BYDAY=TU"
    assert event["DTSTART"].dt.hour == 9  # 09:00 Berlin time
    assert str(event["DTSTART"].dt.tzinfo) == "Europe/Berlin"
    assert calendar.walk("VTIMEZONE")


def test_ics_without_rrule_stays_in_utc():
    start = datetime.datetime(2027, 3, 2, 8, 0, tzinfo=datetime.UTC)
    body = invitation_ics(
        {"uid": "x", "start": start.isoformat(), "end": start.isoformat()},
        summary="s",
        description="",
        now=start,
    )
    assert b"DTSTART:20270302T080000Z" in body
    assert b"RRULE" not in body
    assert b"VTIMEZONE" not in body
