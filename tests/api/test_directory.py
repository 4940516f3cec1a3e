"""/api/v1/teams, /api/v1/locations and /api/v1/me."""

from tests.factories import make_location, make_team


def test_teams_with_people_counts(bob_api, acme, globex, carol, dave):
    make_team(acme, "Empty")
    make_team(globex, "Globex team")
    body = bob_api.get("/api/v1/teams").json()
    assert body["count"] == 3
    assert [(t["name"], t["people_count"]) for t in body["results"]] == [
        ("Empty", 0),
        ("Platform", 1),
        ("Sales", 1),
    ]
    assert body["results"][1]["department"] == "Engineering"


def test_locations_with_people_counts(bob_api, acme, globex, carol, dave):
    make_location(globex, "New York", timezone="America/New_York")
    body = bob_api.get("/api/v1/locations").json()
    assert body["count"] == 2
    assert body["results"][0] == {
        "id": dave.location_id,
        "name": "Amsterdam",
        "country": "NL",
        "timezone": "Europe/Amsterdam",
        "people_count": 1,
    }
    assert [loc["name"] for loc in body["results"]] == ["Amsterdam", "Berlin"]


def test_teams_are_paginated(bob_api, acme):
    for n in range(5):
        make_team(acme, f"Team {n:02}")
    page = bob_api.get("/api/v1/teams", {"limit": 2, "offset": 2}).json()
    assert page["count"] == 5
    assert [t["name"] for t in page["results"]] == ["Team 02", "Team 03"]
    assert page["next"] is not None
    assert page["previous"] is not None


def test_me(bob_api, bob, acme):
    body = bob_api.get("/api/v1/me").json()
    assert body["user"] == {"id": bob.pk, "email": "bob@acme.test", "name": "Bob"}
    assert body["organisation"] == {
        "id": acme.pk,
        "slug": "acme",
        "name": "Acme",
        "timezone": "Europe/Berlin",
    }
    assert body["role"] == "member"
    assert body["token"]["name"] == "tests"
    assert body["token"]["hint"].startswith("hw_")


def test_me_of_another_organisation(mallory_api, mallory):
    body = mallory_api.get("/api/v1/me").json()
    assert body["organisation"]["slug"] == "globex"
    assert body["role"] == "owner"
