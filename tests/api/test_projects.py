"""/api/v1/projects: pages like people's, roles, validation, rosters, coverage and planning."""

import datetime

import pytest

from hallway.messaging.models import OutboxMessage
from hallway.projects.exporting import coverage_json
from hallway.projects.models import OneOnOne, OneOnOneStatus, Project, RosterMember, Side
from hallway.projects.services.one_on_ones import one_on_one_record
from hallway.projects.services.roster import RoleFields, roster_add
from tests.api.conftest import assert_error
from tests.factories import make_company, make_contact, make_person

START = datetime.date(2026, 12, 1)
NOW = datetime.datetime(2026, 12, 7, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def lakeshore(acme):
    return make_company(
        acme, "Lakeshore Outfitters", timezone="America/New_York", holiday_region="US-NY"
    )


@pytest.fixture
def rollout(acme, alice, lakeshore):
    return Project.objects.create(
        organisation=acme,
        name="US shop rollout",
        company=lakeshore,
        goal="Launch the US shop by 1 March.",
        starts_on=START,
        lead=alice,
    )


@pytest.fixture
def members(acme, rollout, lakeshore, dave):
    """Dave and Jonas of ours; Megan (key) and Tyler of the client."""
    jonas = make_person(acme, "Jonas Weber", email="jonas@acme.test")
    ours = [
        roster_add(project=rollout, side=Side.OURS, person=p, joined_on=START)
        for p in (dave, jonas)
    ]
    theirs = [
        roster_add(
            project=rollout,
            side=Side.CLIENT,
            contact=make_contact(acme, name, company=lakeshore),
            values=RoleFields(role="Client team", key_counterpart=key),
            joined_on=START,
        )
        for name, key in (("Megan Brooks", True), ("Tyler Reed", False))
    ]
    return ours, theirs


def test_the_list_is_paginated_exactly_like_people(bob_api, acme, rollout, lakeshore, carol, dave):
    Project.objects.create(organisation=acme, name="Amsterdam office move", starts_on=START)
    projects = bob_api.get("/api/v1/projects", {"limit": 1}).json()
    people = bob_api.get("/api/v1/people", {"limit": 1}).json()
    assert set(projects) == set(people) == {"count", "next", "previous", "results"}
    assert projects["count"] == people["count"] == 2
    assert projects["next"] == people["next"].replace("/people", "/projects")
    assert projects["previous"] is None
    second = bob_api.get("/api/v1/projects", {"limit": 1, "offset": 1}).json()
    assert second["previous"] == bob_api.get("/api/v1/people", {"limit": 1, "offset": 1}).json()[
        "previous"
    ].replace("/people", "/projects")
    names = [projects["results"][0]["name"], second["results"][0]["name"]]
    assert names == ["Amsterdam office move", "US shop rollout"]  # by name, as people


def test_an_item_names_the_client_the_lead_and_the_coverage(bob_api, rollout, members, alice):
    item = bob_api.get("/api/v1/projects").json()["results"][0]
    assert item["id"] == rollout.pk
    assert item["client"] == {"id": rollout.company_id, "name": "Lakeshore Outfitters"}
    assert item["goal"] == "Launch the US shop by 1 March."
    assert (item["starts_on"], item["ends_on"], item["status"]) == ("2026-12-01", None, "active")
    assert item["lead"]["email"] == alice.email
    assert item["coverage"] == {"covered": 0, "required": 2}  # both of ours × Megan
    assert bob_api.get(f"/api/v1/projects/{rollout.pk}").json() == item


def test_another_organisations_project_is_a_404(mallory_api, rollout, members):
    assert_error(mallory_api.get(f"/api/v1/projects/{rollout.pk}"), 404, "not_found")
    assert_error(mallory_api.get(f"/api/v1/projects/{rollout.pk}/coverage"), 404, "not_found")
    assert mallory_api.get("/api/v1/projects").json()["count"] == 0


def test_members_read_organisers_write(bob_api, olga_api, olga, lakeshore):
    body = {"name": "Checkout", "client_id": lakeshore.pk, "starts_on": "2027-01-04"}
    assert_error(bob_api.post("/api/v1/projects", body), 403, "forbidden")
    response = olga_api.post("/api/v1/projects", body)
    assert response.status_code == 201, response.content
    assert response.json()["lead"]["email"] == olga.email
    project_id = response.json()["id"]
    assert_error(bob_api.patch(f"/api/v1/projects/{project_id}", {"goal": "x"}), 403, "forbidden")
    changed = olga_api.patch(
        f"/api/v1/projects/{project_id}", {"goal": "One checkout", "ends_on": "2027-03-31"}
    )
    assert changed.json()["goal"] == "One checkout"
    assert changed.json()["ends_on"] == "2027-03-31"
    cleared = olga_api.patch(f"/api/v1/projects/{project_id}", {"ends_on": None}).json()
    assert cleared["ends_on"] is None


def test_every_problem_at_once_and_nothing_written(olga_api, rollout):
    response = olga_api.post("/api/v1/projects", {"goal": 5})
    error = assert_error(response, 422, "validation_error")
    assert {d["field"] for d in error["details"]} == {"name", "client_id", "starts_on", "goal"}
    response = olga_api.post(
        "/api/v1/projects", {"name": "x", "client_id": 999999, "starts_on": "2027-01-04"}
    )
    error = assert_error(response, 404, "not_found")  # an id in the body, as in the client book
    assert [d["field"] for d in error["details"]] == ["client_id"]
    response = olga_api.post(
        "/api/v1/projects",
        {
            "name": "us shop ROLLOUT",
            "client_id": rollout.company_id,
            "starts_on": "2027-01-04",
            "ends_on": "2027-01-01",
            "lead_email": "nobody@acme.test",
            "timezone": "Mars/Olympus",
        },
    )
    error = assert_error(response, 422, "validation_error")
    fields = {d["field"] for d in error["details"]}
    assert fields == {"name", "ends_on", "lead_email", "timezone"}
    assert Project.objects.count() == 1


def test_the_roster_by_id_or_email_on_each_side(bob_api, olga_api, rollout, members, carol):
    url = f"/api/v1/projects/{rollout.pk}/roster"
    listed = bob_api.get(url).json()
    assert listed["count"] == 4
    assert [m["side"] for m in listed["results"]] == ["ours", "ours", "client", "client"]
    assert [m["name"] for m in listed["results"][:2]] == ["Dave de Vries", "Jonas Weber"]

    response = olga_api.post(url, {"side": "ours", "email": "CAROL@acme.test", "role": "Architect"})
    assert response.status_code == 201, response.content
    assert response.json()["person_id"] == carol.pk
    new = make_contact(rollout.organisation, "Ashley Kim")
    response = olga_api.post(url, {"side": "client", "contact_id": new.pk, "key_counterpart": True})
    assert response.status_code == 201, response.content
    assert response.json()["key_counterpart"] is True

    error = assert_error(
        olga_api.post(url, {"side": "sideways", "role": "x" * 121}), 422, "validation_error"
    )
    assert {d["field"] for d in error["details"]} == {"side", "role"}
    error = assert_error(
        olga_api.post(url, {"side": "client", "email": "nobody@client.test"}),
        422,
        "validation_error",
    )
    assert [d["field"] for d in error["details"]] == ["email"]
    error = assert_error(
        olga_api.post(url, {"side": "ours", "email": "carol@acme.test"}), 422, "validation_error"
    )
    assert [d["field"] for d in error["details"]] == ["person"]
    unknown = olga_api.post(url, {"side": "client", "contact_id": 999999})
    assert assert_error(unknown, 404, "not_found")["details"][0]["field"] == "contact_id"
    assert_error(bob_api.post(url, {"side": "ours", "email": "x@acme.test"}), 403, "forbidden")

    member_id = response.json()["id"]
    changed = olga_api.patch(f"{url}/{member_id}", {"role": "CTO"}).json()
    assert (changed["role"], changed["key_counterpart"]) == ("CTO", True)
    assert olga_api.delete(f"{url}/{member_id}").status_code == 204
    assert not RosterMember.objects.filter(pk=member_id).exists()


def test_a_member_of_another_project_is_a_404(olga_api, acme, rollout, members):
    other = Project.objects.create(organisation=acme, name="Other", starts_on=START)
    ours, _theirs = members
    response = olga_api.patch(f"/api/v1/projects/{other.pk}/roster/{ours[0].pk}", {"role": "x"})
    assert_error(response, 404, "not_found")


def test_the_coverage_is_the_command_lines_json(bob_api, acme, rollout, members):
    ours, theirs = members
    one_on_one_record(project=rollout, ours=ours[0], theirs=theirs[0], status="met", now=NOW)
    body = bob_api.get(f"/api/v1/projects/{rollout.pk}/coverage").json()
    assert body == coverage_json(rollout)
    assert (body["covered"], body["required"]) == (1, 2)
    met, missing = body["pairs"]
    assert met["status"] == "met"
    assert met["at"] == NOW.isoformat()
    assert missing == {"ours": "jonas@acme.test", "theirs": theirs[0].email, "status": "missing"}


def test_planning_a_dry_run_writes_nothing(olga_api, bob_api, rollout, members):
    url = f"/api/v1/projects/{rollout.pk}/one-on-ones/plan"
    assert_error(bob_api.post(url, {"weeks": 2}), 403, "forbidden")
    error = assert_error(olga_api.post(url, {"weeks": 0, "per_week": 11}), 422, "validation_error")
    assert {d["field"] for d in error["details"]} == {"weeks", "per_week"}
    body = olga_api.post(url, {"weeks": 3, "per_week": 2, "dry_run": True}).json()
    assert set(body) == {"meetings", "unplannable"}
    assert len(body["meetings"]) + len(body["unplannable"]) == 2
    for meeting in body["meetings"]:
        assert set(meeting) == {"ours", "theirs", "start"}
        datetime.datetime.fromisoformat(meeting["start"])
    assert not OneOnOne.objects.exists()
    assert not OutboxMessage.objects.exists()

    planned = olga_api.post(url, {"weeks": 3, "per_week": 2}).json()
    assert OneOnOne.objects.filter(status=OneOnOneStatus.PLANNED).count() == len(
        planned["meetings"]
    )


def test_answering_a_one_on_one(olga_api, rollout, members):
    ours, theirs = members
    one_on_one = OneOnOne.objects.create(
        organisation=rollout.organisation,
        project=rollout,
        ours=ours[0],
        theirs=theirs[0],
        start=NOW,
        end=NOW + datetime.timedelta(minutes=30),
    )
    url = f"/api/v1/projects/{rollout.pk}/one-on-ones/{one_on_one.pk}/answer"
    error = assert_error(olga_api.post(url, {"answer": "maybe"}), 422, "validation_error")
    assert [d["field"] for d in error["details"]] == ["answer"]
    body = olga_api.post(url, {"answer": "declined"}).json()
    assert (body["id"], body["status"], body["ours"]) == (one_on_one.pk, "declined", ours[0].email)
