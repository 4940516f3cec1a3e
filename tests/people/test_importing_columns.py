"""Detecting which column is which from headings in English, German and Dutch."""

import pytest
from django.utils import translation

from hallway.people.importing.columns import (
    EXPORTED_FIELDS,
    FIELDS,
    detect_mapping,
    resolve_mapping,
)


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in English, whatever an earlier request left activated."""
    with translation.override("en"):
        yield


@pytest.mark.parametrize(
    ("heading", "key"),
    [
        ("E-Mail Vorgesetzte", "manager"),
        ("E-mail leidinggevende", "manager"),
        ("email", "email"), ("E-Mail", "email"), ("E-Mail-Adresse", "email"), ("Mail", "email"),
        ("e-mailadres", "email"), (" Email Address ", "email"), ("EMAIL*", "email"),
        ("Name", "name"), ("Full name", "name"), ("naam", "name"), ("Volledige naam", "name"),
        ("Team", "team"),
        ("Department", "department"), ("Abteilung", "department"), ("afdeling", "department"),
        ("Location", "location"), ("Office", "location"), ("Standort", "location"),
        ("Büro", "location"), ("buero", "location"), ("locatie", "location"),
        ("Vestiging", "location"),
        ("Timezone", "timezone"), ("Time zone", "timezone"), ("Zeitzone", "timezone"),
        ("tijdzone", "timezone"),
        ("Working hours", "working_hours"), ("Arbeitszeit", "working_hours"),
        ("Werktijden", "working_hours"),
        ("Start time", "work_start"), ("Arbeitsbeginn", "work_start"), ("Eindtijd", "work_end"),
        ("Working days", "working_days"), ("Arbeitstage", "working_days"),
        ("werkdagen", "working_days"),
        ("Languages", "languages"), ("Sprachen", "languages"), ("Talen", "languages"),
        ("Interests", "interests"), ("Interessen", "interests"), ("interesses", "interests"),
        ("Hobbies", "interests"),
        ("Manager", "manager"), ("Vorgesetzte(r)", "manager"), ("Führungskraft", "manager"),
        ("leidinggevende", "manager"), ("Manager email", "manager"),
        ("Start date", "start_date"), ("Eintrittsdatum", "start_date"),
        ("Startdatum", "start_date"), ("In dienst", "start_date"),
        ("Language", "preferred_language"), ("Sprache", "preferred_language"),
        ("Taal", "preferred_language"),
        ("Slack ID", "slack_id"), ("Job title", "job_title"), ("Functie", "job_title"),
        ("Status", "status"), ("Paused until", "paused_until"), ("Austrittsdatum", "left_on"),
        ("preferred_language", "preferred_language"),
    ],
)  # fmt: skip
def test_headings_are_recognised(heading, key):
    assert detect_mapping([heading]) == {heading: key}


def test_unknown_columns_are_ignored():
    mapping = detect_mapping(["Email", "Name", "Shoe size", "Lieblingsfarbe"])
    assert mapping == {"Email": "email", "Name": "name", "Shoe size": "", "Lieblingsfarbe": ""}


@pytest.mark.parametrize(
    ("headings", "expected"),
    [
        (["Vorname", "Nachname"], ["first_name", "last_name"]),
        (["voornaam", "tussenvoegsel", "achternaam"], ["first_name", "middle_name", "last_name"]),
        (["First name", "Last name"], ["first_name", "last_name"]),
        # German HR exports: next to "Vorname", "Name" is the surname.
        (["Name", "Vorname"], ["last_name", "first_name"]),
    ],
)
def test_first_and_last_name_columns(headings, expected):
    assert list(detect_mapping(headings).values()) == expected


def test_first_column_of_a_kind_wins():
    assert detect_mapping(["Mail", "E-Mail"]) == {"Mail": "email", "E-Mail": ""}


def test_one_working_hours_column_beats_start_and_end_columns():
    mapping = detect_mapping(["Arbeitszeit", "Arbeitsbeginn", "Arbeitsende"])
    assert mapping == {"Arbeitszeit": "working_hours", "Arbeitsbeginn": "", "Arbeitsende": ""}


def test_export_headings_in_every_language_are_recognised():
    for language in ("en", "de", "nl"):
        with translation.override(language):
            headings = [str(field.label) for field in EXPORTED_FIELDS]
        assert list(detect_mapping(headings).values()) == [f.key for f in EXPORTED_FIELDS]


def test_every_field_has_a_heading_that_detects_it():
    for field in FIELDS:
        assert detect_mapping([str(field.label)]) == {str(field.label): field.key}


def test_explicit_mapping_overrides_detection():
    columns = ["Mail", "Kontakt", "Name", "Team"]
    mapping, problems = resolve_mapping(columns, {"kontakt": "email", "Team": ""})
    assert problems == []
    assert mapping == {"Mail": "", "Kontakt": "email", "Name": "name", "Team": ""}


def test_explicit_mapping_problems():
    mapping, problems = resolve_mapping(
        ["Email", "Name", "Shoe size"], {"Shoe size": "shoe_size", "Colour": "team"}
    )
    assert {(p.column, p.code) for p in problems} == {
        ("Shoe size", "unknown_field"),
        ("Colour", "unknown_column"),
    }
    assert all(p.row is None and p.message for p in problems)
    assert mapping == {"Email": "email", "Name": "name", "Shoe size": ""}


def test_two_columns_for_one_field_is_a_problem():
    _mapping, problems = resolve_mapping(
        ["Email", "Name", "Naam"], {"Name": "name", "Naam": "name"}
    )
    assert [(p.column, p.code) for p in problems] == [("Naam", "duplicate_mapping")]


def test_required_columns():
    _mapping, problems = resolve_mapping(["Team", "Hobbies"], None)
    assert sorted((p.field, p.code) for p in problems) == [
        ("email", "missing_column"),
        ("name", "missing_column"),
    ]
    _mapping, problems = resolve_mapping(["E-Mail", "Vorname"], None)
    assert problems == []  # a first name alone will do
