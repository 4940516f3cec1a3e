import datetime

import pytest
from django.core.exceptions import ValidationError

from hallway.people.models import Location, Person, PersonStatus, Tag, Team
from hallway.people.services import (
    location_delete,
    location_save,
    people_bulk_mark_left,
    people_bulk_pause,
    people_bulk_reactivate,
    people_bulk_tag,
    person_create,
    person_update,
    team_delete,
    team_save,
)

TODAY = datetime.date(2026, 1, 14)


@pytest.fixture
def ana(make_person):
    return make_person("Ana", interests=("climbing",))


@pytest.fixture
def bram(make_person):
    return make_person("Bram")


def fresh(person: Person) -> Person:
    return Person.objects.get(pk=person.pk)


# Person create/update: invalid input is rejected per field and nothing is written.


def test_person_create_rejects_an_unknown_time_zone_and_writes_nothing(acme):
    with pytest.raises(ValidationError) as caught:
        person_create(
            organisation=acme,
            data={
                "name": "Zed",
                "email": "zed@acme.test",
                "timezone": "Mars/Olympus",
                "team": "New",
            },
        )
    assert "not a known IANA time zone" in caught.value.message_dict["timezone"][0]
    assert not Person.objects.filter(email="zed@acme.test").exists()
    assert not Team.objects.filter(name="New").exists()


def test_person_update_rejects_working_hours_that_end_before_they_start(carol):
    with pytest.raises(ValidationError) as caught:
        person_update(
            person=carol,
            data={"work_start": datetime.time(17, 0), "work_end": datetime.time(9, 0)},
        )
    assert caught.value.message_dict["work_end"] == [
        "Working hours must end after they start (17:00–09:00)."
    ]
    assert fresh(carol).work_start == datetime.time(9, 0)


# Bulk actions


def test_bulk_tag_adds_the_interest_to_this_organisations_people_only(
    acme, ana, bram, globex_person
):
    count = people_bulk_tag(
        organisation=acme, person_ids=[ana.pk, bram.pk, globex_person.pk], tag_name=" Board  games "
    )
    assert count == 2
    tag = Tag.objects.get(organisation=acme, name="Board games")
    assert set(tag.people.all()) == {ana, bram}
    assert not globex_person.interests.exists()
    assert not Tag.objects.filter(organisation=globex_person.organisation).exists()


def test_bulk_tag_reuses_an_existing_interest_and_counts_only_new_holders(acme, ana, bram):
    count = people_bulk_tag(organisation=acme, person_ids=[ana.pk, bram.pk], tag_name="CLIMBING")
    assert count == 1  # Ana already had it
    assert Tag.objects.filter(organisation=acme).count() == 1
    assert list(bram.interests.values_list("name", flat=True)) == ["climbing"]


def test_bulk_tag_with_only_foreign_ids_creates_nothing(acme, globex_person):
    assert people_bulk_tag(organisation=acme, person_ids=[globex_person.pk], tag_name="x") == 0
    assert not Tag.objects.filter(name="x").exists()


@pytest.mark.parametrize("name", ["", "   ", "x" * 61])
def test_bulk_tag_rejects_a_missing_or_overlong_name(acme, ana, name):
    with pytest.raises(ValidationError) as caught:
        people_bulk_tag(organisation=acme, person_ids=[ana.pk], tag_name=name)
    assert "tag_name" in caught.value.message_dict
    assert list(ana.interests.values_list("name", flat=True)) == ["climbing"]


def test_bulk_pause_pauses_until_a_future_date(acme, ana, bram, globex_person, make_person):
    gone = make_person("Gone", status=PersonStatus.LEFT, left_on=TODAY)
    until = TODAY + datetime.timedelta(days=10)
    count = people_bulk_pause(
        organisation=acme,
        person_ids=[ana.pk, bram.pk, gone.pk, globex_person.pk],
        until=until,
        today=TODAY,
    )
    assert count == 2
    assert (fresh(ana).status, fresh(ana).paused_until) == (PersonStatus.PAUSED, until)
    assert fresh(gone).status == PersonStatus.LEFT  # someone who left is not "coming back"
    assert fresh(globex_person).status == PersonStatus.ACTIVE
    # Pausing again until the same date changes nothing.
    again = people_bulk_pause(organisation=acme, person_ids=[ana.pk], until=until, today=TODAY)
    assert again == 0


@pytest.mark.parametrize("days", [0, -1])
def test_bulk_pause_rejects_today_or_a_past_date_and_changes_nothing(acme, ana, days):
    with pytest.raises(ValidationError) as caught:
        people_bulk_pause(
            organisation=acme,
            person_ids=[ana.pk],
            until=TODAY + datetime.timedelta(days=days),
            today=TODAY,
        )
    assert caught.value.message_dict["paused_until"] == [
        "The date a pause ends must be in the future."
    ]
    assert fresh(ana).status == PersonStatus.ACTIVE


def test_bulk_mark_left_records_the_date_and_ends_a_pause(acme, ana, make_person, globex_person):
    paused = make_person(
        "Paused", status=PersonStatus.PAUSED, paused_until=TODAY + datetime.timedelta(days=3)
    )
    count = people_bulk_mark_left(
        organisation=acme, person_ids=[ana.pk, paused.pk, globex_person.pk], left_on=TODAY
    )
    assert count == 2
    for person in (fresh(ana), fresh(paused)):
        assert (person.status, person.left_on, person.paused_until) == (
            PersonStatus.LEFT,
            TODAY,
            None,
        )
    assert fresh(globex_person).status == PersonStatus.ACTIVE
    assert people_bulk_mark_left(organisation=acme, person_ids=[ana.pk], left_on=TODAY) == 0


def test_bulk_reactivate_clears_pause_and_departure(acme, ana, make_person, globex):
    paused = make_person(
        "Paused", status=PersonStatus.PAUSED, paused_until=TODAY + datetime.timedelta(days=3)
    )
    gone = make_person("Gone", status=PersonStatus.LEFT, left_on=TODAY)
    foreign = make_person("Foreign", organisation=globex, status=PersonStatus.LEFT, left_on=TODAY)
    count = people_bulk_reactivate(
        organisation=acme, person_ids=[ana.pk, paused.pk, gone.pk, foreign.pk]
    )
    assert count == 2  # Ana was active already; Globex's person is not Acme's to change
    for person in (fresh(paused), fresh(gone)):
        assert (person.status, person.paused_until, person.left_on) == (
            PersonStatus.ACTIVE,
            None,
            None,
        )
    assert fresh(foreign).status == PersonStatus.LEFT


# Teams and locations


def test_team_save_creates_and_renames_with_tidy_names(acme):
    team = team_save(organisation=acme, name="  Data   Platform ", department=" Engineering ")
    assert (team.name, team.department) == ("Data Platform", "Engineering")
    renamed = team_save(organisation=acme, team=team, name="Data", department="")
    assert Team.objects.get(pk=team.pk).name == "Data" == renamed.name


def test_team_names_are_unique_per_organisation_regardless_of_case(acme, globex, platform_team):
    with pytest.raises(ValidationError) as caught:
        team_save(organisation=acme, name="PLATFORM")
    assert "already exists" in caught.value.message_dict["name"][0]
    assert team_save(organisation=globex, name="Platform").organisation == globex
    # Saving a team under its own name is not a clash.
    team_save(organisation=acme, team=platform_team, name="platform", department="Eng")
    assert Team.objects.get(pk=platform_team.pk).name == "platform"


def test_team_save_refuses_another_organisations_team(acme, globex_team):
    with pytest.raises(ValueError, match="another organisation"):
        team_save(organisation=acme, team=globex_team, name="Taken over")
    assert Team.objects.get(pk=globex_team.pk).name == "Globex Ops"


def test_team_delete_leaves_its_people_without_a_team(carol, platform_team, make_person):
    make_person("Dave", team=platform_team)
    assert team_delete(team=platform_team) == 2
    assert not Team.objects.filter(pk=platform_team.pk).exists()
    assert fresh(carol).team is None


def test_location_save_validates_time_zone_and_country(acme):
    with pytest.raises(ValidationError) as caught:
        location_save(organisation=acme, name="Köln", country="DEU", timezone_name="Europe/Koeln")
    errors = caught.value.message_dict
    assert errors["country"] == ["Use a two-letter country code such as DE, NL or BR."]
    assert "not a known IANA time zone" in errors["timezone"][0]
    assert not Location.objects.exists()
    location = location_save(
        organisation=acme, name="Köln", country="de", timezone_name="Europe/Berlin"
    )
    assert (location.country, location.timezone) == ("DE", "Europe/Berlin")


def test_location_delete_keeps_people_and_their_time_zone(carol, berlin):
    assert location_delete(location=berlin) == 1
    carol = fresh(carol)
    assert (carol.location, carol.timezone) == (None, "Europe/Berlin")


@pytest.mark.parametrize(
    ("country", "region", "stored"),
    [
        ("de", "nw", "NW"),
        ("BR", "SP", "SP"),
        ("US", "ny", "NY"),
        ("IN", "KA", "KA"),
        ("NL", "", ""),
    ],
)
def test_location_region_is_spelled_as_the_holiday_calendar_does(acme, country, region, stored):
    location = location_save(
        organisation=acme,
        name="Office",
        country=country,
        subdivision=region,
        timezone_name="Europe/Berlin",
    )
    assert location.subdivision == stored
    assert location.region == (f"{country.upper()}-{stored}" if stored else country.upper())


@pytest.mark.parametrize(
    ("country", "region", "problem"),
    [
        ("DE", "XX", "DE has no region “XX”. Choose one of BB, BE,"),
        ("NL", "NH", "NL has no region “NH”. Choose one of Midden, Noord, Zuid."),
        ("IS", "RE", "IS has one public holiday calendar; leave the region empty."),
        ("", "NW", "Enter the country code first"),
        ("ZZ", "NW", "There is no public holiday calendar for ZZ."),
    ],
)
def test_a_region_the_calendar_does_not_know_is_refused(acme, country, region, problem):
    with pytest.raises(ValidationError) as caught:
        location_save(
            organisation=acme,
            name="Office",
            country=country,
            subdivision=region,
            timezone_name="Europe/Berlin",
        )
    assert caught.value.message_dict["subdivision"][0].startswith(problem)
    assert not Location.objects.exists()


def test_a_new_country_forgets_the_old_region(acme):
    location = location_save(
        organisation=acme,
        name="Köln",
        country="DE",
        subdivision="NW",
        timezone_name="Europe/Berlin",
    )
    kept = location_save(
        organisation=acme,
        name="Cologne",
        country="DE",
        timezone_name="Europe/Berlin",
        location=location,
    )
    assert kept.subdivision == "NW"
    moved = location_save(
        organisation=acme,
        name="Amsterdam",
        country="NL",
        timezone_name="Europe/Amsterdam",
        location=location,
    )
    assert moved.subdivision == ""
