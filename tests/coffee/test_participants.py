"""Who a program reaches, who takes part in a round and why others sit it out, the history."""

import datetime
from functools import partial

import pytest

from hallway.coffee import reasons
from hallway.coffee.models import (
    Frequency,
    JoinMode,
    Outcome,
    PairingMember,
    ParticipationStatus,
    Round,
    RoundStatus,
)
from hallway.coffee.selectors.participants import (
    engine_participants,
    organisation_history,
    people_for_engine,
    program_audience,
    round_participants,
)
from hallway.people.models import Person, PersonStatus, Tag
from tests.factories import (
    join,
    make_location,
    make_pairing,
    make_person,
    make_program,
    make_round,
    make_team,
)

DAY = datetime.date(2026, 3, 3)  # a Tuesday
# The programs these tests plan for: everyone in the audience takes part, rounds from DAY on.
program = partial(
    make_program,
    name="Coffee",
    join_mode=JoinMode.OPT_OUT,
    weekday=DAY.isoweekday(),
    first_round_on=DAY,
)


def sent_round(prog, number, day, status=RoundStatus.CLOSED):
    """A round that went out at 08:00 UTC on `day`."""
    starts_at = datetime.datetime.combine(day, datetime.time(8), tzinfo=datetime.UTC)
    return make_round(prog, number=number, starts_at=starts_at, status=status)


def names(people):
    return sorted(p.name for p in people)


# --- The audience ------------------------------------------------------------------------


def test_whole_organisation_when_nothing_is_chosen(acme, globex):
    make_person(acme, "Ann")
    make_person(acme, "Ben", status=PersonStatus.PAUSED, paused_until=DAY)
    make_person(acme, "Gone", status=PersonStatus.LEFT, left_on=DAY)
    make_person(globex, "Other")
    assert names(program_audience(program=program(acme))) == ["Ann", "Ben"]


def test_people_leaving_later_are_in_until_they_leave(acme):
    make_person(acme, "Leaving", left_on=DAY + datetime.timedelta(days=1))
    make_person(acme, "Left before", left_on=DAY)
    prog = program(acme)
    assert names(program_audience(program=prog, on=DAY)) == ["Leaving"]


def test_teams_locations_and_tags_are_alternatives_plus_includes_minus_excludes(acme):
    sales = make_team(acme, "Sales")
    platform = make_team(acme, "Platform")
    paris = make_location(acme, "Paris", timezone="Europe/Paris")
    climbing = Tag.objects.create(organisation=acme, name="climbing")
    make_person(acme, "Sales person", team=sales)
    make_person(acme, "Parisian", team=platform, location=paris)
    make_person(acme, "Climber", interests=("climbing", "jazz"))
    make_person(acme, "Platform person", team=platform)
    guest = make_person(acme, "Guest")
    excluded = make_person(acme, "Excluded", team=sales)
    prog = program(acme)
    prog.audience_teams.add(sales)
    prog.audience_locations.add(paris)
    prog.audience_tags.add(climbing)
    prog.include_people.add(guest)
    prog.exclude_people.add(excluded)
    assert names(program_audience(program=prog)) == [
        "Climber",
        "Guest",
        "Parisian",
        "Sales person",
    ]


# --- Who takes part ----------------------------------------------------------------------


def test_opt_in_means_those_who_joined(acme):
    joined, left, _never = (
        make_person(acme, "Joined"),
        make_person(acme, "Left"),
        make_person(acme, "Never"),
    )
    prog = program(acme, join_mode=JoinMode.OPT_IN)
    join(prog, joined)
    join(prog, left, status=ParticipationStatus.LEFT)
    found = round_participants(program=prog, on=DAY)
    assert names(found.people) == ["Joined"]
    assert found.skipped == []


def test_opt_out_means_the_audience_minus_those_who_left(acme):
    make_person(acme, "Stays")
    left = make_person(acme, "Left")
    prog = program(acme, join_mode=JoinMode.OPT_OUT)
    join(prog, left, status=ParticipationStatus.LEFT)
    assert names(round_participants(program=prog, on=DAY).people) == ["Stays"]


def skipped_reasons(found):
    return {p.name: reason for p, reason in found.skipped}


def test_paused_people_are_skipped_until_their_pause_ends(acme):
    prog = program(acme)
    for name, until in [("Until today", DAY), ("Until yesterday", DAY - datetime.timedelta(1))]:
        join(prog, make_person(acme, name), paused_until=until)
    join(
        prog,
        make_person(acme, "Auto"),
        auto_paused_at=datetime.datetime(2026, 2, 1, tzinfo=datetime.UTC),
    )
    make_person(
        acme, "Directory pause", status=PersonStatus.PAUSED, paused_until=DAY.replace(day=20)
    )
    make_person(acme, "Back today", status=PersonStatus.PAUSED, paused_until=DAY)
    found = round_participants(program=prog, on=DAY)
    assert skipped_reasons(found) == {
        "Until today": reasons.PAUSED,
        "Auto": reasons.PAUSED,
        "Directory pause": reasons.PAUSED,
    }
    assert names(found.people) == ["Back today", "Until yesterday"]


def test_every_other_round_skips_after_taking_part_in_the_previous_round(acme):
    prog = program(acme)
    took_part, sat_out, partner = (
        make_person(acme, "Took part"),
        make_person(acme, "Sat out"),
        make_person(acme, "Partner"),
    )
    for someone in (took_part, sat_out):
        join(prog, someone, frequency=Frequency.EVERY_OTHER_ROUND)
    older = sent_round(prog, 1, DAY - datetime.timedelta(days=28))
    make_pairing(older, [sat_out, partner], due_on=DAY - datetime.timedelta(days=15))
    previous = sent_round(prog, 2, DAY - datetime.timedelta(days=14))
    make_pairing(previous, [took_part, partner], due_on=DAY - datetime.timedelta(days=1))
    found = round_participants(program=prog, on=DAY)
    assert skipped_reasons(found) == {"Took part": reasons.SKIPS_THIS_ROUND}
    assert names(found.people) == ["Partner", "Sat out"]


def test_monthly_skips_when_paired_in_the_program_within_28_days(acme):
    prog = program(acme)
    recent, earlier, partner = (
        make_person(acme, "Recent"),
        make_person(acme, "Earlier"),
        make_person(acme, "Partner"),
    )
    for someone in (recent, earlier):
        join(prog, someone, frequency=Frequency.MONTHLY)
    a_month_ago = sent_round(prog, 1, DAY - datetime.timedelta(days=28))
    make_pairing(a_month_ago, [earlier, partner], due_on=DAY - datetime.timedelta(days=15))
    two_weeks_ago = sent_round(prog, 2, DAY - datetime.timedelta(days=14))
    make_pairing(two_weeks_ago, [recent, partner], due_on=DAY - datetime.timedelta(days=1))
    # Another program's meetings do not count.
    other = program(acme)
    make_pairing(
        sent_round(other, 1, DAY - datetime.timedelta(days=7)), [earlier, partner], due_on=DAY
    )
    found = round_participants(program=prog, on=DAY)
    assert skipped_reasons(found) == {"Recent": reasons.SKIPS_THIS_ROUND}


def test_people_without_email_or_slack_cannot_be_introduced(acme):
    prog = program(acme)
    nowhere = make_person(acme, "Nowhere", email="")
    found = round_participants(program=prog, on=DAY)
    assert skipped_reasons(found) == {"Nowhere": reasons.NO_CONTACT}
    Person.objects.filter(pk=nowhere.pk).update(slack_id="U123")
    assert names(round_participants(program=prog, on=DAY).people) == ["Nowhere"]


# --- History -----------------------------------------------------------------------------


def test_history_marks_a_meeting_missed_only_when_nobody_says_they_met(acme):
    prog = program(acme)
    a, b, c = make_person(acme, "A"), make_person(acme, "B"), make_person(acme, "C")
    closed = sent_round(prog, 1, DAY - datetime.timedelta(days=14))
    due = DAY - datetime.timedelta(days=1)
    cases = {
        "met and missed": ([a, b], [Outcome.MET, Outcome.MISSED], True),
        "missed and silent": ([a, c], [Outcome.MISSED, ""], False),
        "not yet twice": ([b, c], [Outcome.NOT_YET, Outcome.NOT_YET], False),
        "silent": ([a, b, c], ["", "", ""], True),
    }
    expected = {}
    for members, outcomes, met in cases.values():
        make_pairing(closed, members, due_on=due, outcomes=outcomes)
        expected[frozenset(str(m.pk) for m in members)] = met
    history = organisation_history(organisation=acme, before=DAY)
    assert {m.people: m.met for m in history} == expected
    assert {m.date for m in history} == {due}


def test_history_holds_sent_rounds_and_onboarding_before_the_date(acme):
    prog = program(acme)
    a, b, c, d = (make_person(acme, n) for n in "ABCD")
    past = DAY - datetime.timedelta(days=3)
    make_pairing(sent_round(prog, 1, DAY - datetime.timedelta(days=28)), [a, b], due_on=past)
    make_pairing(None, [a, c], due_on=past)  # an onboarding meeting
    never_sent = sent_round(prog, 2, DAY - datetime.timedelta(days=14), status=RoundStatus.PLANNED)
    make_pairing(never_sent, [a, d], due_on=past)
    make_pairing(sent_round(prog, 3, DAY), [b, c], due_on=DAY)  # not before the date
    found = {m.people for m in organisation_history(organisation=acme, before=DAY)}
    assert found == {frozenset({str(a.pk), str(b.pk)}), frozenset({str(a.pk), str(c.pk)})}
    only_d = organisation_history(organisation=acme, before=DAY, person_ids=[c.pk])
    assert {m.people for m in only_d} == {frozenset({str(a.pk), str(c.pk)})}
    assert organisation_history(organisation=acme, before=DAY, person_ids=[]) == []


def test_a_planned_meeting_is_not_a_meeting_until_it_happened(acme):
    """An announced round's pairs are plans: they count once someone says "we met" (never
    on a date after today), or once the round is closed with the meet-by date passed."""
    prog = program(acme)
    a, b, c, d, e, f = (make_person(acme, n) for n in "ABCDEF")
    today = DAY - datetime.timedelta(days=2)
    open_round = sent_round(prog, 1, DAY - datetime.timedelta(days=6), status=RoundStatus.ANNOUNCED)
    due = DAY - datetime.timedelta(days=1)  # meet by tomorrow: still ahead of today
    silent = make_pairing(open_round, [a, b], due_on=due)
    answered = make_pairing(open_round, [c, d], due_on=due)
    PairingMember.objects.filter(pairing=answered, person=c).update(outcome=Outcome.MET)
    fell_through = make_pairing(open_round, [e, f], due_on=due)
    PairingMember.objects.filter(pairing=fell_through, person=e).update(outcome=Outcome.MISSED)
    history = {
        m.people: m for m in organisation_history(organisation=acme, before=DAY, today=today)
    }
    assert frozenset({str(a.pk), str(b.pk)}) not in history  # nobody answered: a plan
    met = history[frozenset({str(c.pk), str(d.pk)})]
    assert (met.met, met.date) == (True, today)  # not "met 1 day ago" from the future
    missed = history[frozenset({str(e.pk), str(f.pk)})]
    assert missed.met is False
    # Closed with the meet-by date passed and nobody said otherwise: it happened.
    Round.objects.filter(pk=open_round.pk).update(status=RoundStatus.CLOSED)
    later = DAY + datetime.timedelta(days=1)
    history = {
        m.people: m for m in organisation_history(organisation=acme, before=later, today=later)
    }
    assert history[frozenset({str(a.pk), str(b.pk)})].date == silent.due_on


def test_history_is_one_query(acme, django_assert_num_queries):
    prog = program(acme)
    people = [make_person(acme, f"P{i}") for i in range(6)]
    closed = sent_round(prog, 1, DAY - datetime.timedelta(days=14))
    for i in range(0, 6, 2):
        make_pairing(closed, people[i : i + 2], due_on=DAY - datetime.timedelta(days=1))
    with django_assert_num_queries(1):
        assert len(organisation_history(organisation=acme, before=DAY)) == 3


# --- The engine's view of people ---------------------------------------------------------


def test_people_as_engine_participants(acme, berlin, platform_team, django_assert_num_queries):
    boss = make_person(acme, "Boss")
    carol = make_person(
        acme,
        "Carol",
        team=platform_team,
        location=berlin,
        timezone="Europe/Berlin",
        work_start=datetime.time(8),
        work_end=datetime.time(16, 30),
        working_days=[1, 2, 3, 4],
        languages=["de", "EN"],
        manager=boss,
        start_date=datetime.date(2026, 2, 16),
        interests=("climbing", "jazz"),
    )
    with django_assert_num_queries(2):  # the people, their interests
        people = list(people_for_engine(Person.objects.filter(organisation=acme).order_by("pk")))
        boss_p, carol_p = engine_participants(people)
    assert carol_p.id == str(carol.pk)
    assert carol_p.team == "Platform"
    assert carol_p.department == "Engineering"  # the team's, as Carol has none of her own
    assert carol_p.location == "Berlin"
    assert carol_p.timezone == "Europe/Berlin"
    assert (carol_p.work_start, carol_p.work_end) == (datetime.time(8), datetime.time(16, 30))
    assert carol_p.working_days == frozenset({1, 2, 3, 4})
    assert carol_p.languages == frozenset({"de", "en"})
    assert carol_p.interests == frozenset({"climbing", "jazz"})
    assert carol_p.manager == str(boss.pk)
    assert carol_p.start_date == datetime.date(2026, 2, 16)
    assert boss_p.team == ""
    assert boss_p.manager is None
    assert boss_p.interests == frozenset()


@pytest.mark.parametrize("size", [4, 20])
def test_round_participants_reads_a_fixed_number_of_queries(acme, size, django_assert_num_queries):
    prog = program(acme)
    for i in range(size):
        someone = make_person(acme, f"P{i}")
        join(prog, someone, frequency=Frequency.MONTHLY)
    with django_assert_num_queries(6):
        found = round_participants(program=prog, on=DAY)
    assert len(found.people) == size
