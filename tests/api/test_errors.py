"""Every kind of error comes back in one format, in the request's language."""

from collections import defaultdict

import pytest
from django.db import IntegrityError
from django.utils import translation

from hallway.people.models import Person
from tests.api.conftest import ApiClient, assert_error, token_for

PEOPLE = "/api/v1/people"


def test_401(anonymous_api, db):
    assert_error(anonymous_api.get(PEOPLE), 401, "unauthorized")


def test_403_names_the_role_needed(bob_api):
    error = assert_error(
        bob_api.post(PEOPLE, {"name": "X", "email": "x@acme.test"}), 403, "forbidden"
    )
    assert "Organiser" in error["message"]
    assert not Person.objects.filter(email="x@acme.test").exists()


def test_404_for_a_missing_object(alice_api, db):
    assert_error(alice_api.get(f"{PEOPLE}/999999"), 404, "not_found")


@pytest.mark.parametrize("path", ["/api/v1/nope", "/api/v2/people", "/api/v1/people/abc", "/api/"])
def test_404_for_an_unknown_address(alice_api, path):
    assert_error(alice_api.get(path), 404, "not_found")


def test_405_for_an_unsupported_method(alice_api, carol):
    response = alice_api.request("PUT", f"{PEOPLE}/{carol.pk}", {"name": "Carol"})
    assert_error(response, 405, "method_not_allowed")
    assert set(response["Allow"].replace(" ", "").split(",")) == {"GET", "PATCH", "DELETE"}


def test_400_for_a_body_that_is_not_json(alice_api):
    response = alice_api.post(PEOPLE, data="{not json", content_type="application/json")
    error = assert_error(response, 400, "invalid_input")
    assert "JSON" in error["message"]


def test_every_json_body_documents_400_413_422_and_answers_malformed_json_with_400(
    alice_api, client
):
    paths = client.get("/api/openapi.json").json()["paths"]
    with_body = [
        (method, path, operation)
        for path, methods in paths.items()
        for method, operation in methods.items()
        if "application/json" in operation.get("requestBody", {}).get("content", {})
    ]
    assert len(with_body) >= 5
    for method, path, operation in with_body:
        assert {"400", "413", "422"} <= set(operation["responses"]), (method, path)
        url = path.format_map(defaultdict(lambda: 1))  # every object id: 1
        response = alice_api.request(method, url, data='{"name": ', content_type="application/json")
        error = assert_error(response, 400, "invalid_input")
        assert error["message"] == "The request body is not valid JSON.", (method, path)


def test_unknown_query_parameters_are_ignored(alice_api, carol):
    response = alice_api.get(PEOPLE, {"naem": "nobody"})
    assert response.status_code == 200
    assert response.json()["count"] == alice_api.get(PEOPLE).json()["count"] >= 1


def test_413_for_a_body_that_is_too_large(alice_api, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = alice_api.post(PEOPLE, {"name": "x" * 2000, "email": "big@acme.test"})
    assert_error(response, 413, "payload_too_large")


def test_422_from_the_schema_lists_each_field(alice_api):
    response = alice_api.post(PEOPLE, {"email": "x@acme.test", "working_days": "weekdays"})
    error = assert_error(response, 422, "validation_error")
    by_field = {d["field"]: d for d in error["details"]}
    assert by_field["name"]["code"] == "missing"
    assert by_field["working_days"]["code"] == "list_type"


def test_422_from_the_query_string(alice_api):
    error = assert_error(alice_api.get(PEOPLE, {"limit": 0}), 422, "validation_error")
    assert [d["field"] for d in error["details"]] == ["limit"]


def test_422_for_a_nul_character_anywhere_in_the_input(alice_api, carol):
    """PostgreSQL cannot store U+0000: it is refused, named, before anything is written."""
    response = alice_api.post(
        PEOPLE, {"name": "Ann\u0000", "email": "ann@acme.test", "languages": ["en", "d\u0000e"]}
    )
    error = assert_error(response, 422, "validation_error")
    assert [(d["field"], d["code"]) for d in error["details"]] == [
        ("name", "null_character"),
        ("languages.1", "null_character"),
    ]
    assert not Person.objects.filter(email="ann@acme.test").exists()
    error = assert_error(alice_api.get(PEOPLE, {"q": "car\x00ol"}), 422, "validation_error")
    assert [d["field"] for d in error["details"]] == ["q"]


def test_422_for_an_unknown_field(alice_api):
    error = assert_error(
        alice_api.post(PEOPLE, {"name": "X", "email": "x@acme.test", "shoe_size": 44}),
        422,
        "validation_error",
    )
    assert error["details"] == [
        {"field": "shoe_size", "message": "This field is not known.", "code": "extra_forbidden"}
    ]


def test_422_from_the_directory_rules(alice_api):
    error = assert_error(
        alice_api.post(PEOPLE, {"name": "X", "email": "x@acme.test", "timezone": "Mars/Base"}),
        422,
        "validation_error",
    )
    assert error["details"][0]["field"] == "timezone"
    assert error["details"][0]["code"] == "invalid_timezone"
    assert "Mars/Base" in error["details"][0]["message"]


def test_422_for_a_duplicate_email_has_its_own_code(alice_api, carol):
    error = assert_error(
        alice_api.post(PEOPLE, {"name": "Carol 2", "email": "CAROL@acme.test"}),
        422,
        "validation_error",
    )
    assert error["details"] == [
        {
            "field": "email",
            "message": "Another person in this organisation already has the email carol@acme.test.",
            "code": "duplicate_email",
        }
    ]


def test_409_when_a_concurrent_write_wins(alice_api, monkeypatch):
    def collide(**kwargs):
        raise IntegrityError("duplicate key value violates unique constraint")

    monkeypatch.setattr("hallway.api.people.person_create", collide)
    response = alice_api.post(PEOPLE, {"name": "X", "email": "x@acme.test"})
    assert_error(response, 409, "conflict")


def test_500_hides_the_details(alice_api, monkeypatch, caplog):
    def broken(**kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr("hallway.api.people.people_search", broken)
    response = alice_api.get(PEOPLE)
    error = assert_error(response, 500, "internal_error")
    assert "secret" not in response.content.decode()
    assert error["details"] == []
    assert "secret internals" in caplog.text  # logged for the operators


def test_messages_follow_accept_language(alice, acme):
    """Django ships German for its own messages, so this holds before Hallway's catalogues exist."""
    german = ApiClient(token_for(alice, acme), language="de")
    error = assert_error(
        german.post(PEOPLE, {"name": "X", "email": "not-an-email"}), 422, "validation_error"
    )
    assert error["details"][0]["field"] == "email"
    with translation.override("de"):
        expected = translation.gettext("Enter a valid email address.")
    assert expected != "Enter a valid email address."  # Django's German catalogue is there
    assert error["details"][0]["message"] == expected
    english = ApiClient(token_for(alice, acme), language="en")
    error = assert_error(
        english.post(PEOPLE, {"name": "X", "email": "not-an-email"}), 422, "validation_error"
    )
    assert error["details"][0]["message"] == "Enter a valid email address."


def test_a_path_no_route_can_match_is_a_json_404(client):
    # A line break: Django's path converters never match it, so no API route sees it.
    response = client.get("/api/v1/people/%0A~")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["error"]["code"] == "not_found"
    page = client.get("/no-such-page/%0A")
    assert page.status_code == 404
    assert page["Content-Type"].startswith("text/html")
