"""The gong's API: the wall of wins as a paginated list, ringing the gong, kudos with the
quota as a 409."""

import pytest

from hallway.rituals.models import Celebration, Kudos
from hallway.rituals.selectors.settings import ritual_settings_of
from hallway.rituals.services.gong import celebration_post
from tests.api.conftest import assert_error
from tests.factories import make_person


@pytest.fixture
def bob_person(acme, bob):
    return make_person(acme, "Bob Baker", email="bob@acme.test", user=bob)


def test_members_ring_the_gong_and_read_the_wall(bob_api, bob_person, carol, platform_team):
    created = bob_api.post(
        "/api/v1/celebrations",
        {
            "kind": "launch",
            "title": "Search 2.0 is live",
            "person_ids": [carol.pk],
            "team_id": platform_team.pk,
            "external_id": "release-2.0",
        },
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["kind"], body["source"], body["posted_by_id"]) == ("launch", "api", bob_person.pk)
    assert body["people"] == [{"id": carol.pk, "name": "Carol Meyer"}]
    again = bob_api.post(
        "/api/v1/celebrations", {"kind": "launch", "title": "x", "external_id": "release-2.0"}
    )
    assert again.json()["id"] == body["id"]
    listed = bob_api.get("/api/v1/celebrations?limit=1")
    assert listed.status_code == 200
    page = listed.json()
    assert (page["count"], page["results"][0]["id"], page["next"]) == (1, body["id"], None)
    assert bob_api.get(f"/api/v1/celebrations/{body['id']}").json()["cheers"] == 0


def test_bad_input_names_the_field(bob_api, bob_person, globex):
    stranger = make_person(globex, "Max Stranger", email="max@globex.test")
    response = bob_api.post(
        "/api/v1/celebrations", {"kind": "win", "title": "x", "person_ids": [stranger.pk]}
    )
    error = assert_error(response, 422, "validation_error")
    assert error["details"][0]["field"] == "person_ids"
    assert_error(bob_api.post("/api/v1/celebrations", {"kind": "party", "title": "x"}), 422,
                 "validation_error")  # fmt: skip
    assert not Celebration.objects.exists()


def test_kudos_count_down_and_the_spent_quota_is_409(acme, bob_api, bob_person, carol):
    settings_row = ritual_settings_of(acme)
    settings_row.kudos_per_month = 1
    settings_row.save()
    given = bob_api.post("/api/v1/kudos", {"to_person_id": carol.pk, "message": "Thanks!"})
    assert given.status_code == 201, given.content
    assert given.json()["left_this_month"] == 0
    assert given.json()["celebration_id"] is not None
    spent = bob_api.post("/api/v1/kudos", {"to_person_id": carol.pk, "message": "Again!"})
    assert "all 1 kudos" in assert_error(spent, 409, "conflict")["message"]
    self_kudos = bob_api.post("/api/v1/kudos", {"to_person_id": bob_person.pk, "message": "Me"})
    assert_error(self_kudos, 422, "validation_error")
    assert Kudos.objects.count() == 1


def test_a_user_outside_the_directory_gives_no_kudos(alice_api, carol):
    response = alice_api.post("/api/v1/kudos", {"to_person_id": carol.pk, "message": "Hi"})
    assert_error(response, 409, "conflict")


def test_another_organisations_celebration_is_404(mallory_api, acme):
    import datetime

    celebration = celebration_post(
        organisation=acme,
        kind="win",
        title="Ours",
        source="ui",
        now=datetime.datetime(2026, 12, 1, tzinfo=datetime.UTC),
    )
    assert_error(mallory_api.get(f"/api/v1/celebrations/{celebration.pk}"), 404, "not_found")
    assert mallory_api.get("/api/v1/celebrations").json()["count"] == 0
