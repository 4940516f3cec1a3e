"""people_import_preview / people_import_apply: every problem first, then all or nothing."""

import datetime
import io
import json
from pathlib import Path

import openpyxl
import pytest
from django.db import IntegrityError
from django.utils import translation

import hallway.people.importing as importing
from hallway.people.importing import (
    ImportRejected,
    people_import_apply,
    people_import_preview,
)
from hallway.people.models import Location, Person, Tag, Team
from tests.factories import make_location, make_person

FILES = Path(__file__).parent / "files"


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in English, whatever an earlier request left activated."""
    with translation.override("en"):
        yield


def preview(organisation, content, mapping=None, filename="people.csv"):
    return people_import_preview(
        organisation=organisation, filename=filename, content=content, mapping=mapping
    )


def apply(organisation, content, mapping=None, filename="people.csv"):
    return people_import_apply(
        organisation=organisation, filename=filename, content=content, mapping=mapping
    )


def csv_bytes(text: str) -> bytes:
    return text.strip().replace("\n", "\r\n").encode("utf-8")


def directory_counts(organisation):
    return {
        model.__name__: model.objects.filter(organisation=organisation).count()
        for model in (Person, Team, Location, Tag)
    }


def test_german_excel_file(acme):
    content = (FILES / "german_excel_cp1252.csv").read_bytes()
    result = preview(acme, content)
    assert result.problems == []
    assert (result.rows, result.would_create, result.would_update) == (3, 3, 0)

    assert apply(acme, content).as_dict() == {
        "created": 3,
        "updated": 0,
        "unchanged": 0,
        "skipped": 0,
        "rejected": 0,
    }
    juergen = Person.objects.get(organisation=acme, email="juergen.mueller@acme.test")
    assert juergen.name == "Jürgen Müller"
    assert juergen.department == "Entwicklung"
    assert juergen.location.name == "Köln"
    assert (juergen.work_start, juergen.work_end) == (datetime.time(8, 30), datetime.time(17))
    assert juergen.languages == ["de", "en"]
    assert sorted(t.name for t in juergen.interests.all()) == ["Brötchen backen", "Fußball"]
    assert juergen.start_date == datetime.date(2019, 3, 1)
    assert juergen.preferred_language == "de"
    soeren = Person.objects.get(organisation=acme, email="soeren.weiss@acme.test")
    assert soeren.working_days == [1, 2, 3, 4]
    assert soeren.manager == juergen
    renee = Person.objects.get(organisation=acme, email="renee.groess@acme.test")
    assert renee.team.name == "Vertrieb; Außendienst"
    assert (renee.work_start, renee.work_end) == (datetime.time(9), datetime.time(17, 30))
    assert sorted(t.name for t in renee.interests.all()) == ["Oper", "Tanzen"]
    assert renee.languages == ["fr", "de"]
    assert renee.preferred_language == "en"


def test_dutch_excel_file_with_name_infix(acme):
    content = (FILES / "dutch_excel_utf8_bom.csv").read_bytes()
    assert apply(acme, content).created == 2
    sanne = Person.objects.get(organisation=acme, email="sanne.vanderberg@acme.test")
    assert sanne.name == "Sanne van der Berg"
    assert sanne.department == "Klantenservice"
    assert sanne.languages == ["nl", "en"]
    assert sanne.start_date == datetime.date(2020, 9, 1)
    daan = Person.objects.get(organisation=acme, email="daan.dejong@acme.test")
    assert daan.name == "Daan de Jong"
    assert daan.working_days == [1, 2, 3, 4]
    assert daan.manager == sanne
    assert daan.location.timezone == "Europe/Amsterdam"


def test_excel_unicode_text_file(acme):
    assert apply(acme, (FILES / "unicode_text_utf16.txt").read_bytes()).created == 2
    zoe = Person.objects.get(organisation=acme, email="zoe@acme.test")
    assert zoe.name == "Zoë Æther"
    assert zoe.languages == ["pt", "en"]
    assert zoe.location.name == "São Paulo"
    assert zoe.location.timezone == "America/Sao_Paulo"  # a new location takes the zone given


def test_xlsx_with_real_dates_and_times(acme):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Name", "E-Mail", "Eintrittsdatum", "Arbeitsbeginn", "Arbeitsende", "Slack"])
    sheet.append(
        ["Anna", "anna@acme.test", datetime.date(2026, 12, 1), datetime.time(8), 0.6875, 1234]
    )
    sheet.append(["Ben", "ben@acme.test", datetime.datetime(2027, 1, 4), 0.375, datetime.time(17, 30), None])  # fmt: skip
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert apply(acme, buffer.getvalue(), filename="people.xlsx").created == 2
    anna = Person.objects.get(organisation=acme, email="anna@acme.test")
    assert anna.start_date == datetime.date(2026, 12, 1)
    assert (anna.work_start, anna.work_end) == (datetime.time(8), datetime.time(16, 30))
    assert anna.slack_id == "1234"
    ben = Person.objects.get(organisation=acme, email="ben@acme.test")
    assert (ben.work_start, ben.work_end) == (datetime.time(9), datetime.time(17, 30))
    assert ben.start_date == datetime.date(2027, 1, 4)


def test_broken_file_names_every_bad_row_and_field_and_writes_nothing(acme, carol):
    before = directory_counts(acme)
    content = (FILES / "broken.csv").read_bytes()
    result = preview(acme, content)
    found = {(p.row, p.column, p.code) for p in result.problems}
    assert found == {
        (3, "name", "required"),
        (3, "timezone", "invalid_timezone"),
        (4, "email", "invalid_email"),
        (4, "working hours", "invalid_working_hours"),
        (5, "working days", "invalid_working_days"),
        (5, "languages", "invalid_languages"),
        (5, "manager", "unknown_manager"),
        (5, "start date", "invalid_date"),
        (5, "language", "invalid_message_language"),
    }
    assert [p.row for p in result.problems] == sorted(p.row for p in result.problems)
    assert all(p.message for p in result.problems)
    messages = {p.code: p.message for p in result.problems}
    assert "Mars/Olympus_Mons" in messages["invalid_timezone"]
    assert "17:00" in messages["invalid_working_hours"]
    assert not result.ok
    assert (result.would_create, result.would_update) == (0, 0)

    with pytest.raises(ImportRejected) as rejected:
        apply(acme, content)
    assert {(p.row, p.column, p.code) for p in rejected.value.preview.problems} == found
    assert directory_counts(acme) == before
    assert not Person.objects.filter(email="ana@acme.test").exists()  # the good row neither


def test_duplicate_emails_name_both_rows(acme):
    content = csv_bytes("""
name;email
Anna;anna@acme.test
Ben;ben@acme.test
Anna Again;ANNA@acme.test
""")
    result = preview(acme, content)
    assert [(p.row, p.column, p.code) for p in result.problems] == [(4, "email", "duplicate_email")]
    assert "row 2" in result.problems[0].message
    assert "anna@acme.test" in result.problems[0].message


def test_managers_may_come_from_the_file_in_any_order_or_the_organisation(acme, carol):
    content = csv_bytes("""
name,email,manager
Dora,dora@acme.test,erik@acme.test
Erik,erik@acme.test,CAROL@acme.test
Fay,fay@acme.test,
""")
    assert preview(acme, content).ok
    assert apply(acme, content).created == 3
    erik = Person.objects.get(organisation=acme, email="erik@acme.test")
    assert Person.objects.get(organisation=acme, email="dora@acme.test").manager == erik
    assert erik.manager == carol
    assert Person.objects.get(organisation=acme, email="fay@acme.test").manager is None
    assert apply(acme, content).unchanged == 3


def test_manager_problems(acme, globex):
    make_person(globex, "Other", email="boss@globex.test")
    content = csv_bytes("""
name,email,manager
Gus,gus@acme.test,gus@acme.test
Hal,hal@acme.test,boss@globex.test
Ida,ida@acme.test,not an email
""")
    result = preview(acme, content)
    assert [(p.row, p.code) for p in result.problems] == [
        (2, "invalid_manager"),
        (3, "unknown_manager"),  # another organisation's people do not count
        (4, "invalid_email"),
    ]


def test_update_changes_only_mapped_fields(acme, carol):
    carol.job_title = "Engineer"
    carol.save()
    carol.interests.add(Tag.objects.create(organisation=acme, name="Chess"))
    content = csv_bytes("""
Email;Name;Job title
CAROL@ACME.TEST;Carol Meyer-Schulz;Staff engineer
""")
    result = preview(acme, content)
    assert (result.would_create, result.would_update, result.unchanged) == (0, 1, 0)
    assert apply(acme, content).updated == 1
    carol.refresh_from_db()
    assert carol.name == "Carol Meyer-Schulz"
    assert carol.job_title == "Staff engineer"
    assert carol.team.name == "Platform"  # no team column: teams stay as they are
    assert carol.location.name == "Berlin"
    assert carol.languages == ["de", "en"]
    assert carol.preferred_language == "de"
    assert [t.name for t in carol.interests.all()] == ["Chess"]
    assert Person.objects.filter(organisation=acme).count() == 1


def test_unchanged_rows_and_spelling_only_differences(acme, carol, platform_team):
    content = csv_bytes("""
email,name,team,location,languages
carol@acme.test,Carol  Meyer,platform,BERLIN,"de, en"
""")
    result = preview(acme, content)
    assert (result.would_update, result.unchanged) == (0, 1)
    assert apply(acme, content).unchanged == 1
    assert Team.objects.filter(organisation=acme).count() == 1


def test_empty_cells_clear_optional_fields_but_keep_defaults(acme, carol):
    content = csv_bytes("""
email;name;team;time zone;working hours
carol@acme.test;Carol Meyer;;;
""")
    assert apply(acme, content).updated == 1
    carol.refresh_from_db()
    assert carol.team is None
    assert carol.timezone == "Europe/Berlin"
    assert carol.work_start == datetime.time(9)


def test_interests_are_replaced_and_reused_case_insensitively(acme, carol):
    chess = Tag.objects.create(organisation=acme, name="Chess")
    carol.interests.add(chess, Tag.objects.create(organisation=acme, name="Jazz"))
    content = csv_bytes("""
email;name;interests
carol@acme.test;Carol Meyer;chess | Bouldering
""")
    assert apply(acme, content).updated == 1
    assert sorted(t.name for t in carol.interests.all()) == ["Bouldering", "Chess"]
    assert Tag.objects.filter(organisation=acme).count() == 3


def test_new_people_take_the_zone_of_their_location_or_organisation(acme, berlin, globex):
    make_location(acme, "New York", timezone="America/New_York")
    content = csv_bytes("""
name;email;location
Ny;ny@acme.test;new york
Nowhere;nowhere@acme.test;
""")
    apply(acme, content)
    assert Person.objects.get(email="ny@acme.test").timezone == "America/New_York"
    acme.timezone = "Europe/Amsterdam"
    acme.save()
    apply(acme, csv_bytes("name;email\nLater;later@acme.test"))
    assert Person.objects.get(email="later@acme.test").timezone == "Europe/Amsterdam"


def test_same_email_in_another_organisation_is_someone_else(acme, globex):
    make_person(globex, "Globex Gina", email="gina@shared.test")
    result = apply(acme, csv_bytes("name;email\nAcme Gina;gina@shared.test"))
    assert result.created == 1
    assert Person.objects.get(organisation=globex).name == "Globex Gina"


def test_blank_rows_are_skipped_and_counted(acme):
    content = csv_bytes("name;email\nA;a@acme.test\n;\n\nB;b@acme.test\n;;")
    result = apply(acme, content)
    assert (result.created, result.skipped) == (2, 2)


def test_status_paused_needs_a_return_date(acme):
    content = csv_bytes("""
name;email;status;paused until
Pia;pia@acme.test;pausiert;
Quinn;quinn@acme.test;paused;01.03.2027
""")
    result = preview(acme, content)
    assert [(p.row, p.column, p.code) for p in result.problems] == [(2, "paused until", "required")]


def test_names_that_do_not_fit(acme):
    content = csv_bytes(f"name;email;team\nRay;ray@acme.test;{'T' * 121}")
    assert [(p.row, p.code) for p in preview(acme, content).problems] == [(2, "too_long")]


def test_explicit_mapping(acme):
    content = csv_bytes("""
Wer;Kontakt;Farbe
Sam;sam@acme.test;blue
""")
    assert [p.code for p in preview(acme, content).problems] == [
        "missing_column",
        "missing_column",
    ]
    mapping = {"Wer": "name", "Kontakt": "email", "Farbe": "interests"}
    result = preview(acme, content, mapping)
    assert result.ok
    assert result.mapping == mapping
    apply(acme, content, mapping)
    assert [t.name for t in Person.objects.get(email="sam@acme.test").interests.all()] == ["blue"]


def test_file_problems_are_reported_not_raised(acme, settings):
    result = preview(acme, (FILES / "not_a_spreadsheet.csv").read_bytes())
    assert [(p.row, p.code) for p in result.problems] == [(None, "not_a_spreadsheet")]
    settings.HALLWAY_IMPORT_MAX_BYTES = 10
    assert [p.code for p in preview(acme, b"name;email\nA;a@acme.test").problems] == ["too_large"]
    settings.HALLWAY_IMPORT_MAX_BYTES = 1024
    settings.HALLWAY_IMPORT_MAX_ROWS = 1
    result = preview(acme, b"name;email\nA;a@acme.test\nB;b@acme.test")
    assert [p.code for p in result.problems] == ["too_many_rows"]
    with pytest.raises(ImportRejected):
        apply(acme, b"name;email\nA;a@acme.test\nB;b@acme.test")
    assert not Person.objects.exists()


def test_preview_as_dict_is_json(acme):
    content = (FILES / "broken.csv").read_bytes()
    data = json.loads(json.dumps(preview(acme, content).as_dict()))
    assert data["ok"] is False
    assert data["columns"][0] == "name"
    assert data["mapping"]["working hours"] == "working_hours"
    assert {"row", "column", "field", "code", "message"} <= set(data["problems"][0])


def test_names_differing_only_in_case_create_one_team(acme):
    content = csv_bytes("name;email;team\nA;a@acme.test;Data Science\nB;b@acme.test;data science")
    apply(acme, content)
    assert list(Team.objects.filter(organisation=acme).values_list("name", flat=True)) == [
        "Data Science"
    ]
    assert Person.objects.get(email="b@acme.test").team.name == "Data Science"


def test_a_conflicting_write_rolls_everything_back(acme, monkeypatch):
    """Another import adding the same person at the same moment ends in a clear rejection."""
    original = importing.apply_plan

    def apply_then_collide(**kwargs):
        original(**kwargs)
        raise IntegrityError("duplicate key value violates unique constraint")

    monkeypatch.setattr(importing, "apply_plan", apply_then_collide)
    with pytest.raises(ImportRejected) as rejected:
        apply(acme, csv_bytes("name;email;team\nA;a@acme.test;New team"))
    assert [p.code for p in rejected.value.preview.problems] == ["conflict"]
    assert directory_counts(acme) == {"Person": 0, "Team": 0, "Location": 0, "Tag": 0}


def test_a_missing_name_is_shown_in_the_first_name_column(acme):
    content = csv_bytes("Vorname;Nachname;E-Mail\n;;ohne.namen@acme.test\nJo;;jo@acme.test")
    result = preview(acme, content)
    assert [(p.row, p.column, p.field, p.code) for p in result.problems] == [
        (2, "Vorname", "name", "required")
    ]


# --- new teams and locations; skipping bad rows ---------------------------------------


def test_preview_lists_the_teams_and_locations_the_import_would_create(acme, carol):
    content = csv_bytes("""
name;email;team;location
Carol;carol@acme.test;platform;Berlin
Anna;anna@acme.test;PLATFORM;Lisbon
Ben;ben@acme.test;Data;lisbon
Cleo;cleo@acme.test;Data;
Dan;dan@acme.test;data;Porto
Eve;;Ghost team;Ghost town
""")
    result = preview(acme, content)
    # Platform and Berlin exist (in any spelling); Carol's row is unchanged; Eve's row is
    # bad, so her team and location would not be created by skipping either.
    assert [(new.name, new.people) for new in result.new_teams] == [("Data", 3)]
    assert [(new.name, new.people) for new in result.new_locations] == [
        ("Lisbon", 2),
        ("Porto", 1),
    ]
    assert result.as_dict()["new_teams"] == [{"name": "Data", "people": 3}]


BAD_ROWS = csv_bytes("""
name;email;manager;team;timezone
Anna;anna@acme.test;;Data;Europe/Berlin
;ben@acme.test;anna@acme.test;Data;Mars/Base
Cleo;cleo@acme;;Ops;
Dan;dan@acme.test;ben@acme.test;Ops;
Eve;eve@acme.test;dan@acme.test;;
Fay;fay@acme.test;carol@acme.test;Ops;
Anna Again;anna@acme.test;;;
""")


def test_default_import_writes_nothing_when_one_row_is_bad(acme, carol):
    before = directory_counts(acme)
    content = csv_bytes("""
name;email;team
Anna;anna@acme.test;Data
Ben;ben@acme;Data
""")
    with pytest.raises(ImportRejected):
        apply(acme, content)
    assert directory_counts(acme) == before


def test_skipping_bad_rows_imports_exactly_the_valid_rows(acme, carol):
    result = people_import_apply(
        organisation=acme, filename="people.csv", content=BAD_ROWS, skip_bad_rows=True
    )
    imported = set(
        Person.objects.filter(organisation=acme)
        .exclude(pk=carol.pk)
        .values_list("email", flat=True)
    )
    assert imported == {"anna@acme.test", "fay@acme.test"}
    assert (result.created, result.updated, result.unchanged) == (2, 0, 0)
    assert Person.objects.get(email="fay@acme.test").manager == carol
    # Only the teams of imported people are created: Ops (Fay), Data (Anna).
    assert set(Team.objects.filter(organisation=acme).values_list("name", flat=True)) == {
        "Platform",
        "Data",
        "Ops",
    }
    assert result.as_dict()["rejected"] == 5

    rejected = {row.number: row for row in result.rejected}
    assert list(rejected) == [3, 4, 5, 6, 8]
    assert {(p.column, p.code) for p in rejected[3].problems} == {
        ("name", "required"),
        ("timezone", "invalid_timezone"),
    }
    assert [p.code for p in rejected[4].problems] == ["invalid_email"]
    # Dan's manager Ben is left out, and so Dan is; and so is Eve, whose manager is Dan.
    assert [p.code for p in rejected[5].problems] == ["manager_left_out"]
    assert "row 3" in rejected[5].problems[0].message
    assert [p.code for p in rejected[6].problems] == ["manager_left_out"]
    assert [p.code for p in rejected[8].problems] == ["duplicate_email"]
    assert rejected[3].values == ["", "ben@acme.test", "anna@acme.test", "Data", "Mars/Base"]
    assert result.columns == ["name", "email", "manager", "team", "timezone"]


def test_the_preview_counts_the_rows_skipping_would_leave_out(acme, carol):
    result = preview(acme, BAD_ROWS)
    assert result.rows_with_problems == 5
    assert result.can_skip_bad_rows
    # The rows left out only because of their manager are not problems of the file.
    assert "manager_left_out" not in {p.code for p in result.problems}


def test_skipping_bad_rows_still_refuses_a_file_with_a_problem_of_its_own(acme):
    content = csv_bytes("""
name;team
Anna;Data
""")
    with pytest.raises(ImportRejected) as rejected:
        people_import_apply(
            organisation=acme, filename="people.csv", content=content, skip_bad_rows=True
        )
    assert [p.code for p in rejected.value.preview.problems] == ["missing_column"]
    assert not Person.objects.filter(organisation=acme).exists()
    assert not preview(acme, content).can_skip_bad_rows
