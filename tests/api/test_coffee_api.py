import datetime
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError

from hallway.coffee.models import PairingMember, Program, RoundStatus
from hallway.coffee.services import announcing, feedback, planning
from hallway.coffee.services.programs import program_create
from hallway.people.models import Person
from tests.api.conftest import assert_error
from tests.factories import make_round_of_pairs, make_team


@pytest.fixture
def program(acme, alice, platform_team):
    return program_create(
        organisation=acme,
        created_by=alice,
        name="Coffee across Acme",
        audience_teams=[platform_team],
    )


@pytest.fixture
def services(monkeypatch):
    """Stand-ins for the planning, announcing and feedback services."""
    calls = []

    def recorder(name, result):
        def call(**kwargs):
            calls.append((name, kwargs))
            if isinstance(result, Exception):
                raise result
            return result(**kwargs) if callable(result) else result

        return call

    stand_ins = SimpleNamespace(calls=calls, recorder=recorder)
    monkeypatch.setattr(planning, "round_plan", recorder("plan", SimpleNamespace(round=None)))
    monkeypatch.setattr(
        announcing, "round_announce", recorder("announce", lambda round, now: round)
    )
    monkeypatch.setattr(announcing, "round_close", recorder("close", lambda round, now: round))

    def record(member, outcome, rating, comment, now):
        member.outcome, member.rating, member.comment, member.answered_at = (
            outcome, rating, comment, now,
        )  # fmt: skip
        member.save()
        return member

    monkeypatch.setattr(feedback, "feedback_record", recorder("feedback", record))
    return stand_ins


def test_list_and_get_programs(bob_api, program, platform_team):
    body = bob_api.get("/api/v1/coffee/programs").json()
    assert body["count"] == 1
    listed = body["results"][0]
    assert listed["name"] == "Coffee across Acme"
    assert listed["audience_teams"] == ["Platform"]
    assert listed["cadence"] == "every_2_weeks"
    assert bob_api.get(f"/api/v1/coffee/programs/{program.pk}").json() == listed


def test_archived_programs_only_when_asked(alice_api, program):
    from django.utils import timezone

    program.archived_at = timezone.now()
    program.save()
    assert alice_api.get("/api/v1/coffee/programs").json()["count"] == 0
    assert alice_api.get("/api/v1/coffee/programs", {"archived": "true"}).json()["count"] == 1


def test_create_a_program(olga_api, acme, carol, platform_team):
    response = olga_api.post(
        "/api/v1/coffee/programs",
        {
            "name": "Leaders' lunch",
            "cadence": "monthly",
            "weekday": 3,
            "hour": 12,
            "group_size": 3,
            "audience_teams": ["platform"],
            "include_people": ["CAROL@acme.test"],
            "min_overlap_minutes": 60,
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["slug"] == "leaders-lunch"
    assert body["audience_teams"] == ["Platform"]
    assert body["include_people"] == ["carol@acme.test"]
    assert Program.objects.get(pk=body["id"]).created_by.email == "olga@acme.test"


def test_audience_names_match_in_any_case_also_beyond_ascii(olga_api, acme):
    make_team(acme, "Über-Team")
    response = olga_api.post(
        "/api/v1/coffee/programs",
        {"name": "Umlaute", "audience_teams": ["über-team", "ÜBER-TEAM"]},
    )
    assert response.status_code == 201, response.content
    assert response.json()["audience_teams"] == ["Über-Team"]


def test_members_may_not_create_or_plan(bob_api, program):
    assert_error(bob_api.post("/api/v1/coffee/programs", {"name": "X"}), 403, "forbidden")
    assert_error(bob_api.post(f"/api/v1/coffee/programs/{program.pk}/rounds"), 403, "forbidden")
    assert_error(bob_api.get(f"/api/v1/coffee/programs/{program.pk}/rounds"), 403, "forbidden")


def test_bad_input_is_422_with_the_field(alice_api, program):
    rules_broken = {"name": "Again", "slug": program.slug, "min_overlap_minutes": 15}
    response = alice_api.post(
        "/api/v1/coffee/programs", {**rules_broken, "audience_teams": ["Nowhere"]}
    )
    error = assert_error(response, 422, "validation_error")
    fields = {detail["field"]: detail["message"] for detail in error["details"]}
    assert set(fields) == {"audience_teams"}  # names resolve before the rules run
    assert "Nowhere" in fields["audience_teams"]
    response = alice_api.post("/api/v1/coffee/programs", rules_broken)
    error = assert_error(response, 422, "validation_error")
    fields = {detail["field"]: detail["message"] for detail in error["details"]}
    assert set(fields) == {"slug", "min_overlap_minutes"}
    assert "already uses the slug" in fields["slug"]
    assert "room for a meeting of 30 minutes" in fields["min_overlap_minutes"]


def test_numbers_out_of_the_documented_range_are_422(alice_api, program):
    response = alice_api.post("/api/v1/coffee/programs", {"name": "Again", "hour": 25})
    error = assert_error(response, 422, "validation_error")
    assert error["details"] == [
        {"field": "hour", "message": "Enter a value of at most 23.", "code": "less_than_equal"}
    ]
    response = alice_api.patch(f"/api/v1/coffee/programs/{program.pk}", {"weekday": "1"})
    error = assert_error(response, 422, "validation_error")
    assert error["details"][0]["field"] == "weekday"
    assert error["details"][0]["code"] == "int_type"


def test_schema_errors(alice_api, program):
    error = assert_error(
        alice_api.post("/api/v1/coffee/programs", {"name": "X", "cadence": "daily"}),
        422,
        "validation_error",
    )
    assert error["details"][0]["field"] == "cadence"
    error = assert_error(
        alice_api.patch(f"/api/v1/coffee/programs/{program.pk}", {"colour": "red"}),
        422,
        "validation_error",
    )
    assert error["details"][0]["code"] == "extra_forbidden"
    error = assert_error(
        alice_api.patch(f"/api/v1/coffee/programs/{program.pk}", {"name": None}),
        422,
        "validation_error",
    )
    assert error["details"][0]["field"] == "name"
    assert_error(
        alice_api.request(
            "POST", "/api/v1/coffee/programs", data="{", content_type="application/json"
        ),
        400,
        "invalid_input",
    )


def test_errors_in_the_request_language(alice_api, program):
    alice_api.headers["Accept-Language"] = "de"
    response = alice_api.patch(f"/api/v1/coffee/programs/{program.pk}", {"weekday": 9})
    error = assert_error(response, 422, "validation_error")
    assert error["details"][0]["field"] == "weekday"


def test_patch_changes_only_what_is_sent(alice_api, program):
    response = alice_api.patch(
        f"/api/v1/coffee/programs/{program.pk}", {"hour": 15, "audience_teams": []}
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["hour"], body["audience_teams"], body["name"]) == (15, [], "Coffee across Acme")


def test_rounds_and_preview(alice_api, program):
    first = make_round_of_pairs(program, pairs=2, status=RoundStatus.CLOSED)
    second = make_round_of_pairs(program, pairs=3, number=2, left_out=1)
    body = alice_api.get(f"/api/v1/coffee/programs/{program.pk}/rounds").json()
    assert [r["id"] for r in body["results"]] == [second.pk, first.pk]
    preview = alice_api.get(f"/api/v1/coffee/rounds/{second.pk}").json()
    assert preview["status"] == "planned"
    assert len(preview["groups"]) == 3
    group = preview["groups"][0]
    assert group["reasons"][2] == {"code": "overlap_minutes:120", "text": "2 h weekly overlap"}
    assert (
        group["reasons_text"]
        == "never met · different teams · 2 h weekly overlap · both like climbing"
    )
    assert {"name", "email", "team", "location", "outcome"} <= set(group["members"][0])
    assert preview["left_out"][0]["reason"] == "odd_one_out"
    assert preview["left_out"][0]["reason_text"] == "odd one out (priority next round)"


def test_reasons_in_the_request_language(alice_api, program):
    round_ = make_round_of_pairs(program, pairs=1)
    alice_api.headers["Accept-Language"] = "de"
    group = alice_api.get(f"/api/v1/coffee/rounds/{round_.pk}").json()["groups"][0]
    assert group["reasons"][0]["code"] == "never_met"


def test_pairings_list_pages_and_search(alice_api, program):
    round_ = make_round_of_pairs(program, pairs=12)
    body = alice_api.get(f"/api/v1/coffee/rounds/{round_.pk}/pairings", {"limit": 5}).json()
    assert body["count"] == 12
    assert len(body["results"]) == 5
    assert body["next"].endswith("limit=5&offset=5")
    found = alice_api.get(
        f"/api/v1/coffee/rounds/{round_.pk}/pairings", {"q": "R1X Person 0023"}
    ).json()
    assert found["count"] == 1


def test_plan_announce_close(alice_api, program, services, monkeypatch):
    round_ = make_round_of_pairs(program, pairs=2)
    monkeypatch.setattr(
        planning, "round_plan", services.recorder("plan", SimpleNamespace(round=round_))
    )
    response = alice_api.post(f"/api/v1/coffee/programs/{program.pk}/rounds")
    assert response.status_code == 201
    assert len(response.json()["groups"]) == 2
    assert alice_api.post(f"/api/v1/coffee/rounds/{round_.pk}/announce").status_code == 200
    assert alice_api.post(f"/api/v1/coffee/rounds/{round_.pk}/close").status_code == 200
    assert [name for name, _ in services.calls] == ["plan", "announce", "close"]


def test_plan_with_nobody_to_pair_is_a_conflict(alice_api, program, services):
    response = alice_api.post(f"/api/v1/coffee/programs/{program.pk}/rounds")
    assert "Nobody could be paired" in assert_error(response, 409, "conflict")["message"]


def test_refused_round_action_is_a_conflict(alice_api, program, monkeypatch):
    round_ = make_round_of_pairs(program, pairs=1, status=RoundStatus.CLOSED)
    refuse = ValidationError("This round is closed.")

    def refused(**kwargs):
        raise refuse

    monkeypatch.setattr(announcing, "round_announce", refused)
    response = alice_api.post(f"/api/v1/coffee/rounds/{round_.pk}/announce")
    assert assert_error(response, 409, "conflict")["message"] == "This round is closed."


def test_feedback_for_yourself(bob_api, bob, acme, program, services):
    round_ = make_round_of_pairs(program, pairs=1, status=RoundStatus.ANNOUNCED)
    pairing = round_.pairings.get()
    member = pairing.members.first()
    Person.objects.filter(pk=member.person_id).update(user=bob)
    response = bob_api.post(
        f"/api/v1/coffee/pairings/{pairing.pk}/feedback",
        {"outcome": "met", "rating": 5, "comment": "Great chat"},
    )
    assert response.status_code == 200, response.content
    assert response.json()["outcome"] == "met"
    member.refresh_from_db()
    assert (member.outcome, member.rating) == ("met", 5)


def test_feedback_of_someone_else(bob_api, alice_api, program, services):
    round_ = make_round_of_pairs(program, pairs=1, status=RoundStatus.ANNOUNCED)
    pairing = round_.pairings.get()
    url = f"/api/v1/coffee/pairings/{pairing.pk}/feedback"
    assert (
        "not in this pairing"
        in assert_error(bob_api.post(url, {"outcome": "met"}), 403, "forbidden")["message"]
    )
    member = pairing.members.last()
    assert_error(
        bob_api.post(url, {"outcome": "met", "person_id": member.person_id}), 403, "forbidden"
    )
    response = alice_api.post(url, {"outcome": "missed", "person_id": member.person_id})
    assert response.status_code == 200
    assert PairingMember.objects.get(pk=member.pk).outcome == "missed"
    error = assert_error(
        alice_api.post(url, {"outcome": "met", "rating": 9}), 422, "validation_error"
    )
    assert error["details"][0]["field"] == "rating"


def test_other_organisations_objects_are_not_found(mallory_api, program, services):
    round_ = make_round_of_pairs(program, pairs=1)
    pairing = round_.pairings.get()
    for method, url in [
        ("GET", f"/api/v1/coffee/programs/{program.pk}"),
        ("PATCH", f"/api/v1/coffee/programs/{program.pk}"),
        ("GET", f"/api/v1/coffee/programs/{program.pk}/rounds"),
        ("POST", f"/api/v1/coffee/programs/{program.pk}/rounds"),
        ("GET", f"/api/v1/coffee/rounds/{round_.pk}"),
        ("GET", f"/api/v1/coffee/rounds/{round_.pk}/pairings"),
        ("POST", f"/api/v1/coffee/rounds/{round_.pk}/announce"),
        ("POST", f"/api/v1/coffee/rounds/{round_.pk}/close"),
        ("POST", f"/api/v1/coffee/pairings/{pairing.pk}/feedback"),
    ]:
        body = {"outcome": "met"} if "feedback" in url else {}
        assert_error(mallory_api.request(method, url, body), 404, "not_found")
    assert mallory_api.get("/api/v1/coffee/programs").json()["count"] == 0
    assert services.calls == []


def test_audience_names_resolve_within_the_own_organisation(mallory_api, carol):
    response = mallory_api.post(
        "/api/v1/coffee/programs",
        {"name": "Spy", "audience_teams": ["Platform"], "include_people": ["carol@acme.test"]},
    )
    error = assert_error(response, 422, "validation_error")
    assert {detail["field"] for detail in error["details"]} == {"audience_teams", "include_people"}


def test_round_dates_are_iso(alice_api, program):
    round_ = make_round_of_pairs(program, pairs=1, on=datetime.date(2030, 3, 4))
    body = alice_api.get(f"/api/v1/coffee/rounds/{round_.pk}").json()
    assert body["scheduled_for"] == "2030-03-04"
