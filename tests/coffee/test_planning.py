"""Planning rounds: dates, the plan and what is saved, and the organiser's changes."""

import datetime
import itertools
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hallway.absences.models import Holiday, OutOfOffice
from hallway.absences.services import holidays_fill_locations
from hallway.coffee import reasons
from hallway.coffee.models import (
    Cadence,
    CoffeeProfile,
    LeftOut,
    Pairing,
    PairingMember,
    Round,
    RoundStatus,
    TeamPreference,
)
from hallway.coffee.round_dates import (
    cadence_dates,
    next_round_date,
    program_recurrence,
    program_rule,
    round_start,
)
from hallway.coffee.services import planning
from hallway.coffee.services.plan_edits import (
    pairing_lock,
    pairing_swap,
    round_remove_person,
    round_replan,
)
from hallway.coffee.services.planning import program_rules, round_plan
from hallway.engine.model import pair_key
from hallway.people.models import Location
from tests.coffee.test_participants import DAY, program, sent_round
from tests.factories import join, make_location, make_pairing, make_person

BERLIN = ZoneInfo("Europe/Berlin")
# Monday 2 March 2026, 07:00 in Berlin: the Tuesday round (3 March) is next.
NOW = datetime.datetime(2026, 3, 2, 6, 0, tzinfo=datetime.UTC)


def staff(acme, count, *, team_count=2, **fields):
    """`count` English speakers spread over `team_count` teams."""
    return [
        make_person(
            acme, f"Person {i:02d}", team=f"Team {i % team_count}", languages=["en"], **fields
        )
        for i in range(count)
    ]


def member_sets(round):
    return {
        frozenset(PairingMember.objects.filter(pairing=p).values_list("person__name", flat=True))
        for p in Pairing.objects.filter(round=round)
    }


def counts():
    return (
        Round.objects.count(),
        Pairing.objects.count(),
        PairingMember.objects.count(),
        LeftOut.objects.count(),
    )


# --- Dates -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cadence", "today", "expected"),
    [
        (Cadence.WEEKLY, datetime.date(2026, 2, 1), DAY),  # not before the first round
        (Cadence.WEEKLY, DAY, DAY),
        (Cadence.WEEKLY, DAY + datetime.timedelta(days=1), datetime.date(2026, 3, 10)),
        (Cadence.EVERY_2_WEEKS, datetime.date(2026, 3, 4), datetime.date(2026, 3, 17)),
        (Cadence.EVERY_2_WEEKS, datetime.date(2026, 3, 17), datetime.date(2026, 3, 17)),
        # Monthly on the first Tuesday: 3 March, 7 April, 5 May.
        (Cadence.MONTHLY, datetime.date(2026, 3, 4), datetime.date(2026, 4, 7)),
        (Cadence.MONTHLY, datetime.date(2026, 4, 8), datetime.date(2026, 5, 5)),
    ],
)
def test_cadence_dates(acme, cadence, today, expected):
    prog = program(acme, cadence=cadence, weekday=2)
    assert next_round_date(program=prog, today=today) == expected


@pytest.mark.parametrize(
    ("cadence", "first", "rule"),
    [
        (Cadence.WEEKLY, DAY, "FREQ=WEEKLY;BYDAY=TU"),
        (Cadence.EVERY_2_WEEKS, DAY, "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"),
        (Cadence.MONTHLY, DAY, "FREQ=MONTHLY;BYDAY=+1TU"),
        (Cadence.MONTHLY, datetime.date(2026, 3, 9), "FREQ=MONTHLY;BYDAY=+2TU"),
        (Cadence.MONTHLY, datetime.date(2026, 3, 30), "FREQ=MONTHLY;BYDAY=+4TU"),  # a 5th
    ],
)
def test_a_programs_cadence_is_one_rule(acme, cadence, first, rule):
    prog = program(acme, cadence=cadence, weekday=2)
    prog.first_round_on = first
    assert program_rule(prog) == rule
    assert program_recurrence(prog).timezone == "Europe/Berlin"


def test_rounds_start_at_the_programs_hour_across_dst(acme):
    prog = program(acme, cadence=Cadence.WEEKLY, weekday=2, hour=9)
    tuesdays = list(itertools.islice(cadence_dates(prog), 5))
    assert tuesdays[3:] == [datetime.date(2026, 3, 24), datetime.date(2026, 3, 31)]
    starts = [round_start(prog, day) for day in tuesdays[3:]]
    assert [start.astimezone(BERLIN).hour for start in starts] == [9, 9]
    assert [start.hour for start in starts] == [8, 7]  # CET, then CEST (UTC)


def test_first_round_on_the_programs_weekday(acme):
    prog = program(acme, weekday=4)  # Thursday after Tuesday 3 March
    assert next_round_date(program=prog, today=DAY) == datetime.date(2026, 3, 5)


def test_a_holiday_moves_the_round_to_the_next_working_day(acme, berlin):
    prog = program(acme, weekday=5)  # Fridays, the first on 6 March
    friday = datetime.date(2026, 3, 6)
    Holiday.objects.create(organisation=acme, date=friday, name="Company day")
    Holiday.objects.create(organisation=acme, date=datetime.date(2026, 3, 9), name="Bridge day")
    # Only organisation-wide holidays move rounds; Berlin's is for slots.
    Holiday.objects.create(
        organisation=acme, date=datetime.date(2026, 3, 10), name="Local", location=berlin
    )
    assert next_round_date(program=prog, today=DAY) == datetime.date(2026, 3, 10)


def test_a_round_that_went_out_is_not_planned_again(acme):
    prog = program(acme, cadence=Cadence.WEEKLY, weekday=2)
    sent_round(prog, 1, DAY, status=RoundStatus.ANNOUNCED)
    assert next_round_date(program=prog, today=DAY) == datetime.date(2026, 3, 10)


# --- Rules -------------------------------------------------------------------------------


def test_rules_from_the_program(acme):
    prog = program(
        acme,
        team_preference=TeamPreference.SAME,
        location_preference=TeamPreference.DIFFERENT,
        require_shared_language=False,
        min_overlap_minutes=120,
        avoid_repeat_days=60,
        group_size=3,
        meeting_minutes=45,
    )
    rules = program_rules(prog, forbid=[pair_key("1", "2")])
    assert rules.prefer.different_team == -1.0
    assert rules.prefer.different_location == 1.0
    assert rules.prefer.different_department == 0.5  # the engine's default
    assert (rules.require_shared_language, rules.min_overlap_minutes) == (False, 120)
    assert (rules.avoid_repeat_days, rules.group_size, rules.meeting_minutes) == (60, 3, 45)
    assert rules.forbid == frozenset({pair_key("1", "2")})
    assert (
        program_rules(program(acme, team_preference=TeamPreference.ANY)).prefer.different_team == 0
    )


# --- Planning ----------------------------------------------------------------------------


def test_round_plan_saves_pairs_with_reasons_slot_and_room(acme, berlin):
    prog = program(acme, weekday=2, hour=9, min_overlap_minutes=60)
    people = staff(acme, 6, location=berlin, timezone="Europe/Berlin")
    join(prog, make_person(acme, "Paused"), paused_until=datetime.date(2026, 4, 1))
    planned = round_plan(program=prog, now=NOW)

    round = planned.round
    assert round is not None
    assert (round.status, round.number, round.scheduled_for) == (RoundStatus.PLANNED, 1, DAY)
    assert round.starts_at == datetime.datetime(2026, 3, 3, 9, tzinfo=BERLIN)
    assert round.ends_at == datetime.datetime(2026, 3, 17, 9, tzinfo=BERLIN)
    assert round.participant_count == 6  # the paused person sits out
    assert round.objective == pytest.approx(planned.objective)
    assert round.objective > 0
    assert [(p.name, r) for p, r in planned.left_out] == [("Paused", reasons.PAUSED)]
    assert LeftOut.objects.get(round=round).reason == reasons.PAUSED

    pairings = list(Pairing.objects.filter(round=round))
    assert len(pairings) == 3
    assert {pid for p in pairings for pid in p.members.values_list("person_id", flat=True)} == {
        p.pk for p in people
    }
    for pairing in pairings:
        assert "never_met" in pairing.reasons
        assert "different_team" in pairing.reasons
        assert pairing.due_on == datetime.date(2026, 3, 16)
        local = pairing.slot_start.astimezone(BERLIN)
        assert pairing.slot_end - pairing.slot_start == datetime.timedelta(minutes=30)
        assert round.starts_at <= pairing.slot_start < round.ends_at
        assert 9 <= local.hour < 17
        assert local.isoweekday() <= 5
        assert pairing.video_url.startswith("https://meet.jit.si/Hallway-")
    assert len({p.video_url for p in pairings}) == 3
    assert [g.pairing for g in planned.groups] == sorted(
        [g.pairing for g in planned.groups], key=lambda p: p.pk
    )


def test_slots_avoid_holidays_of_the_members_locations(acme, berlin):
    prog = program(acme, weekday=2)
    staff(acme, 2, location=berlin, timezone="Europe/Berlin")
    for day in (3, 4):
        Holiday.objects.create(
            organisation=acme, date=datetime.date(2026, 3, day), name="Fest", location=berlin
        )
    planned = round_plan(program=prog, now=NOW)
    (group,) = planned.groups
    assert group.slot_start.astimezone(BERLIN).date() == datetime.date(2026, 3, 5)


def test_a_round_on_a_holiday_records_where_it_moved_from(acme):
    prog = program(acme, weekday=2)
    Holiday.objects.create(organisation=acme, date=DAY, name="Company day")
    staff(acme, 2)
    round = round_plan(program=prog, now=NOW).round
    assert (round.scheduled_for, round.moved_from) == (datetime.date(2026, 3, 4), DAY)


def test_blocked_people_are_never_paired(acme):
    prog = program(acme, require_shared_language=False, team_preference=TeamPreference.SAME)
    a, _b, c, _d = staff(acme, 4)  # teams 0, 1, 0, 1: same team preferred = a-c, b-d
    profile = CoffeeProfile.objects.create(organisation=acme, person=c)
    profile.blocked.add(a)
    round = round_plan(program=prog, now=NOW).round
    pairs = member_sets(round)
    assert frozenset({a.name, c.name}) not in pairs
    assert len(pairs) == 2


def test_owed_rounds_give_priority(acme, monkeypatch):
    prog = program(acme)
    _a, b, _c = staff(acme, 3)
    join(prog, b, owed_rounds=1)
    seen = {}
    original = planning.plan_round

    def spy(*args, **kwargs):
        seen.update(kwargs)
        return original(*args, **kwargs)

    monkeypatch.setattr(planning, "plan_round", spy)
    round_plan(program=prog, now=NOW, dry_run=True)
    assert seen["previous_sit_outs"] == frozenset({str(b.pk)})
    assert seen["today"] == DAY
    assert seen["seed"] == planning._seed(prog, 1)


def test_history_keeps_recent_partners_apart(acme):
    prog = program(acme, weekday=2, cadence=Cadence.WEEKLY, team_preference=TeamPreference.ANY)
    a, b, c, d = staff(acme, 4)
    last = sent_round(prog, 1, DAY - datetime.timedelta(days=7))
    make_pairing(last, [a, b], due_on=DAY - datetime.timedelta(days=1), outcomes=["met", ""])
    make_pairing(last, [c, d], due_on=DAY - datetime.timedelta(days=1), outcomes=["met", "met"])
    pairs = member_sets(round_plan(program=prog, now=NOW).round)
    assert frozenset({a.name, b.name}) not in pairs
    assert frozenset({c.name, d.name}) not in pairs


def test_round_plan_is_idempotent(acme):
    prog = program(acme)
    staff(acme, 5)
    first = round_plan(program=prog, now=NOW)
    before = counts()
    again = round_plan(program=prog, now=NOW + datetime.timedelta(hours=1))
    assert counts() == before
    assert again.round == first.round
    assert {frozenset(m.pk for m in g.members) for g in again.groups} == {
        frozenset(m.pk for m in g.members) for g in first.groups
    }
    assert again.objective == pytest.approx(first.objective)


def test_a_race_for_the_same_date_returns_the_winner(acme, monkeypatch):
    prog = program(acme)
    staff(acme, 2)
    compute = planning.compute_plan
    winner = {}

    def meanwhile_another_process_plans(*args, **kwargs):
        result = compute(*args, **kwargs)
        with monkeypatch.context() as inner:
            inner.setattr(planning, "compute_plan", compute)
            winner["round"] = round_plan(program=prog, now=NOW).round
        return result

    monkeypatch.setattr(planning, "compute_plan", meanwhile_another_process_plans)
    assert round_plan(program=prog, now=NOW).round == winner["round"]
    assert Round.objects.count() == 1
    assert Pairing.objects.count() == 1


def test_a_dry_run_writes_nothing(acme):
    prog = program(acme)
    staff(acme, 5)
    before = counts()
    planned = round_plan(program=prog, now=NOW, dry_run=True)
    assert counts() == before
    assert planned.round is None
    assert sum(len(g.members) for g in planned.groups) == 5
    assert all(g.slot_start is not None for g in planned.groups)


def plan_queries(acme, size):
    prog = program(acme)
    staff(acme, size)
    with CaptureQueriesContext(connection) as captured:
        planned = round_plan(program=prog, now=NOW)
    assert sum(len(g.members) for g in planned.groups) == size
    return len(captured)


def test_planning_takes_the_same_number_of_queries_for_10_and_40_people(acme):
    small = plan_queries(acme, 10)
    Round.objects.all().delete()
    from hallway.people.models import Person

    Person.objects.all().delete()
    assert plan_queries(acme, 40) == small
    # 20 before absences: they add the out-of-office ranges and the audience's locations
    # (a round skips a day that is a holiday at all of them).
    assert small <= 22


@pytest.mark.parametrize("size", [6, 30])
def test_a_saved_plan_reads_in_three_queries(acme, size, django_assert_num_queries):
    prog = program(acme)
    staff(acme, size)
    make_person(acme, "Paused", status="paused", paused_until=datetime.date(2026, 4, 1))
    round = round_plan(program=prog, now=NOW).round
    with django_assert_num_queries(3):  # pairings, their members, the left out
        planned = planning.planned_round_of(round=round)
        shown = [(m.name, g.reasons) for g in planned.groups for m in g.members]
        shown += [(p.name, r) for p, r in planned.left_out]
    assert len(shown) == size + 1


# --- Changes before the announcement -----------------------------------------------------


@pytest.fixture
def planned_round(acme):
    prog = program(acme, require_shared_language=False)
    people = staff(acme, 6)
    with time_machine.travel(NOW, tick=False):
        yield round_plan(program=prog, now=NOW).round, people


def pairing_of(round, someone):
    return Pairing.objects.get(round=round, members__person=someone)


def test_replan_keeps_locked_pairings_and_removed_people_out(planned_round):
    round, people = planned_round
    kept = Pairing.objects.filter(round=round).first()
    pairing_lock(pairing=kept, locked=True)
    kept_members = set(kept.members.values_list("person_id", flat=True))
    outsider = next(p for p in people if p.pk not in kept_members)
    round_remove_person(round=round, person=outsider)
    round_replan(round=round, now=NOW)

    assert Pairing.objects.filter(pk=kept.pk, locked=True).exists()
    assert set(kept.members.values_list("person_id", flat=True)) == kept_members
    planned = set(
        PairingMember.objects.filter(pairing__round=round).values_list("person_id", flat=True)
    )
    assert outsider.pk not in planned
    assert planned == {p.pk for p in people} - {outsider.pk}
    assert LeftOut.objects.get(round=round, person=outsider).reason == reasons.REMOVED
    round.refresh_from_db()
    total = sum(Pairing.objects.filter(round=round).values_list("score", flat=True))
    assert round.objective == pytest.approx(total)


def test_swap_exchanges_two_people_and_locks_both_pairings(planned_round):
    round, people = planned_round
    first = people[0]
    first_pairing = pairing_of(round, first)
    second = (
        PairingMember.objects.filter(pairing__round=round)
        .exclude(pairing=first_pairing)
        .first()
        .person
    )
    second_pairing = pairing_of(round, second)
    old_rooms = {first_pairing.video_url, second_pairing.video_url}
    pairing_swap(round=round, first=first, second=second)

    assert pairing_of(round, first).pk == second_pairing.pk
    assert pairing_of(round, second).pk == first_pairing.pk
    for pairing in Pairing.objects.filter(pk__in=[first_pairing.pk, second_pairing.pk]):
        assert pairing.locked
        assert "never_met" in pairing.reasons
        assert pairing.slot_start is not None
        assert pairing.video_url not in old_rooms


def test_swap_refuses_people_in_the_same_pairing_or_outside_the_round(planned_round, acme):
    round, people = planned_round
    mates = list(pairing_of(round, people[0]).members.values_list("person", flat=True))
    partner = next(p for p in people if p.pk in mates and p != people[0])
    with pytest.raises(ValidationError, match="same pairing"):
        pairing_swap(round=round, first=people[0], second=partner)
    stranger = make_person(acme, "Stranger")
    with pytest.raises(ValidationError, match="not in a pairing"):
        pairing_swap(round=round, first=people[0], second=stranger)


def test_swap_refuses_blocked_people(planned_round, acme):
    round, people = planned_round
    first = people[0]
    second = (
        PairingMember.objects.filter(pairing__round=round)
        .exclude(pairing=pairing_of(round, first))
        .first()
        .person
    )
    mate = (
        PairingMember.objects.filter(pairing=pairing_of(round, first))
        .exclude(person=first)
        .first()
        .person
    )
    CoffeeProfile.objects.create(organisation=acme, person=mate).blocked.add(second)
    with pytest.raises(ValidationError, match="never to be paired"):
        pairing_swap(round=round, first=first, second=second)


def test_removing_someone_leaves_their_partner_out_until_the_replan(planned_round):
    round, people = planned_round
    removed = people[0]
    partner_ids = set(
        pairing_of(round, removed).members.exclude(person=removed).values_list("person", flat=True)
    )
    round_remove_person(round=round, person=removed)
    assert LeftOut.objects.get(round=round, person=removed).reason == reasons.REMOVED
    assert (
        set(
            LeftOut.objects.filter(round=round, reason=reasons.PARTNER_REMOVED).values_list(
                "person", flat=True
            )
        )
        == partner_ids
    )
    round_replan(round=round, now=NOW)
    assert not LeftOut.objects.filter(round=round, reason=reasons.PARTNER_REMOVED).exists()
    assert LeftOut.objects.get(round=round, person=removed).reason == reasons.REMOVED
    assert PairingMember.objects.filter(pairing__round=round).count() == 5


def test_removing_someone_from_a_trio_leaves_a_pair(acme):
    prog = program(acme, require_shared_language=False)
    people = staff(acme, 3)
    round = round_plan(program=prog, now=NOW).round
    (trio,) = Pairing.objects.filter(round=round)
    round_remove_person(round=round, person=people[1])
    trio.refresh_from_db()
    assert set(trio.members.values_list("person", flat=True)) == {people[0].pk, people[2].pk}
    assert "joined_as_third" not in trio.reasons
    assert "never_met" in trio.reasons


def test_only_planned_rounds_can_be_changed(planned_round):
    round, people = planned_round
    Round.objects.filter(pk=round.pk).update(status=RoundStatus.ANNOUNCED)
    pairing = Pairing.objects.filter(round=round).first()
    for change in (
        lambda: round_replan(round=round, now=NOW),
        lambda: round_remove_person(round=round, person=people[0]),
        lambda: pairing_swap(round=round, first=people[0], second=people[1]),
        lambda: pairing_lock(pairing=pairing, locked=True),
    ):
        with pytest.raises(ValidationError, match="Only a planned round"):
            change()


def test_another_organisations_person_cannot_be_removed(planned_round, globex):
    round, _people = planned_round
    with pytest.raises(ValidationError):
        round_remove_person(round=round, person=make_person(globex, "Outsider"))


def test_location_without_holidays_is_unaffected(acme):
    paris = make_location(acme, "Paris", timezone="Europe/Paris")
    prog = program(acme)
    staff(acme, 2, location=paris, timezone="Europe/Paris")
    (group,) = round_plan(program=prog, now=NOW).groups
    assert group.slot_start.astimezone(BERLIN).date() == DAY


# --- Absences ------------------------------------------------------------------------------


@pytest.fixture
def koeln(acme):
    return Location.objects.create(
        organisation=acme, name="Köln", country="DE", subdivision="NW", timezone="Europe/Berlin"
    )


@pytest.fixture
def berlin_be(acme):
    return Location.objects.create(
        organisation=acme, name="Berlin", country="DE", subdivision="BE", timezone="Europe/Berlin"
    )


CORPUS_CHRISTI = datetime.date(2026, 6, 4)  # a Thursday; a public holiday in NW, not in BE


@pytest.mark.parametrize(("where", "meets_on"), [("koeln", 5), ("berlin_be", 4)])
def test_coffee_rounds_skip_a_locations_public_holiday(
    request, acme, koeln, berlin_be, where, meets_on
):
    holidays_fill_locations(organisation=acme, years=[2026])
    assert Holiday.objects.filter(location=koeln, date=CORPUS_CHRISTI).exists()
    assert not Holiday.objects.filter(location=berlin_be, date=CORPUS_CHRISTI).exists()
    prog = program(acme, weekday=3, cadence=Cadence.WEEKLY)  # Wednesday 3 June
    # They work Thursdays and Fridays: the first slot is Thursday, unless it is a holiday.
    staff(acme, 2, location=request.getfixturevalue(where), working_days=[4, 5])
    now = datetime.datetime(2026, 6, 3, 5, tzinfo=datetime.UTC)
    planned = round_plan(program=prog, now=now)
    assert planned.round.scheduled_for == datetime.date(2026, 6, 3)
    (group,) = planned.groups
    assert group.slot_start.astimezone(BERLIN).date() == datetime.date(2026, 6, meets_on)


def test_a_round_for_one_location_moves_off_its_public_holiday(acme, koeln, berlin_be):
    holidays_fill_locations(organisation=acme, years=[2026])
    only_koeln = program(acme, weekday=4, cadence=Cadence.WEEKLY)  # Thursdays
    only_koeln.audience_locations.set([koeln])
    everyone = program(acme, weekday=4, cadence=Cadence.WEEKLY)
    today = datetime.date(2026, 6, 1)
    assert next_round_date(program=only_koeln, today=today) == datetime.date(2026, 6, 5)
    assert next_round_date(program=everyone, today=today) == CORPUS_CHRISTI
    # A program for Köln and Berlin meets on Köln's holiday: Berlin works.
    both = program(acme, weekday=4, cadence=Cadence.WEEKLY)
    both.audience_locations.set([koeln, berlin_be])
    assert next_round_date(program=both, today=today) == CORPUS_CHRISTI


def test_a_person_with_an_out_of_office_range_is_not_paired_during_it(acme):
    prog = program(acme, weekday=2)  # Tuesday 3 March, every two weeks: meet by 16 March
    away, partly, *others = staff(acme, 6)
    OutOfOffice.objects.create(
        organisation=acme,
        person=away,
        first_day=datetime.date(2026, 3, 2),
        last_day=datetime.date(2026, 3, 20),
        note="Skiing",
    )
    # Away for the first days only: paired, and their slot is after they are back.
    OutOfOffice.objects.create(
        organisation=acme,
        person=partly,
        first_day=datetime.date(2026, 3, 3),
        last_day=datetime.date(2026, 3, 9),
    )
    planned = round_plan(program=prog, now=NOW)
    assert planned.left_out == [(away, reasons.AWAY)]
    assert LeftOut.objects.get(round=planned.round).reason == reasons.AWAY
    assert reasons.left_out_reason_text(reasons.AWAY).startswith("away for the whole round")
    paired = {person for group in planned.groups for person in group.members}
    assert paired == {partly, *others}
    (with_partly,) = [g for g in planned.groups if partly in g.members]
    assert with_partly.slot_start.astimezone(BERLIN).date() > datetime.date(2026, 3, 9)


def test_public_holidays_and_weekends_alone_can_leave_someone_out(acme, koeln):
    # Someone who works only on Thursdays, in a week whose Thursday is a holiday.
    holidays_fill_locations(organisation=acme, years=[2026])
    prog = program(acme, weekday=3, cadence=Cadence.WEEKLY)
    thursday_only, *_others = staff(acme, 3, location=koeln)
    thursday_only.working_days = [4]
    thursday_only.save()
    planned = round_plan(program=prog, now=datetime.datetime(2026, 6, 3, 5, tzinfo=datetime.UTC))
    assert planned.left_out == [(thursday_only, reasons.AWAY)]
