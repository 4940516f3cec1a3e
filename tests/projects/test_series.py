"""A project's meeting rhythm: series validated, sent as recurring iMIP invitations that
leave out the attendees' holidays and say why, kept track of, with async check-ins."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from icalendar import Calendar

from hallway.absences.models import Holiday
from hallway.messaging.ics import invitation_ics
from hallway.messaging.models import OutboxMessage
from hallway.messaging.rendering import outbox_render
from hallway.projects.models import MeetingHeld, SeriesCircle, SeriesKind, Side
from hallway.projects.openers import opener_of_week
from hallway.projects.selectors.series import cadence_kept, open_blockers
from hallway.projects.services.roster import RoleFields, roster_add, roster_update
from hallway.projects.services.series import (
    SeriesFields,
    cadence_words,
    series_create,
    series_end,
    series_rule,
    series_update,
)
from hallway.projects.services.series_meetings import meeting_held_record
from hallway.rituals.models import CheckIn, CircleKind, StandUp
from tests.factories import make_contact

NOW = datetime.datetime(2026, 10, 20, 8, 0, tzinfo=datetime.UTC)
THANKSGIVING = datetime.date(2026, 11, 26)


def weekly(**overrides):
    values = {
        "name": "Weekly with Lakeshore",
        "kind": SeriesKind.WEEKLY,
        "rule": series_rule("weekly", "TH"),
        "starts_on": datetime.date(2026, 11, 2),
        "at": datetime.time(16, 0),
        "minutes": 45,
        "agenda": "Checkout: open questions\nLaunch plan",
    }
    values.update(overrides)
    return SeriesFields(**values)


def invites(series, **filters):
    return OutboxMessage.objects.filter(
        message_type="projects_series", context__calendar__uid=series.uid, **filters
    )


def test_presets_make_rules_and_read_back_in_words():
    assert series_rule("workdays") == "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"
    assert series_rule("biweekly", "WE") == "FREQ=WEEKLY;INTERVAL=2;BYDAY=WE"
    assert series_rule("monthly", "TU", 1) == "FREQ=MONTHLY;BYDAY=1TU"
    assert cadence_words("FREQ=WEEKLY;BYDAY=TH") == "Weekly on Thursday"
    assert cadence_words("FREQ=MONTHLY;BYDAY=1TU") == "Monthly on the first Tuesday"
    assert cadence_words("FREQ=YEARLY") == "FREQ=YEARLY"


def test_every_problem_at_once_and_nothing_written(project, alice):
    with pytest.raises(ValidationError) as caught:
        series_create(
            project=project,
            values=weekly(
                name=" ",
                rule="FREQ=SOMETIMES",
                minutes=2,
                circle=SeriesCircle.SUB_PROJECT,
                sub_project="",
            ),
            by=alice,
            now=NOW,
        )
    assert set(caught.value.message_dict) == {"name", "rule", "minutes", "sub_project"}
    with pytest.raises(ValidationError) as caught:
        series_create(project=project, values=weekly(timezone="Mars/Olympus"), by=alice, now=NOW)
    assert set(caught.value.message_dict) == {"timezone"}
    assert not project.series.exists()
    assert not OutboxMessage.objects.exists()


def test_weekly_series_skips_thanksgiving_and_says_why(project, roster, alice):
    """Done when: a recurring weekly series skips a public holiday of the client's location
    and the invite says why (an EXDATE)."""
    series = series_create(project=project, values=weekly(), by=alice, now=NOW)
    _ours, theirs = roster
    megan = theirs[0]  # in New York: the client's company keeps US-NY holidays
    message = invites(series).get(address=megan.email)
    calendar = message.context["calendar"]
    assert calendar["rrule"] == "FREQ=WEEKLY;BYDAY=TH"
    assert calendar["timezone"] == "Europe/Berlin"
    assert "2026-11-26T16:00" in calendar["exdates"]
    # Only holidays are left out: the Thursdays around it stay.
    assert "2026-11-19T16:00" not in calendar["exdates"]
    assert "2026-12-03T16:00" not in calendar["exdates"]

    rendered = outbox_render(message)
    assert "No meeting on Thursday 26 November 2026: Thanksgiving Day (US-NY)" in rendered.text
    assert message.timezone == "America/New_York"
    # 16:00 in Berlin is 10:00 in New York for Megan.
    assert "10:00" in rendered.text

    body = invitation_ics(calendar, summary=rendered.subject, description=rendered.text, now=NOW)
    event = next(iter(Calendar.from_ical(body).walk("VEVENT")))
    assert b"EXDATE;TZID=Europe/Berlin:" in body
    skipped = [d.dt.date() for exdate in _as_list(event["EXDATE"]) for d in exdate.dts]
    assert THANKSGIVING in skipped
    assert event["DTSTART"].dt == datetime.datetime(
        2026, 11, 5, 16, 0, tzinfo=event["DTSTART"].dt.tzinfo
    )


def _as_list(value):
    return value if isinstance(value, list) else [value]


def test_one_invite_per_attendee_with_the_opener_first_in_the_meetings_language(
    project, roster, alice
):
    ours, theirs = roster
    series = series_create(project=project, values=weekly(language="de"), by=alice, now=NOW)
    assert invites(series).count() == len(ours) + len(theirs)
    message = invites(series).get(address=ours[0].email)
    # The week of the first meeting (5 November), in German whoever reads it.
    opener = opener_of_week("de", datetime.date(2026, 11, 5), salt=series.pk)
    assert message.context["opener"] == opener
    text = outbox_render(message).text
    assert f"1. A few minutes of small talk first: {opener}" in text
    assert "2. Checkout: open questions" in text
    assert series.video_url.startswith("https://")
    assert message.context["calendar"]["video_url"] == series.video_url


def test_our_side_only_and_its_location_holidays(acme, project, roster, alice):
    ours, _theirs = roster
    Holiday.objects.create(
        organisation=acme, date=datetime.date(2026, 12, 24), name="Heiligabend (closed)"
    )
    series = series_create(
        project=project, values=weekly(circle=SeriesCircle.OURS), by=alice, now=NOW
    )
    assert invites(series).count() == len(ours)
    calendar = invites(series).first().context["calendar"]
    # Our organisation's day off is skipped; the client's Thanksgiving is not ours.
    assert "2026-12-24T16:00" in calendar["exdates"]
    assert "2026-11-26T16:00" not in calendar["exdates"]


def test_a_member_added_later_gets_the_invite_and_a_change_reaches_everyone(
    acme, project, roster, alice
):
    series = series_create(project=project, values=weekly(), by=alice, now=NOW)
    before = invites(series).count()

    newcomer = roster_add(
        project=project,
        side=Side.CLIENT,
        contact=make_contact(acme, "Taylor Green", company=project.company),
        values=RoleFields(role="QA"),
        joined_on=datetime.date(2026, 11, 10),
        now=NOW,
    )
    assert invites(series).count() == before + 1
    assert invites(series).get(address=newcomer.email).context["calendar"]["sequence"] == 0

    series_update(series=series, values=weekly(at=datetime.time(15, 30)), by=alice, now=NOW)
    series.refresh_from_db()
    assert series.sequence == 1
    assert invites(series, context__calendar__sequence=1).count() == before + 1


def test_ending_a_series_cuts_it_off_with_until(project, roster, alice):
    series = series_create(project=project, values=weekly(), by=alice, now=NOW)
    series_end(series=series, on=datetime.date(2026, 12, 31), by=alice, now=NOW)
    series.refresh_from_db()
    message = invites(series, context__calendar__sequence=1).first()
    assert message.context["calendar"]["method"] == "REQUEST"
    assert message.context["calendar"]["rrule"].startswith("FREQ=WEEKLY;BYDAY=TH;UNTIL=2026")


def test_cadence_kept_counts_held_of_planned_without_holidays(project, roster, alice):
    series = series_create(project=project, values=weekly(), by=alice, now=NOW)
    later = datetime.datetime(2026, 12, 11, 12, 0, tzinfo=datetime.UTC)
    # Thursdays 5, 12, 19 Nov, (26 Nov is Thanksgiving), 3, 10 Dec: five planned.
    for day, held in [(5, True), (12, True), (19, False)]:
        meeting_held_record(
            series=series, on=datetime.date(2026, 11, day), held=held, by=alice, now=later
        )
    meeting_held_record(
        series=series, on=datetime.date(2026, 12, 3), held=True, by=alice, now=later
    )
    kept = cadence_kept(project=project, today=later.date())
    assert (kept.held, kept.planned) == (3, 5)
    with pytest.raises(ValidationError):
        meeting_held_record(
            series=series, on=datetime.date(2026, 12, 2), held=True, by=alice, now=later
        )
    with pytest.raises(ValidationError):  # not yet
        meeting_held_record(
            series=series, on=datetime.date(2026, 12, 17), held=True, by=alice, now=later
        )
    assert MeetingHeld.objects.count() == 4


def test_with_checkins_makes_a_standup_for_our_side_and_counts_its_blockers(project, roster, alice):
    ours, _theirs = roster
    series = series_create(project=project, values=weekly(with_checkins=True), by=alice, now=NOW)
    standup = StandUp.objects.get(pk=series.standup_id)
    assert standup.circle_kind == CircleKind.PEOPLE
    assert {p.pk for p in standup.circle_people.all()} == {m.person_id for m in ours}
    # On the working days between the Thursday meetings.
    assert standup.rule == "FREQ=WEEKLY;BYDAY=MO,TU,WE,FR"
    assert open_blockers(project=project) == 0

    from hallway.rituals.services.standups_run import standups_run_due

    standups_run_due(
        organisation=project.organisation,
        now=datetime.datetime(2026, 11, 2, 8, 30, tzinfo=datetime.UTC),
    )
    checkins = CheckIn.objects.filter(occurrence__standup=standup)
    assert checkins.exists()
    first = checkins.first()
    CheckIn.objects.filter(pk=first.pk).update(blocked=True, blockers="Waiting for the API keys")
    assert open_blockers(project=project) == 1

    series_end(series=series, on=datetime.date(2026, 12, 31), by=alice, now=NOW)
    standup.refresh_from_db()
    assert not standup.active


def test_sub_project_circle(project, roster, alice):
    ours, theirs = roster
    for member in (ours[0], theirs[5]):
        member.sub_project = "Payments"
        member.save()
    series = series_create(
        project=project,
        values=weekly(circle=SeriesCircle.SUB_PROJECT, sub_project="payments"),
        by=alice,
        now=NOW,
    )
    assert set(invites(series).values_list("address", flat=True)) == {
        ours[0].email,
        theirs[5].email,
    }


def test_moving_to_another_sub_project_moves_the_calendars(project, roster, alice):
    """Jonas leaves the checkout sub-project for the staffing one: the checkout sync comes
    out of his calendar (a CANCEL for him alone), the staffing sync comes in."""
    ours, _theirs = roster
    jonas = ours[0]
    roster_update(member=jonas, values=RoleFields(role="Lead", sub_project="Checkout"), now=NOW)
    roster_update(member=ours[2], values=RoleFields(role="Dev", sub_project="Staffing"), now=NOW)
    checkout = series_create(
        project=project,
        values=weekly(
            name="Checkout sync", circle=SeriesCircle.SUB_PROJECT, sub_project="Checkout"
        ),
        by=alice,
        now=NOW,
    )
    staffing = series_create(
        project=project,
        values=weekly(
            name="Staffing sync", circle=SeriesCircle.SUB_PROJECT, sub_project="Staffing"
        ),
        by=alice,
        now=NOW,
    )
    assert not invites(staffing, address=jonas.email).exists()
    roster_update(member=jonas, values=RoleFields(role="Lead", sub_project="Staffing"), now=NOW)
    cancel = invites(checkout, address=jonas.email, context__calendar__method="CANCEL").get()
    assert cancel.context["calendar"]["sequence"] == checkout.sequence + 1
    assert invites(staffing, address=jonas.email, context__calendar__method="REQUEST").exists()


def test_a_series_whose_circle_shrinks_cancels_for_those_left_out(project, roster, alice):
    ours, theirs = roster
    series = series_create(
        project=project,
        values=weekly(circle=SeriesCircle.CHOSEN, members=[ours[0], theirs[0]]),
        by=alice,
        now=NOW,
    )
    series_update(
        series=series,
        values=weekly(circle=SeriesCircle.CHOSEN, members=[ours[0]]),
        by=alice,
        now=NOW,
    )
    left_out = invites(series, address=theirs[0].email, context__calendar__method="CANCEL")
    assert left_out.count() == 1
    assert not invites(series, address=ours[0].email, context__calendar__method="CANCEL").exists()
