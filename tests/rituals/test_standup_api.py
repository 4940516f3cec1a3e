"""/api/v1/standups: list, create, get, dates with check-ins and digests, resolve a blocker."""

import datetime

import pytest
import time_machine

from hallway.rituals.models import CheckIn, Digest, Occurrence, StandUp
from hallway.rituals.services.standups import checkin_answer
from hallway.rituals.services.standups_run import standups_run_due
from tests.api.conftest import ApiClient, assert_error, token_for
from tests.factories import make_person
from tests.rituals.standup_helpers import MONDAY, at, make_standup, team_across_zones


@pytest.fixture
def admin_api(alice, acme):
    return ApiClient(token_for(alice, acme))


@pytest.fixture
def member_api(bob, acme):
    return ApiClient(token_for(bob, acme))


def blocked_checkin(organisation, person, owner=None):
    """A check-in of `person` that names a blocker (for the API's scoping walk too)."""
    standup = StandUp.objects.create(
        organisation=organisation, name="Daily", starts_on=MONDAY, owner=owner
    )
    occurrence = Occurrence.objects.create(organisation=organisation, standup=standup, date=MONDAY)
    moment = at(MONDAY, 8)
    digest = Digest.objects.create(
        organisation=organisation,
        occurrence=occurrence,
        number=1,
        first_ask=moment,
        last_ask=moment,
        closes_at=moment + datetime.timedelta(hours=3),
    )
    return CheckIn.objects.create(
        organisation=organisation,
        occurrence=occurrence,
        digest=digest,
        person=person,
        ask_at=moment,
        closes_at=digest.closes_at,
        status="answered",
        blockers="Staging",
        blocked=True,
    )


def test_create_list_and_get(admin_api, acme):
    team, _carol, _bruna = team_across_zones(acme)
    created = admin_api.post(
        "/api/v1/standups",
        {
            "name": "Weekly",
            "cadence": "weekly",
            "weekday": "TU",
            "starts_on": "2027-03-01",
            "team_id": team.pk,
            "circle_kind": "team",
        },
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["rule"] == "FREQ=WEEKLY;BYDAY=TU"
    assert body["cadence"] == "weekly"
    listed = admin_api.get("/api/v1/standups").json()
    assert listed["count"] == 1
    assert listed["results"][0]["id"] == body["id"]
    assert admin_api.get(f"/api/v1/standups/{body['id']}").json()["name"] == "Weekly"


def test_members_may_not_create_and_bad_input_is_a_422(member_api, admin_api, acme, globex):
    team, _carol, _bruna = team_across_zones(acme)
    body = {
        "name": "X",
        "cadence": "daily",
        "starts_on": "2027-03-01",
        "team_id": team.pk,
        "circle_kind": "team",
    }
    assert_error(member_api.post("/api/v1/standups", body), 403, "forbidden")
    from tests.factories import make_team

    foreign = make_team(globex, "Spies")
    response = admin_api.post("/api/v1/standups", {**body, "team_id": foreign.pk})
    assert_error(response, 422, "validation_error")
    response = admin_api.post("/api/v1/standups", {**body, "rule": "FREQ=HOURLY"})
    assert_error(response, 422, "validation_error")
    assert not StandUp.objects.exists()


def test_dates_with_checkins_and_mood_only_over_three(admin_api, acme):
    team, carol, bruna = team_across_zones(acme)
    dirk = make_person(acme, "Dirk de Vries", team=team)
    standup = make_standup(acme, team=team)
    standups_run_due(organisation=acme, now=at(MONDAY, 8, 0))
    checkin_answer(
        checkin=CheckIn.objects.get(person=carol),
        yesterday="a",
        today="b",
        blockers="",
        mood=4,
        now=at(MONDAY, 8, 30),
    )
    with time_machine.travel(at(MONDAY, 13, 0), tick=False):  # after Berlin's cut-off
        page = admin_api.get(f"/api/v1/standups/{standup.pk}/occurrences").json()
    date = page["results"][0]
    assert date["date"] == MONDAY.isoformat()
    assert date["mood_average"] is None
    statuses = {c["person_name"]: c["status"] for c in date["checkins"]}
    assert statuses["Carol Meyer"] == "answered"
    assert statuses["Dirk de Vries"] == "missing"  # Berlin's answers closed at 11:00 UTC
    assert "mood" not in date["checkins"][0]
    assert {d["number"] for d in date["digests"]} == {1, 2}
    assert dirk
    assert bruna


def test_resolve_a_blocker(admin_api, member_api, acme, carol):
    checkin = blocked_checkin(acme, carol)
    url = f"/api/v1/standups/checkins/{checkin.pk}/resolve"
    assert_error(member_api.post(url, {}), 403, "forbidden")
    response = admin_api.post(url, {"resolved": True})
    assert response.status_code == 200
    assert response.json()["blocker_resolved_at"]
    CheckIn.objects.filter(pk=checkin.pk).update(blocked=False)
    assert_error(admin_api.post(url, {}), 409, "conflict")
