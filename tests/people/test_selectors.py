import datetime

import pytest

from hallway.people.models import PersonStatus
from hallway.people.selectors import (
    direct_reports,
    locations_with_people_count,
    manager_choices,
    new_hire_window,
    people_search,
    teams_with_people_count,
)

TODAY = datetime.date(2026, 1, 14)


def names(people) -> list[str]:
    return [person.name for person in people]


@pytest.fixture
def directory(make_person, acme, berlin, amsterdam, platform_team, sales_team, globex):
    make_person(
        "Ana Souza",
        team=platform_team,
        location=berlin,
        job_title="Site Reliability Engineer",
        department="Engineering",
        interests=("climbing",),
        preferred_language="de",
    )
    make_person(
        "Bram de Vries",
        team=sales_team,
        location=amsterdam,
        job_title="Account Executive",
        department="Revenue",
        interests=("Sourdough", "climbing"),
        preferred_language="nl",
        status=PersonStatus.PAUSED,
        paused_until=TODAY + datetime.timedelta(days=30),
    )
    make_person(
        "Chen Wei",
        email="chen.wei@acme.test",
        team=platform_team,
        location=amsterdam,
        job_title="Data Scientist",
        department="Data",
        status=PersonStatus.LEFT,
        left_on=TODAY,
    )
    make_person("Ana Globex", organisation=globex, interests=("climbing",))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("ana", ["Ana Souza"]),  # name, case-insensitive; Globex's Ana is not found
        ("CHEN.WEI@", ["Chen Wei"]),  # email
        ("account exec", ["Bram de Vries"]),  # job title
        ("engineering", ["Ana Souza"]),  # department
        ("  data   scientist ", ["Chen Wei"]),  # spaces tidied
        ("nobody", []),
    ],
)
def test_search_looks_in_name_email_job_title_and_department(acme, directory, query, expected):
    assert names(people_search(organisation=acme, query=query)) == expected


def test_filters_by_team_location_tag_status_and_language(
    acme, directory, platform_team, amsterdam
):
    assert names(people_search(organisation=acme, team_id=platform_team.pk)) == [
        "Ana Souza",
        "Chen Wei",
    ]
    assert names(people_search(organisation=acme, location_id=amsterdam.pk)) == [
        "Bram de Vries",
        "Chen Wei",
    ]
    assert names(people_search(organisation=acme, tag="CLIMBING")) == [
        "Ana Souza",
        "Bram de Vries",
    ]
    assert names(people_search(organisation=acme, status=PersonStatus.PAUSED)) == ["Bram de Vries"]
    assert names(people_search(organisation=acme, language="nl")) == ["Bram de Vries"]
    assert names(
        people_search(organisation=acme, team_id=platform_team.pk, location_id=amsterdam.pk)
    ) == ["Chen Wei"]


def test_a_person_with_two_matching_tags_is_listed_once(acme, make_person):
    make_person("Dana", interests=("chess", "Chess club"))
    assert names(people_search(organisation=acme, tag="chess")) == ["Dana"]
    assert people_search(organisation=acme).count() == 1


def test_new_hires_start_in_the_next_four_weeks_or_started_in_the_last_six(acme, make_person):
    first, last = new_hire_window(TODAY)
    assert (first, last) == (datetime.date(2025, 12, 3), datetime.date(2026, 2, 11))
    make_person("Early", start_date=first - datetime.timedelta(days=1))
    make_person("First day in window", start_date=first)
    make_person("Starts today", start_date=TODAY)
    make_person("Last day in window", start_date=last)
    make_person("Too late", start_date=last + datetime.timedelta(days=1))
    make_person("No date")
    assert names(people_search(organisation=acme, new_hires=True, today=TODAY)) == [
        "First day in window",
        "Last day in window",
        "Starts today",
    ]


def test_search_never_returns_another_organisations_people(globex, directory):
    assert names(people_search(organisation=globex)) == ["Ana Globex"]
    assert names(people_search(organisation=None)) == []


def test_teams_and_locations_come_with_their_people_count_in_one_query(
    acme, directory, platform_team, sales_team, berlin, amsterdam, django_assert_num_queries
):
    with django_assert_num_queries(1):
        teams = {
            team.name: team.people_count for team in teams_with_people_count(organisation=acme)
        }
    assert teams == {"Platform": 2, "Sales": 1}
    with django_assert_num_queries(1):
        locations = {
            location.name: location.people_count
            for location in locations_with_people_count(organisation=acme)
        }
    assert locations == {"Amsterdam": 2, "Berlin": 1}


def test_manager_choices_are_the_same_organisation_without_the_person(acme, make_person, globex):
    carol = make_person("Carol")
    dave = make_person("Dave", manager=carol)
    make_person("Mallory's colleague", organisation=globex)
    assert names(manager_choices(organisation=acme, exclude=carol)) == ["Dave"]
    assert names(manager_choices(organisation=acme)) == ["Carol", "Dave"]
    assert names(direct_reports(person=carol)) == ["Dave"]
    assert names(direct_reports(person=dave)) == []
