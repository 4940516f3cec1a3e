"""Onboarding tracks: the default template, planning due tracks, buddies within capacity."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from hallway.absences.models import OutOfOffice
from hallway.coffee.models import Pairing
from hallway.onboarding.models import OnboardingStep, OnboardingTrack, StepKind
from hallway.onboarding.selectors import step_dates
from hallway.onboarding.services.planning import (
    NO_BUDDY_CAPACITY,
    NO_BUDDY_VOLUNTEERS,
    buddy_load,
    onboarding_plan_due,
    onboarding_track_fill,
    onboarding_track_plan,
    onboarding_tracks_complete,
)
from hallway.onboarding.services.setup import (
    buddy_volunteer_save,
    onboarding_template_default,
)
from hallway.people.models import Person, PersonStatus, Tag
from tests import factories
from tests.factories import make_team

NOW = datetime.datetime(2026, 3, 2, 8, 0, tzinfo=datetime.UTC)  # a Monday
TODAY = NOW.date()


def make_person(org, name, team=None, **fields):
    """Staff of long standing (since 2020) in their team's department, speaking English."""
    fields.setdefault("languages", ["en"])
    fields.setdefault("start_date", datetime.date(2020, 1, 1))
    department = team.department if team else ""
    return factories.make_person(org, name, team=team, department=department, **fields)


@pytest.fixture
def company(acme):
    teams = {
        name: make_team(acme, name, department=department)
        for name, department in [
            ("Platform", "Engineering"),
            ("Mobile", "Engineering"),
            ("Sales", "Sales"),
            ("Leadership", "Executive"),
        ]
    }
    ceo = make_person(acme, "Cleo Chief", teams["Leadership"])
    lead = make_person(acme, "Lars Lead", teams["Platform"], manager=ceo)
    people = {"ceo": ceo, "lead": lead}
    for i in range(3):
        people[f"platform{i}"] = make_person(
            acme, f"Pia Platform{i}", teams["Platform"], manager=lead
        )
        people[f"mobile{i}"] = make_person(acme, f"Mo Mobile{i}", teams["Mobile"], manager=ceo)
        people[f"sales{i}"] = make_person(acme, f"Sam Sales{i}", teams["Sales"], manager=ceo)
    return {"org": acme, "teams": teams, "people": people}


def new_hire(company, name, days_ahead=7, team="Platform"):
    return make_person(
        company["org"],
        name,
        company["teams"][team],
        manager=company["people"]["lead"],
        start_date=TODAY + datetime.timedelta(days=days_ahead),
    )


def test_default_template_has_the_five_steps_and_is_created_once(acme):
    template = onboarding_template_default(organisation=acme)
    again = onboarding_template_default(organisation=acme)
    assert template == again
    steps = list(template.steps.values_list("kind", "week"))
    assert steps == [
        (StepKind.BUDDY, 1),
        (StepKind.TEAMMATE, 2),
        (StepKind.OTHER_TEAM, 3),
        (StepKind.OTHER_TEAM, 4),
        (StepKind.LEADER, 5),
    ]


def test_nothing_is_planned_before_onboarding_is_set_up(company):
    new_hire(company, "Nina New")
    assert onboarding_plan_due(organisation=company["org"], now=NOW) == []
    assert not OnboardingTrack.objects.exists()


def test_a_new_hire_gets_a_series_by_the_template(company):
    org, people = company["org"], company["people"]
    onboarding_template_default(organisation=org)
    buddy_volunteer_save(organisation=org, person=people["sales0"], capacity=2)
    nina = new_hire(company, "Nina New")

    tracks = onboarding_plan_due(organisation=org, now=NOW)

    assert [t.person for t in tracks] == [nina]
    track = tracks[0]
    assert track.buddy == people["sales0"]
    assert track.unfilled == []
    pairings = list(
        Pairing.objects.filter(onboarding_meeting__track=track)
        .select_related("onboarding_meeting__step")
        .order_by("due_on")
    )
    kinds = [p.onboarding_meeting.step.kind for p in pairings]
    assert kinds == ["buddy", "teammate", "other_team", "other_team", "leader"]
    partners = [
        next(m.person for m in p.members.select_related("person") if m.person != nina)
        for p in pairings
    ]
    teammate, other1, other2, leader = partners[1:]
    assert teammate.team == nina.team
    # Other teams of the same department come first.
    assert {other1.team.name, other2.team.name} == {"Mobile"}
    assert other1 != other2
    # A leader manages others, and is not the new hire's own manager.
    assert leader == people["ceo"]
    assert people["lead"] not in partners
    assert len(set(partners)) == 5
    for week, pairing in enumerate(pairings, start=1):
        begins = nina.start_date + datetime.timedelta(weeks=week - 1)
        assert pairing.due_on == begins + datetime.timedelta(days=6)
        assert pairing.round is None
        assert pairing.video_url.startswith("http")
        assert pairing.slot_start is not None
        assert pairing.slot_start.date() >= begins
        # Inside both people's working hours (both in Berlin, 09:00-17:00).
        local = pairing.slot_start.astimezone(ZoneInfo("Europe/Berlin"))
        assert 9 <= local.hour < 17
        assert "onboarding" in pairing.reasons


def test_planning_twice_changes_nothing(company):
    org = company["org"]
    onboarding_template_default(organisation=org)
    new_hire(company, "Nina New")
    first = onboarding_plan_due(organisation=org, now=NOW)
    assert len(first) == 1
    count = Pairing.objects.count()
    assert onboarding_plan_due(organisation=org, now=NOW) == []
    assert Pairing.objects.count() == count
    assert onboarding_track_plan(person=first[0].person, now=NOW) == first[0]


def test_who_is_due(company):
    org = company["org"]
    template = onboarding_template_default(organisation=org)
    soon = new_hire(company, "Soon Starter", days_ahead=template.plan_days_ahead)
    new_hire(company, "Later Starter", days_ahead=template.plan_days_ahead + 1)
    started = new_hire(company, "Started Lastweek", days_ahead=-7)
    new_hire(company, "Long Ago", days_ahead=-8 * 7)
    gone = new_hire(company, "Gone Again", days_ahead=3)
    gone.status = PersonStatus.LEFT
    gone.save()
    planned = onboarding_plan_due(organisation=org, now=NOW)
    assert {t.person for t in planned} == {soon, started}


def test_an_inactive_template_still_plans_when_asked_by_hand(company):
    template = onboarding_template_default(organisation=company["org"])
    template.active = False
    template.save()
    nina = new_hire(company, "Nina New")
    assert onboarding_plan_due(organisation=company["org"], now=NOW, automatic=True) == []
    planned = onboarding_plan_due(organisation=company["org"], now=NOW)
    assert [t.person for t in planned] == [nina]


def test_buddies_respect_capacity_and_gaps_are_recorded(company):
    org, people = company["org"], company["people"]
    onboarding_template_default(organisation=org)
    buddy_volunteer_save(organisation=org, person=people["sales0"], capacity=2)
    buddy_volunteer_save(organisation=org, person=people["mobile0"], capacity=1)
    # An earlier, still running track already takes one of sales0's places.
    earlier = new_hire(company, "Earl Ier", days_ahead=-14)
    onboarding_track_plan(person=earlier, now=NOW - datetime.timedelta(days=21))
    OnboardingTrack.objects.filter(person=earlier).update(buddy=people["sales0"])
    hires = [new_hire(company, f"Hire Number{i}", days_ahead=3 + i) for i in range(4)]

    tracks = onboarding_plan_due(organisation=org, now=NOW)

    assert {t.person for t in tracks} == set(hires)
    buddies = [t.buddy for t in tracks if t.buddy]
    assert len(buddies) == 2  # sales0 has one place left, mobile0 one
    assert buddies.count(people["sales0"]) == 1
    assert buddies.count(people["mobile0"]) == 1
    without = [t for t in tracks if t.buddy is None]
    assert len(without) == 2
    buddy_step = OnboardingStep.objects.get(kind=StepKind.BUDDY)
    for track in without:
        assert {"step": buddy_step.pk, "reason": NO_BUDDY_CAPACITY} in track.unfilled
        assert not Pairing.objects.filter(
            onboarding_meeting__track=track, onboarding_meeting__step=buddy_step
        ).exists()
        # The rest of the series is still planned.
        assert Pairing.objects.filter(onboarding_meeting__track=track).count() == 4


def test_without_volunteers_the_buddy_step_is_a_visible_gap(company):
    org = company["org"]
    onboarding_template_default(organisation=org)
    track = onboarding_track_plan(person=new_hire(company, "Nina New"), now=NOW)
    assert track.buddy is None
    assert track.unfilled[0]["reason"] == NO_BUDDY_VOLUNTEERS


def test_the_buddy_is_never_the_manager_and_prefers_another_team(company):
    org, people = company["org"], company["people"]
    onboarding_template_default(organisation=org)
    for key in ("lead", "platform0", "mobile1"):
        buddy_volunteer_save(organisation=org, person=people[key], capacity=3)
    track = onboarding_track_plan(person=new_hire(company, "Nina New"), now=NOW)
    assert track.buddy == people["mobile1"]


def test_qualifying_tags_choose_the_leader(company):
    org, people = company["org"], company["people"]
    template = onboarding_template_default(organisation=org)
    tag = Tag.objects.create(organisation=org, name="leader")
    people["sales2"].interests.add(tag)
    template.steps.get(kind=StepKind.LEADER).qualifying_tags.add(tag)
    track = onboarding_track_plan(person=new_hire(company, "Nina New"), now=NOW)
    leader_pairing = Pairing.objects.get(
        onboarding_meeting__track=track, onboarding_meeting__step__kind=StepKind.LEADER
    )
    assert people["sales2"].pk in set(leader_pairing.members.values_list("person_id", flat=True))


def test_load_is_spread_across_new_hires(company):
    org = company["org"]
    onboarding_template_default(organisation=org)
    hires = [new_hire(company, f"Hire Number{i}") for i in range(3)]
    tracks = onboarding_plan_due(organisation=org, now=NOW)
    teammates = set()
    for track in tracks:
        pairing = Pairing.objects.get(
            onboarding_meeting__track=track, onboarding_meeting__step__kind=StepKind.TEAMMATE
        )
        teammates |= set(pairing.members.exclude(person__in=hires).values_list("person", flat=True))
    assert len(teammates) == 3  # three Platform people, one each


def test_a_team_without_anybody_else_leaves_the_teammate_step_unfilled(company):
    org = company["org"]
    onboarding_template_default(organisation=org)
    lonely = make_team(org, "Lonely", department="Engineering")
    hire = make_person(org, "Only One", lonely, start_date=TODAY + datetime.timedelta(days=2))
    track = onboarding_track_plan(person=hire, now=NOW)
    step = OnboardingStep.objects.get(kind=StepKind.TEAMMATE)
    assert {"step": step.pk, "reason": "no_qualifying_person"} in track.unfilled


def test_completed_tracks_free_their_buddy(company):
    org, people = company["org"], company["people"]
    onboarding_template_default(organisation=org)
    buddy_volunteer_save(organisation=org, person=people["sales0"], capacity=1)
    track = onboarding_track_plan(person=new_hire(company, "Nina New"), now=NOW)
    assert onboarding_tracks_complete(organisation=org, now=NOW) == 0
    later = NOW + datetime.timedelta(weeks=7)
    # Still a new hire then: until the track is completed, it takes the buddy's place.
    assert buddy_load(organisation=org, today=later.date()) == {people["sales0"].pk: 1}
    assert onboarding_tracks_complete(organisation=org, now=later) == 1
    track.refresh_from_db()
    assert track.completed_at == later
    assert buddy_load(organisation=org, today=later.date()) == {}


def test_an_organisation_with_tracks_can_be_deleted(company):
    org = company["org"]
    onboarding_template_default(organisation=org)
    onboarding_track_plan(person=new_hire(company, "Nina New"), now=NOW)
    org.delete()
    assert not OnboardingTrack.objects.exists()


def test_unfilled_steps_can_be_filled_later(company):
    org, people = company["org"], company["people"]
    onboarding_template_default(organisation=org)
    track = onboarding_track_plan(person=new_hire(company, "Nina New"), now=NOW)
    assert track.buddy is None
    assert onboarding_track_fill(track=track, now=NOW).unfilled == track.unfilled  # still none
    buddy_volunteer_save(organisation=org, person=people["sales1"], capacity=1)
    filled = onboarding_track_fill(track=track, now=NOW)
    assert filled.unfilled == []
    assert filled.buddy == people["sales1"]
    buddy_pairing = Pairing.objects.get(
        onboarding_meeting__track=track, onboarding_meeting__step__kind=StepKind.BUDDY
    )
    assert set(buddy_pairing.members.values_list("person_id", flat=True)) == {
        track.person_id,
        people["sales1"].pk,
    }
    assert Pairing.objects.filter(onboarding_meeting__track=track).count() == 5


def test_filling_later_never_picks_someone_already_on_the_track(company):
    org = company["org"]
    onboarding_template_default(organisation=org)
    track = onboarding_track_plan(person=new_hire(company, "Nina New"), now=NOW)
    assert track.buddy is None
    on_track = set(
        Pairing.objects.filter(onboarding_meeting__track=track).values_list(
            "members__person_id", flat=True
        )
    ) - {track.person_id}
    already = Person.objects.get(pk=min(on_track))
    buddy_volunteer_save(organisation=org, person=already, capacity=1)
    filled = onboarding_track_fill(track=track, now=NOW)
    assert filled.buddy is None
    buddy_step = OnboardingStep.objects.get(kind=StepKind.BUDDY)
    assert [gap["step"] for gap in filled.unfilled] == [buddy_step.pk]
    assert not Pairing.objects.filter(
        onboarding_meeting__track=track, onboarding_meeting__step=buddy_step
    ).exists()


def test_someone_who_started_already_gets_no_meetings_in_weeks_that_are_over(company):
    org = company["org"]
    onboarding_template_default(organisation=org)
    hire = new_hire(company, "Stan Started", days_ahead=-15)
    track = onboarding_track_plan(person=hire, now=NOW)
    pairings = list(
        Pairing.objects.filter(onboarding_meeting__track=track).select_related(
            "onboarding_meeting__step"
        )
    )
    assert pairings
    berlin = ZoneInfo("Europe/Berlin")
    for pairing in pairings:
        begins, due_on = step_dates(track.start_date, pairing.onboarding_meeting.step.week, TODAY)
        assert pairing.due_on == due_on >= TODAY
        assert begins >= TODAY
        if pairing.slot_start is not None:
            assert pairing.slot_start >= NOW
            assert pairing.slot_start.astimezone(berlin).date() <= pairing.due_on
    # Week 5 is still ahead: it keeps its own week.
    leader = next(p for p in pairings if p.onboarding_meeting.step.kind == StepKind.LEADER)
    assert leader.due_on == track.start_date + datetime.timedelta(weeks=5, days=-1)


def test_step_dates():
    start = datetime.date(2026, 3, 2)
    assert step_dates(start, 1, start) == (start, datetime.date(2026, 3, 8))
    assert step_dates(start, 3, start) == (datetime.date(2026, 3, 16), datetime.date(2026, 3, 22))
    later = datetime.date(2026, 3, 18)
    assert step_dates(start, 1, later) == (later, datetime.date(2026, 3, 24))


def test_a_partner_away_that_week_is_not_planned(company):
    org, people = company["org"], company["people"]
    onboarding_template_default(organisation=org)
    nina = new_hire(company, "Nina New")  # starts Monday 9 March
    # The CEO, the only leader, is out of office the whole of week 5 (6 to 12 April).
    OutOfOffice.objects.create(
        organisation=org,
        person=people["ceo"],
        first_day=datetime.date(2026, 4, 4),
        last_day=datetime.date(2026, 4, 12),
    )
    # Two of three teammates are away in week 2: the third is the teammate.
    for name in ("platform0", "platform1"):
        OutOfOffice.objects.create(
            organisation=org,
            person=people[name],
            first_day=datetime.date(2026, 3, 16),
            last_day=datetime.date(2026, 3, 22),
        )
    (track,) = onboarding_plan_due(organisation=org, now=NOW)
    partners = {
        meeting.step.kind: next(
            m.person for m in meeting.pairing.members.all() if m.person_id != nina.pk
        )
        for meeting in track.meetings.select_related("step", "pairing")
    }
    assert partners["teammate"] == people["platform2"]
    assert "leader" not in partners
    # No buddy volunteers in this company; and nobody to be the leader that week.
    assert [gap["reason"] for gap in track.unfilled] == [
        NO_BUDDY_VOLUNTEERS,
        "no_qualifying_person",
    ]


def test_a_slot_falls_on_a_day_both_are_there(company):
    org, people = company["org"], company["people"]
    onboarding_template_default(organisation=org)
    nina = new_hire(company, "Nina New")
    # Every teammate is away from Monday to Wednesday of week 2 (16 to 18 March).
    for name in ("platform0", "platform1", "platform2"):
        OutOfOffice.objects.create(
            organisation=org,
            person=people[name],
            first_day=datetime.date(2026, 3, 16),
            last_day=datetime.date(2026, 3, 18),
        )
    onboarding_plan_due(organisation=org, now=NOW)
    meeting = Pairing.objects.get(
        onboarding_meeting__track__person=nina, onboarding_meeting__step__kind=StepKind.TEAMMATE
    )
    assert meeting.slot_start.astimezone(ZoneInfo("Europe/Berlin")).date() == datetime.date(
        2026, 3, 19
    )
