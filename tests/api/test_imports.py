"""/api/v1/people/import: preview by default, apply on request, problems as a 422."""

import io
import json

import openpyxl
import pytest

from hallway.people.models import Person, Team
from tests.api.conftest import assert_error

IMPORT = "/api/v1/people/import"

GOOD_CSV = (
    "Name,Email,Team,Location,Time zone,Message language\n"
    "Erik Jansen,erik@acme.test,Data,Amsterdam,Europe/Amsterdam,nl\n"
    "Carol Meyer,carol@acme.test,Platform,Berlin,Europe/Berlin,de\n"
    ",,,,,\n"
    "Fay Okafor,fay@acme.test,Data,Berlin,Europe/Berlin,en\n"
)

BAD_CSV = (
    "Name,Email,Time zone\n"
    "Erik Jansen,erik@acme.test,Europe/Amsterdam\n"
    "Gus,not-an-email,Europe/Berlin\n"
    "Hana,hana@acme.test,Mars/Olympus\n"
)


def upload(api, content, filename="people.csv", **form):
    if isinstance(content, str):
        content = content.encode()
    file = io.BytesIO(content)
    file.name = filename
    return api.client.post(IMPORT, {"file": file, **form}, headers=api.headers)


def test_preview_is_the_default_and_writes_nothing(olga_api, carol):
    response = upload(olga_api, GOOD_CSV)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["dry_run"] is True
    assert "result" not in body
    preview = body["preview"]
    assert preview["ok"] is True
    assert preview["problems"] == []
    assert preview["rows"] == 3
    assert preview["skipped"] == 1
    assert (preview["would_create"], preview["would_update"], preview["unchanged"]) == (2, 0, 1)
    assert preview["mapping"]["Email"] == "email"
    assert preview["examples"]["Team"] == ["Data", "Platform"]
    assert set(Person.objects.values_list("email", flat=True)) == {"carol@acme.test"}
    assert not Team.objects.filter(name="Data").exists()


def test_apply_creates_and_updates_by_email(olga_api, carol, acme):
    response = upload(
        olga_api, GOOD_CSV.replace("Platform,Berlin", "Sales,Berlin"), dry_run="false"
    )
    assert response.status_code == 200, response.content
    assert response.json() == {
        "dry_run": False,
        "result": {"created": 2, "updated": 1, "unchanged": 0, "skipped": 1},
    }
    erik = Person.objects.get(organisation=acme, email="erik@acme.test")
    assert erik.team.name == "Data"
    assert erik.preferred_language == "nl"
    carol.refresh_from_db()
    assert carol.team.name == "Sales"
    # The API sees what was imported, with its message language.
    found = olga_api.get("/api/v1/people", {"email": "erik@acme.test"}).json()["results"]
    assert [(p["email"], p["preferred_language"]) for p in found] == [("erik@acme.test", "nl")]


def test_applying_twice_changes_nothing_the_second_time(olga_api, carol):
    assert upload(olga_api, GOOD_CSV, dry_run="false").status_code == 200
    response = upload(olga_api, GOOD_CSV, dry_run="false")
    assert response.json()["result"] == {"created": 0, "updated": 0, "unchanged": 3, "skipped": 1}
    assert Person.objects.count() == 3


@pytest.mark.parametrize("dry_run", ["true", "false"])
def test_problems_are_listed_by_row_and_column_and_nothing_is_written(olga_api, carol, dry_run):
    response = upload(olga_api, BAD_CSV, dry_run=dry_run)
    error = assert_error(response, 422, "validation_error")
    assert "2 problems" in error["message"]
    located = [(d["row"], d["column"], d["field"]) for d in error["details"]]
    assert located == [(3, "Email", "email"), (4, "Time zone", "timezone")]
    assert all(d["code"] and d["message"] for d in error["details"])
    assert "Mars/Olympus" in error["details"][1]["message"]
    assert not Person.objects.filter(email="erik@acme.test").exists()


def test_a_german_excel_file(olga_api, carol):
    content = (
        "Name;E-Mail-Adresse;Standort;Zeitzone\r\n"
        "Jürgen Weiß;juergen@acme.test;Köln;Europe/Berlin\r\n"
    ).encode("cp1252")
    response = upload(olga_api, content, filename="Mitarbeiter.csv", dry_run="false")
    assert response.status_code == 200, response.content
    assert "Jürgen".encode() in olga_api.get("/api/v1/people", {"q": "juergen"}).content
    juergen = Person.objects.get(email="juergen@acme.test")
    assert juergen.name == "Jürgen Weiß"
    assert juergen.location.name == "Köln"


def test_an_xlsx_file(olga_api, acme):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Naam", "E-mailadres", "Tijdzone"])
    sheet.append(["Lotte de Boer", "lotte@acme.test", "Europe/Amsterdam"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = upload(olga_api, buffer.getvalue(), filename="medewerkers.xlsx", dry_run="false")
    assert response.status_code == 200, response.content
    assert response.json()["result"]["created"] == 1
    assert Person.objects.get(email="lotte@acme.test").timezone == "Europe/Amsterdam"


def test_an_explicit_mapping(olga_api, acme):
    content = "Who,Contact,Notes\nIda,ida@acme.test,likes tea\n"
    response = upload(
        olga_api, content, mapping=json.dumps({"Who": "name", "Contact": "email", "Notes": ""})
    )
    assert response.status_code == 200, response.content
    preview = response.json()["preview"]
    assert preview["mapping"] == {"Who": "name", "Contact": "email", "Notes": ""}
    assert preview["ignored_columns"] == ["Notes"]
    assert preview["would_create"] == 1


def test_a_mapping_to_a_missing_column_is_a_problem(olga_api, acme):
    response = upload(olga_api, GOOD_CSV, mapping=json.dumps({"Shoe size": "name"}))
    error = assert_error(response, 422, "validation_error")
    assert "Shoe size" in error["details"][0]["message"]


@pytest.mark.parametrize("mapping", ["{not json", "[1, 2]", '{"Email": 3}'])
def test_a_malformed_mapping_is_400(olga_api, acme, mapping):
    error = assert_error(upload(olga_api, GOOD_CSV, mapping=mapping), 400, "invalid_input")
    assert error["details"][0]["field"] == "mapping"


def test_the_file_is_required(olga_api, acme):
    response = olga_api.client.post(IMPORT, {"dry_run": "true"}, headers=olga_api.headers)
    error = assert_error(response, 422, "validation_error")
    assert [(d["field"], d["code"]) for d in error["details"]] == [("file", "missing")]


def test_too_large_is_413(olga_api, acme, settings):
    settings.HALLWAY_IMPORT_MAX_BYTES = 100
    error = assert_error(upload(olga_api, GOOD_CSV * 3), 413, "payload_too_large")
    assert "MB" in error["message"]


def test_an_unreadable_file_is_a_problem(olga_api, acme):
    response = upload(olga_api, b"\x00\x01\x02PK garbage", filename="people.xlsx")
    error = assert_error(response, 422, "validation_error")
    assert error["details"][0]["row"] is None


def test_a_member_cannot_import(bob_api, acme):
    assert_error(upload(bob_api, GOOD_CSV, dry_run="false"), 403, "forbidden")
    assert not Person.objects.exists()


def test_an_import_stays_in_the_tokens_organisation(mallory_api, globex, carol):
    """Mallory's file names Carol's email: Globex gets its own Carol, Acme's is untouched."""
    content = "Name,Email,Job title\nCarol Impostor,carol@acme.test,Spy\n"
    response = upload(mallory_api, content, dry_run="false")
    assert response.json()["result"]["created"] == 1
    carol.refresh_from_db()
    assert carol.name == "Carol Meyer"
    assert carol.job_title == ""
    assert Person.objects.get(organisation=globex).job_title == "Spy"
