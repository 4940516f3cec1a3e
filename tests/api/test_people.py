"""/api/v1/people: list with filters and pages, get, create, patch, delete, roles."""

import datetime

import pytest

from hallway.people.models import Person, PersonStatus, Tag, Team
from tests.api.conftest import assert_error
from tests.factories import make_people, make_person

PEOPLE = "/api/v1/people"


def emails(response):
    assert response.status_code == 200, response.content
    return [person["email"] for person in response.json()["results"]]


# --- reading ---------------------------------------------------------------------------


def test_a_person_as_json(bob_api, carol, dave):
    response = bob_api.get(f"{PEOPLE}/{dave.pk}")
    assert response.status_code == 200
    body = response.json()
    assert body == {
        "id": dave.pk,
        "name": "Dave de Vries",
        "email": "dave@acme.test",
        "team": "Sales",
        "department": "",
        "location": "Amsterdam",
        "job_title": "",
        "timezone": "Europe/Amsterdam",
        "work_start": "09:00",
        "work_end": "17:00",
        "working_days": [1, 2, 3, 4, 5],
        "languages": ["nl", "en"],
        "interests": ["Sailing"],
        "manager": "carol@acme.test",
        "start_date": None,
        "preferred_language": "nl",
        "slack_id": "",
        "chat_ids": {},
        "status": "active",
        "paused_until": None,
        "left_on": None,
        "created_at": body["created_at"],
        "updated_at": body["updated_at"],
    }
    assert datetime.datetime.fromisoformat(body["created_at"]).tzinfo is not None


def test_find_a_person_by_email_shows_the_preferred_language(bob_api, carol, dave):
    response = bob_api.get(PEOPLE, {"email": "DAVE@acme.test"})
    assert emails(response) == ["dave@acme.test"]
    assert response.json()["results"][0]["preferred_language"] == "nl"


@pytest.mark.parametrize("parameter", ["preferred_language", "language"])
def test_filter_by_message_language(bob_api, carol, dave, parameter):
    assert emails(bob_api.get(PEOPLE, {parameter: "de"})) == ["carol@acme.test"]
    assert emails(bob_api.get(PEOPLE, {parameter: "nl"})) == ["dave@acme.test"]
    assert emails(bob_api.get(PEOPLE, {parameter: "en"})) == []


def test_conflicting_language_filters_match_nobody(bob_api, carol, dave):
    assert emails(bob_api.get(PEOPLE, {"language": "de", "preferred_language": "nl"})) == []


def test_an_unsupported_message_language_is_422(bob_api, carol):
    error = assert_error(bob_api.get(PEOPLE, {"language": "fr"}), 422, "validation_error")
    assert error["details"][0]["field"] == "language"
    assert "'en', 'de' or 'nl'" in error["details"][0]["message"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "vries"}, ["dave@acme.test"]),
        ({"q": "ACME.test"}, ["carol@acme.test", "dave@acme.test"]),
        ({"team": "sales"}, ["dave@acme.test"]),
        ({"team": "Platform"}, ["carol@acme.test"]),
        ({"team": "No such team"}, []),
        ({"location": "berlin"}, ["carol@acme.test"]),
        ({"location": "Atlantis"}, []),
        ({"tag": "sailing"}, ["dave@acme.test"]),
        ({"tag": "knitting"}, []),
        ({"status": "active"}, ["carol@acme.test", "dave@acme.test"]),
        ({"status": "left"}, []),
        ({"team": "Sales", "location": "Berlin"}, []),
    ],
)
def test_filters(bob_api, carol, dave, params, expected):
    assert emails(bob_api.get(PEOPLE, params)) == expected


def test_status_filter_finds_people_who_left(bob_api, carol, dave):
    Person.objects.filter(pk=dave.pk).update(status=PersonStatus.LEFT)
    assert emails(bob_api.get(PEOPLE, {"status": "left"})) == ["dave@acme.test"]


@pytest.fixture
def many_people(acme):
    # Names chosen so that name order differs from creation (id) order.
    for number in range(7):
        make_person(acme, f"Person {6 - number}", email=f"p{6 - number}@acme.test")
    make_person(acme, "Person 3", email="p3b@acme.test")


def test_pages_walk_everyone_once_in_a_stable_order(bob_api, many_people):
    first = bob_api.get(PEOPLE, {"limit": 3, "team": ""}).json()
    assert first["count"] == 8
    assert first["previous"] is None
    seen = [p["email"] for p in first["results"]]
    next_url = first["next"]
    assert next_url.startswith("http://testserver/api/v1/people?")
    assert "limit=3" in next_url
    assert "offset=3" in next_url
    assert "team=" in next_url  # filters are kept
    while next_url:
        page = bob_api.get(next_url.removeprefix("http://testserver")).json()
        assert page["previous"] is not None
        seen += [p["email"] for p in page["results"]]
        next_url = page["next"]
    assert seen == [
        "p0@acme.test", "p1@acme.test", "p2@acme.test", "p3@acme.test", "p3b@acme.test",
        "p4@acme.test", "p5@acme.test", "p6@acme.test",
    ]  # fmt: skip


def test_previous_page_link(bob_api, many_people):
    page = bob_api.get(PEOPLE, {"limit": 3, "offset": 5}).json()
    assert [p["email"] for p in page["results"]] == [
        "p4@acme.test",
        "p5@acme.test",
        "p6@acme.test",
    ]
    assert page["next"] is None
    assert "offset=2" in page["previous"]


def test_the_page_size_is_limited(bob_api, many_people):
    assert bob_api.get(PEOPLE, {"limit": 200}).status_code == 200
    error = assert_error(bob_api.get(PEOPLE, {"limit": 201}), 422, "validation_error")
    assert error["details"][0]["field"] == "limit"
    assert "200" in error["details"][0]["message"]
    assert_error(bob_api.get(PEOPLE, {"offset": -1}), 422, "validation_error")
    error = assert_error(
        bob_api.get(PEOPLE, {"offset": 99999999999999999999}), 422, "validation_error"
    )
    assert error["details"][0]["field"] == "offset"
    assert bob_api.get(PEOPLE, {"offset": 2**31 - 1}).json()["results"] == []


def test_default_page_size_is_50(bob_api, acme):
    make_people(acme, 55)
    page = bob_api.get(PEOPLE).json()
    assert page["count"] == 55
    assert len(page["results"]) == 50


# --- creating --------------------------------------------------------------------------


NEW_PERSON = {
    "name": "Erik Jansen",
    "email": "Erik@Acme.test",
    "team": "Data",
    "department": "Engineering",
    "location": "Berlin",
    "job_title": "Analyst",
    "timezone": "Europe/Berlin",
    "work_start": "08:30",
    "work_end": "16:30",
    "working_days": [1, 2, 3, 4],
    "languages": ["nl", "de"],
    "interests": ["Cycling", "chess"],
    "manager": "carol@acme.test",
    "start_date": "2026-03-01",
    "preferred_language": "nl",
    "slack_id": "U123ABC",
    "chat_ids": {"teams": "29:erik"},
}


def test_an_organiser_creates_a_person(olga_api, carol):
    response = olga_api.post(PEOPLE, NEW_PERSON)
    assert response.status_code == 201, response.content
    body = response.json()
    erik = Person.objects.get(email="erik@acme.test")
    assert body["id"] == erik.pk
    assert body["email"] == "erik@acme.test"
    assert body["team"] == "Data"
    assert body["location"] == "Berlin"
    assert body["work_start"] == "08:30"
    assert body["interests"] == ["chess", "Cycling"]
    assert body["manager"] == "carol@acme.test"
    assert body["start_date"] == "2026-03-01"
    assert erik.team == Team.objects.get(organisation=carol.organisation, name="Data")
    assert erik.location == carol.location  # matched by name, not created again
    assert erik.manager == carol
    assert erik.work_end == datetime.time(16, 30)
    assert erik.chat_ids == {"teams": "29:erik"}
    assert olga_api.get(f"{PEOPLE}/{erik.pk}").json() == body


def test_only_name_and_email_are_required(olga_api, acme):
    response = olga_api.post(PEOPLE, {"name": "Fay", "email": "fay@acme.test"})
    assert response.status_code == 201
    assert response.json()["timezone"] == "Europe/Berlin"
    assert response.json()["working_days"] == [1, 2, 3, 4, 5]


def test_a_member_cannot_create(bob_api, acme):
    assert_error(bob_api.post(PEOPLE, NEW_PERSON), 403, "forbidden")
    assert not Person.objects.filter(email="erik@acme.test").exists()


def test_an_invalid_time_zone_is_rejected_and_nothing_is_written(olga_api, carol):
    error = assert_error(
        olga_api.post(PEOPLE, {**NEW_PERSON, "timezone": "Europe/Atlantis"}),
        422,
        "validation_error",
    )
    assert [d["field"] for d in error["details"]] == ["timezone"]
    assert "Europe/Atlantis" in error["details"][0]["message"]
    assert not Person.objects.filter(email="erik@acme.test").exists()
    assert not Team.objects.filter(name="Data").exists()
    assert not Tag.objects.filter(name="Cycling").exists()


def test_working_hours_must_end_after_they_start(olga_api, carol):
    error = assert_error(
        olga_api.post(PEOPLE, {**NEW_PERSON, "work_start": "17:00", "work_end": "09:00"}),
        422,
        "validation_error",
    )
    assert [d["field"] for d in error["details"]] == ["work_end"]
    assert "17:00" in error["details"][0]["message"]
    assert not Person.objects.filter(email="erik@acme.test").exists()


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("work_start", "25:00", "time_parsing"),
        ("work_start", "09:00+02:00", "time_with_offset"),
        ("work_end", "17:00Z", "time_with_offset"),
        ("working_days", [], "blank"),
        ("languages", ["german"], "invalid_languages"),
        ("preferred_language", "fr", "literal_error"),
        ("manager", "nobody@acme.test", "invalid"),
        ("start_date", "01.03.2026", "date_parsing"),
        ("start_date", 0, "date_parsing"),
        ("work_start", "09:00:00,5", "time_parsing"),
        ("status", "retired", "literal_error"),
        ("name", None, "null_not_allowed"),
        ("email", "erik", "invalid"),
    ],
)
def test_each_invalid_field_is_named(olga_api, carol, field, value, code):
    error = assert_error(
        olga_api.post(PEOPLE, {**NEW_PERSON, field: value}), 422, "validation_error"
    )
    assert [(d["field"], d["code"]) for d in error["details"]] == [(field, code)]
    assert not Person.objects.filter(email="erik@acme.test").exists()


@pytest.mark.parametrize(
    ("value", "code"), [([0], "greater_than_equal"), ([8], "less_than_equal"), (["1"], "int_type")]
)
def test_working_days_are_iso_weekday_numbers(olga_api, carol, value, code):
    error = assert_error(
        olga_api.post(PEOPLE, {**NEW_PERSON, "working_days": value}), 422, "validation_error"
    )
    assert [(d["field"], d["code"]) for d in error["details"]] == [("working_days.0", code)]


def test_a_paused_person_needs_a_return_date(olga_api, acme):
    error = assert_error(
        olga_api.post(PEOPLE, {"name": "G", "email": "g@acme.test", "status": "paused"}),
        422,
        "validation_error",
    )
    assert [d["field"] for d in error["details"]] == ["paused_until"]


# --- updating --------------------------------------------------------------------------


def test_patch_changes_only_what_is_sent(olga_api, carol, dave):
    response = olga_api.patch(
        f"{PEOPLE}/{dave.pk}", {"job_title": "Account executive", "preferred_language": "de"}
    )
    assert response.status_code == 200, response.content
    assert response.json()["job_title"] == "Account executive"
    dave.refresh_from_db()
    assert dave.preferred_language == "de"
    assert dave.job_title == "Account executive"
    assert dave.team.name == "Sales"
    assert dave.manager == carol
    assert list(dave.interests.values_list("name", flat=True)) == ["Sailing"]


def test_patch_with_null_clears_optional_values(olga_api, carol, dave):
    response = olga_api.patch(f"{PEOPLE}/{dave.pk}", {"manager": None, "team": None})
    assert response.status_code == 200
    dave.refresh_from_db()
    assert dave.manager is None
    assert dave.team is None


def test_patch_working_hours_against_the_stored_ones(olga_api, carol):
    error = assert_error(
        olga_api.patch(f"{PEOPLE}/{carol.pk}", {"work_end": "08:00"}), 422, "validation_error"
    )
    assert [d["field"] for d in error["details"]] == ["work_end"]
    carol.refresh_from_db()
    assert carol.work_end == datetime.time(17, 0)


def test_an_invalid_patch_changes_nothing(olga_api, carol):
    error = assert_error(
        olga_api.patch(f"{PEOPLE}/{carol.pk}", {"name": "Carola", "timezone": "Nowhere/Land"}),
        422,
        "validation_error",
    )
    assert [d["field"] for d in error["details"]] == ["timezone"]
    carol.refresh_from_db()
    assert carol.name == "Carol Meyer"
    assert carol.timezone == "Europe/Berlin"


@pytest.mark.parametrize("field", ["name", "timezone", "working_days", "status"])
def test_patch_refuses_null_where_a_value_is_needed(olga_api, carol, field):
    error = assert_error(
        olga_api.patch(f"{PEOPLE}/{carol.pk}", {field: None}), 422, "validation_error"
    )
    assert error["details"] == [
        {"field": field, "message": "This field cannot be null.", "code": "null_not_allowed"}
    ]


def test_status_left_sets_the_day(olga_api, carol):
    response = olga_api.patch(f"{PEOPLE}/{carol.pk}", {"status": "left", "left_on": "2026-01-31"})
    assert response.status_code == 200
    assert response.json()["status"] == "left"
    assert response.json()["left_on"] == "2026-01-31"


def test_a_member_cannot_patch(bob_api, carol):
    assert_error(bob_api.patch(f"{PEOPLE}/{carol.pk}", {"name": "X"}), 403, "forbidden")
    carol.refresh_from_db()
    assert carol.name == "Carol Meyer"


# --- deleting --------------------------------------------------------------------------


def test_an_admin_deletes(alice_api, carol):
    response = alice_api.delete(f"{PEOPLE}/{carol.pk}")
    assert response.status_code == 204
    assert response.content == b""
    assert not Person.objects.filter(pk=carol.pk).exists()
    assert_error(alice_api.get(f"{PEOPLE}/{carol.pk}"), 404, "not_found")


@pytest.mark.parametrize("persona", ["bob_api", "olga_api"])
def test_below_admin_cannot_delete(request, carol, persona):
    api = request.getfixturevalue(persona)
    error = assert_error(api.delete(f"{PEOPLE}/{carol.pk}"), 403, "forbidden")
    assert "Admin" in error["message"]
    assert Person.objects.filter(pk=carol.pk).exists()
