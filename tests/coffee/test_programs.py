import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from hallway.coffee.models import Program
from hallway.coffee.services.programs import (
    program_archive,
    program_create,
    program_update,
)
from tests.factories import make_person, make_team


def test_create_with_defaults_and_a_slug_from_the_name(acme, alice):
    program = program_create(organisation=acme, created_by=alice, name="  Coffee  across Acme ")
    assert program.name == "Coffee across Acme"
    assert program.slug == "coffee-across-acme"
    assert program.cadence == "every_2_weeks"
    assert program.created_by == alice


def test_audience_is_saved(acme, alice, platform_team, berlin, carol):
    program = program_create(
        organisation=acme,
        created_by=alice,
        name="Leaders",
        audience_teams=[platform_team],
        audience_locations=[berlin.pk],
        include_people=[carol],
    )
    assert list(program.audience_teams.all()) == [platform_team]
    assert list(program.audience_locations.all()) == [berlin]
    assert list(program.include_people.all()) == [carol]


def test_slug_is_unique_per_organisation(acme, globex, alice):
    program_create(organisation=acme, created_by=alice, name="Coffee", slug="coffee")
    program_create(organisation=globex, created_by=None, name="Coffee", slug="coffee")
    with pytest.raises(ValidationError) as error:
        program_create(organisation=acme, created_by=alice, name="Other", slug="coffee")
    assert "already uses the slug" in error.value.message_dict["slug"][0]
    assert Program.objects.filter(organisation=acme).count() == 1


def test_every_problem_is_reported_by_field_and_nothing_is_saved(acme, alice):
    with pytest.raises(ValidationError) as error:
        program_create(
            organisation=acme,
            created_by=alice,
            name="",
            slug="Not A Slug",
            cadence="daily",
            weekday=8,
            hour=24,
            group_size=4,
            min_overlap_minutes=-5,
            avoid_repeat_days=5000,
            channels=[],
        )
    fields = set(error.value.message_dict)
    assert fields == {
        "name", "slug", "cadence", "weekday", "hour", "group_size", "min_overlap_minutes",
        "avoid_repeat_days", "channels",
    }  # fmt: skip
    assert not Program.objects.exists()


def test_overlap_must_leave_room_for_the_meeting(acme, alice):
    with pytest.raises(ValidationError) as error:
        program_create(
            organisation=acme,
            created_by=alice,
            name="X",
            min_overlap_minutes=20,
            meeting_minutes=30,
        )
    assert "room for a meeting of 30 minutes" in error.value.message_dict["min_overlap_minutes"][0]


def test_audience_of_another_organisation_is_refused(acme, globex, alice):
    foreign_team = make_team(globex, "Sales")
    foreign = make_person(globex, "Max")
    with pytest.raises(ValidationError) as error:
        program_create(
            organisation=acme,
            created_by=alice,
            name="X",
            audience_teams=[foreign_team],
            exclude_people=[foreign.pk],
        )
    assert set(error.value.message_dict) == {"audience_teams", "exclude_people"}
    assert not Program.objects.exists()


def test_include_and_exclude_the_same_person(acme, alice, carol):
    with pytest.raises(ValidationError) as error:
        program_create(
            organisation=acme,
            created_by=alice,
            name="X",
            include_people=[carol],
            exclude_people=[carol],
        )
    assert "both included and excluded" in error.value.message_dict["exclude_people"][0]


def test_update_changes_only_what_is_given(acme, alice, platform_team):
    program = program_create(
        organisation=acme, created_by=alice, name="Coffee", audience_teams=[platform_team]
    )
    program_update(program=program, cadence="weekly", hour=14)
    program.refresh_from_db()
    assert (program.cadence, program.hour, program.name) == ("weekly", 14, "Coffee")
    assert list(program.audience_teams.all()) == [platform_team]
    program_update(program=program, audience_teams=[])
    assert not program.audience_teams.exists()


def test_update_keeps_its_own_slug(acme, alice):
    program = program_create(organisation=acme, created_by=alice, name="Coffee")
    program_update(program=program, slug="coffee", name="Coffee!")
    assert program.slug == "coffee"


def test_unknown_field_is_a_programming_error(acme, alice):
    with pytest.raises(TypeError):
        program_create(organisation=acme, created_by=alice, name="X", colour="red")


def test_archive_and_restore(acme, alice):
    program = program_create(organisation=acme, created_by=alice, name="Coffee")
    now = timezone.now()
    program_archive(program=program, now=now)
    assert Program.objects.get().archived_at == now
    program_archive(program=program, now=now, archived=False)
    assert Program.objects.get().archived_at is None
