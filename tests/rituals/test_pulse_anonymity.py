"""Anonymity that holds: k, complementary suppression, comments, and a database that no
longer links an answer to a person once the round has closed."""

import datetime as dt

import pytest
from django.db import connection

from hallway.people.models import Person
from hallway.rituals.models import (
    PulseComment,
    PulseInvite,
    PulseResponse,
    PulseRound,
    RitualSettings,
)
from hallway.rituals.selectors.pulse_results import pulse_round_results, team_figures
from hallway.rituals.services.pulse_rounds import pulse_round_close, pulse_run_due
from tests.factories import make_person, make_team
from tests.rituals.test_pulse_rounds import DAY, answer_all, at, make_pulse


def staff(acme, team, department, count, prefix):
    return [
        make_person(acme, f"{prefix} {i}", team=team, department=department) for i in range(count)
    ]


@pytest.fixture
def organisation(acme):
    """A department of 8 (teams of 5 and 3), a team of 4 in another, 6 in a third."""
    five = make_team(acme, "Five", department="Product")
    three = make_team(acme, "Three", department="Product")
    four = make_team(acme, "Four", department="Sales")
    six = make_team(acme, "Six", department="Ops")
    return {
        "five": (five, staff(acme, five, "Product", 5, "Fiver")),
        "three": (three, staff(acme, three, "Product", 3, "Trio")),
        "four": (four, staff(acme, four, "Sales", 4, "Quad")),
        "six": (six, staff(acme, six, "Ops", 6, "Sixer")),
    }


def closed_round(acme, organisation, comments=None):
    make_pulse(acme)
    pulse_run_due(organisation=acme, now=at(DAY, 9, 5))
    round = PulseRound.objects.get()
    comments = comments or {}
    for _team, people in organisation.values():
        for person in people:
            answer_all(round, person, value=4, comment=comments.get(person.name, ""))
    pulse_round_close(round=round)
    round.refresh_from_db()
    return round


def by_label(result):
    return {group.label: group for group in result.groups}


def test_with_k_5_a_team_with_4_answers_shows_nothing(acme, organisation):
    round = closed_round(acme, organisation)
    result = pulse_round_results(round=round, k=5)
    four = organisation["four"][0]
    figures = team_figures(result, four.pk)
    assert all(not f.shown for f in figures)
    assert all(f.average is None and f.distribution is None and f.answered is None for f in figures)
    assert {f.reason for f in figures} == {"fewer_than_k"}
    assert all("average" not in f.as_json() for f in figures)


def test_the_3_is_hidden_and_so_is_the_5_that_would_give_it_away(acme, organisation):
    round = closed_round(acme, organisation)
    result = pulse_round_results(round=round, k=5)
    groups = by_label(result)
    assert groups["Product"].shown
    assert groups["Product"].answered == 8
    assert not any(f.shown for f in team_figures(result, organisation["three"][0].pk))
    five = team_figures(result, organisation["five"][0].pk)
    assert not any(f.shown for f in five)
    assert {f.reason for f in five} == {"protects_smaller"}
    # Sales (4 answers) lost its name at the cut-off (fewer than k) and is hidden; Ops,
    # the next-smallest department, is hidden to protect it, and so is its only team,
    # whose figure is the department's.
    assert "Sales" not in groups
    assert groups["Other (no department)"].reason == "fewer_than_k"
    assert groups["Ops"].reason == "protects_smaller"
    assert groups["Six"].reason == "protects_smaller"
    assert groups["Everyone"].shown


def test_a_smaller_k_shows_more(acme, organisation):
    RitualSettings.objects.create(organisation=acme, anonymity_threshold=3)
    round = closed_round(acme, organisation)
    groups = by_label(pulse_round_results(round=round, k=3))
    assert groups["Sales"].shown


def test_no_figures_while_the_round_is_open(acme, organisation):
    make_pulse(acme)
    pulse_run_due(organisation=acme, now=at(DAY, 9, 5))
    round = PulseRound.objects.get()
    for person in organisation["six"][1]:
        answer_all(round, person)
    result = pulse_round_results(round=round, k=5)
    assert not result.organisation.shown


def test_comments_only_above_k_in_random_order_without_a_small_team(acme, organisation):
    comments = {"Trio 0": "Three says hi", "Sixer 0": "Six says hi"}
    round = closed_round(acme, organisation, comments)
    result = pulse_round_results(round=round, k=5)
    assert sorted(result.comments) == [("Six says hi", ""), ("Three says hi", "")]


def test_no_comments_when_the_whole_round_is_below_k(acme):
    team = make_team(acme, "Tiny", department="X")
    people = staff(acme, team, "X", 3, "Tiny")
    round = closed_round(acme, {"tiny": (team, people)}, {"Tiny 0": "hello"})
    assert pulse_round_results(round=round, k=5).comments == []


def columns(model) -> list[str]:
    with connection.cursor() as cursor:
        return [
            column.name
            for column in connection.introspection.get_table_description(
                cursor, model._meta.db_table
            )
        ]


def test_the_database_holds_no_link_from_an_answer_to_a_person(acme, organisation):
    comments = {"Fiver 0": "One comment", "Sixer 1": "Another"}
    round = closed_round(acme, organisation, comments)
    people = Person.objects.filter(organisation=acme)
    identifying = {str(p.pk) for p in people} | {p.name for p in people} | {p.email for p in people}
    for model in (PulseResponse, PulseComment):
        # No foreign key into the directory, and no time at all.
        for field in model._meta.concrete_fields:
            if field.is_relation:
                assert field.related_model._meta.app_label != "people", field.name
            assert field.get_internal_type() not in ("DateTimeField", "DateField", "TimeField")
        names = columns(model)
        assert "person_id" not in names
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {', '.join(names)} FROM {model._meta.db_table}")  # noqa: S608
            rows = cursor.fetchall()
        assert rows
        for row in rows:
            values = dict(zip(names, row, strict=True))
            assert values["person_key"] is None
            for name, value in values.items():
                if name in ("answers", "text", "team_ref", "department", "round_id", "id"):
                    continue
                assert str(value) not in identifying or name == "organisation_id", name
    round.refresh_from_db()
    assert round.secret == ""
    # The invites no longer say who answered (the counts moved to the round).
    assert not PulseInvite.objects.filter(answered=True).exists()
    assert round.answered_count == 18
    assert "answered_at" not in columns(PulseInvite)


def test_small_teams_and_departments_lose_their_name_at_the_cut_off(acme, organisation):
    round = closed_round(acme, organisation)
    teams, departments = {}, {}
    for response in PulseResponse.objects.filter(round=round):
        if response.team_ref is not None:
            teams[response.team_ref] = teams.get(response.team_ref, 0) + 1
        if response.department:
            departments[response.department] = departments.get(response.department, 0) + 1
    assert all(count >= 5 for count in teams.values()), teams
    assert all(count >= 5 for count in departments.values()), departments
    assert organisation["three"][0].pk not in teams
    assert organisation["four"][0].pk not in teams


def test_rows_are_rewritten_in_a_new_order_with_new_keys(acme, organisation):
    make_pulse(acme)
    pulse_run_due(organisation=acme, now=at(DAY, 9, 5))
    round = PulseRound.objects.get()
    for _team, people in organisation.values():
        for person in people:
            answer_all(round, person)
    before = list(PulseResponse.objects.filter(round=round).values_list("id", flat=True))
    pulse_round_close(round=round)
    after = set(PulseResponse.objects.filter(round=round).values_list("id", flat=True))
    assert not set(before) & after
    assert len(after) == len(before)


def test_the_threshold_is_the_organisations(acme, organisation):
    RitualSettings.objects.create(organisation=acme, anonymity_threshold=3)
    round = closed_round(acme, organisation)
    assert pulse_round_results(round=round).k == 3


def test_the_rate_leaves_out_people_away(acme, organisation):
    from hallway.absences.models import OutOfOffice

    away = organisation["six"][1][0]
    OutOfOffice.objects.create(organisation=acme, person=away, first_day=DAY, last_day=DAY)
    make_pulse(acme)
    pulse_run_due(organisation=acme, now=at(DAY, 9, 5))
    round = PulseRound.objects.get()
    answer_all(round, organisation["five"][1][0])
    pulse_round_close(round=round)
    result = pulse_round_results(round=round, k=5)
    assert (result.asked, result.answered, result.away) == (17, 1, 1)
    assert round.closes_at - dt.timedelta(days=3) == at(DAY, 9)
