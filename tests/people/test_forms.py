import datetime

from django.core.exceptions import ValidationError

from hallway.people.forms import (
    BulkActionForm,
    PeopleFilterForm,
    PersonForm,
    add_service_errors,
    split_list,
)

VALID = {
    "name": "  Nina Novak ",
    "email": "Nina@ACME.test",
    "timezone": "Europe/Berlin",
    "work_start": "08:30",
    "work_end": "16:30",
    "working_days": ["5", "1"],
    "preferred_language": "nl",
    "status": "active",
    "languages": "DE, en;pt  nl",
    "interests": "Climbing, , board games ; chess",
}


def test_person_form_turns_input_into_person_data(acme, carol):
    form = PersonForm({**VALID, "manager": str(carol.pk), "team": ""}, organisation=acme)
    assert form.is_valid(), form.errors
    data = form.person_data()
    assert data["name"] == "Nina Novak"
    assert data["working_days"] == [1, 5]
    assert data["languages"] == ["de", "en", "pt", "nl"]
    assert data["interests"] == ["Climbing", "board games", "chess"]
    assert data["manager"] == "carol@acme.test"
    assert data["team"] is None
    assert data["work_start"] == datetime.time(8, 30)


def test_person_form_needs_a_working_day(acme):
    form = PersonForm({**VALID, "working_days": []}, organisation=acme)
    assert form.errors["working_days"] == ["Choose at least one working day."]


def test_manager_choices_exclude_the_person_and_other_organisations(
    acme, carol, globex_person, make_person
):
    dave = make_person("Dave")
    form = PersonForm(organisation=acme, person=carol)
    assert list(form.fields["manager"].queryset) == [dave]
    form = PersonForm({**VALID, "manager": str(globex_person.pk)}, organisation=acme)
    assert "manager" in form.errors


def test_service_errors_are_placed_on_matching_fields_or_the_form(acme):
    form = PersonForm(VALID, organisation=acme)
    assert form.is_valid()
    add_service_errors(form, ValidationError({"timezone": ["Bad zone."], "organisation": ["Odd."]}))
    assert form.errors["timezone"] == ["Bad zone."]
    assert form.non_field_errors() == ["Odd."]
    other = PersonForm(VALID, organisation=acme)
    other.is_valid()
    add_service_errors(other, ValidationError("Something else."))
    assert other.non_field_errors() == ["Something else."]


def test_split_list_drops_empty_parts():
    assert split_list(" a, ,b;c ") == ["a", "b", "c"]
    assert split_list("") == []


def test_filter_form_ignores_invalid_values_but_keeps_valid_ones(
    acme, platform_team, globex_team, carol
):
    form = PeopleFilterForm(
        {"q": "car", "team": str(globex_team.pk), "status": "retired", "new_hires": "1"},
        organisation=acme,
    )
    arguments = form.search_arguments()
    assert arguments["query"] == "car"
    assert arguments["team_id"] is None
    assert arguments["status"] == ""
    assert arguments["new_hires"] is True
    assert set(form.errors) == {"team", "status"}
    form = PeopleFilterForm({"team": str(platform_team.pk)}, organisation=acme)
    assert form.search_arguments()["team_id"] == platform_team.pk


def test_filter_form_offers_this_organisations_tags(acme, globex, make_person):
    make_person("Ana", interests=("chess",))
    make_person("Hank", organisation=globex, interests=("golf",))
    form = PeopleFilterForm({}, organisation=acme)
    assert [value for value, _ in form.fields["tag"].choices] == ["", "chess"]


def test_bulk_form_uses_ticked_people_or_the_whole_page():
    ticked = BulkActionForm({"action": "reactivate", "person_ids": ["3", "4"], "page_ids": ["1"]})
    assert ticked.is_valid()
    assert ticked.cleaned_data["ids"] == [3, 4]
    page = BulkActionForm(
        {"action": "reactivate", "select_page": "1", "page_ids": ["1", "2"], "person_ids": []}
    )
    assert page.is_valid()
    assert page.cleaned_data["ids"] == [1, 2]


def test_bulk_form_explains_what_is_missing():
    form = BulkActionForm({"action": "tag", "person_ids": ["1"]})
    assert form.errors["tag_name"] == ["Enter the interest to add."]
    form = BulkActionForm({"action": "pause", "person_ids": ["1"]})
    assert form.errors["paused_until"] == ["Enter the date the pause ends."]
    form = BulkActionForm({"action": "leave"})
    assert form.non_field_errors() == ["Select at least one person first."]
    form = BulkActionForm({"action": "leave", "person_ids": ["1", "drop table"]})
    assert form.errors["person_ids"] == ["The selection could not be read; please try again."]


def test_bulk_form_marks_left_today_unless_told_otherwise(time_machine):
    time_machine.move_to(datetime.datetime(2026, 1, 14, 12, tzinfo=datetime.UTC), tick=False)
    form = BulkActionForm({"action": "leave", "person_ids": ["1"]})
    assert form.is_valid()
    assert form.cleaned_data["left_on"] == datetime.date(2026, 1, 14)
