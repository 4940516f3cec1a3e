"""/api/v1/projects/{id}/health, /kickoff, /card and /series: shapes, roles, scoping, every
problem at once, and which requests send invitations."""

import datetime

import pytest
import time_machine

from hallway.accounts.links import InvalidLink
from hallway.messaging.models import OutboxMessage
from hallway.projects.card_links import card_project
from hallway.projects.models import MeetingHeld, MeetingSeries, Project, Side
from hallway.projects.services.roster import RoleFields, roster_add
from hallway.relationships.models import Note, Touch
from tests.api.conftest import assert_error
from tests.factories import make_company, make_contact, make_person

START = datetime.date(2026, 11, 2)
NOW = datetime.datetime(2026, 12, 7, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def monday_morning():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def rollout(acme, alice):
    lakeshore = make_company(
        acme, "Lakeshore Outfitters", timezone="America/New_York", holiday_region="US-NY"
    )
    return Project.objects.create(
        organisation=acme,
        name="US shop rollout",
        company=lakeshore,
        goal="Launch the US shop by 1 March.",
        starts_on=START,
        lead=alice,
    )


@pytest.fixture
def members(acme, rollout, dave):
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
            contact=make_contact(acme, name, company=rollout.company),
            values=RoleFields(role="Client team", key_counterpart=key),
            joined_on=START,
        )
        for name, key in (("Megan Brooks", True), ("Tyler Reed", False))
    ]
    return ours, theirs


def url(project, rest=""):
    return f"/api/v1/projects/{project.pk}{rest}"


def weekly(**overrides):
    body = {
        "name": "Weekly with Lakeshore",
        "kind": "weekly",
        "starts_on": "2026-11-05",
        "at": "16:00",
        "minutes": 45,
    }
    return {**body, **overrides}


def test_health_says_what_needs_attention(bob_api, rollout, members):
    health = bob_api.get(url(rollout, "/health")).json()
    assert health == {
        "coverage": {"covered": 0, "required": 2, "planned": 0, "overdue": 2, "low": True},
        "cadence": {"held": 0, "planned": 0, "percent": None, "low": False},
        "sponsor": None,
        "open_blockers": 0,
        "attention_score": 3 * 2 + 2,  # joined five weeks ago, nobody met
    }


def test_the_kickoff_proposes_times_and_reading_writes_nothing(bob_api, rollout, members):
    before = OutboxMessage.objects.count()
    kickoff = bob_api.get(url(rollout, "/kickoff")).json()
    assert set(kickoff) == {
        "kickoff_at", "minutes", "agenda", "sequence", "pays", "proposal", "answered"
    }  # fmt: skip
    assert (kickoff["kickoff_at"], kickoff["sequence"], kickoff["answered"]) == (None, 0, [])
    assert 1 <= len(kickoff["proposal"]) <= 5
    for option in kickoff["proposal"]:
        start = datetime.datetime.fromisoformat(option["start"])
        assert start >= NOW + datetime.timedelta(hours=24)
        assert option["suits_everyone"] == (option["pays"] == [])
        for pays in option["pays"]:
            assert set(pays) == {
                "member_id", "name", "timezone", "local_start", "minutes", "early", "day_off"
            }  # fmt: skip
            assert datetime.datetime.fromisoformat(pays["local_start"]).utcoffset() is not None
    assert bob_api.get(url(rollout, "/kickoff"), {"minutes": 30}).status_code == 200
    assert_error(bob_api.get(url(rollout, "/kickoff"), {"minutes": 5}), 422, "validation_error")
    assert OutboxMessage.objects.count() == before
    rollout.refresh_from_db()
    assert rollout.kickoff_sequence == 0


def test_scheduling_the_kickoff_sends_everyone_the_invitation(bob_api, olga_api, rollout, members):
    body = {"start": "2026-12-10T16:00:00+01:00", "minutes": 45, "agenda": "Hello"}
    assert_error(bob_api.post(url(rollout, "/kickoff"), body), 403, "forbidden")
    response = olga_api.post(url(rollout, "/kickoff"), body)
    assert response.status_code == 200, response.content
    state = response.json()
    assert state["kickoff_at"] == "2026-12-10T15:00:00+00:00"
    assert (state["minutes"], state["agenda"], state["sequence"]) == (45, "Hello", 1)
    assert {p["name"] for p in state["pays"]} <= {"Megan Brooks", "Tyler Reed"}
    sent = OutboxMessage.objects.filter(message_type="projects_kickoff")
    assert sent.count() == 4  # everyone on the roster has an address
    assert bob_api.get(url(rollout, "/kickoff")).json()["kickoff_at"] == state["kickoff_at"]


def test_a_kickoff_with_every_problem_writes_nothing(olga_api, rollout, members):
    response = olga_api.post(
        url(rollout, "/kickoff"),
        {"start": "2026-12-10T16:00", "minutes": 5, "agenda": "x" * 4001, "extra": 1},
    )
    error = assert_error(response, 422, "validation_error")
    assert {d["field"] for d in error["details"]} == {"start", "minutes", "agenda", "extra"}
    response = olga_api.post(url(rollout, "/kickoff"), {"start": "2026-12-01T16:00:00+01:00"})
    error = assert_error(response, 422, "validation_error")
    assert [d["field"] for d in error["details"]] == ["start"]
    assert not OutboxMessage.objects.exists()


def test_the_card_names_people_and_only_organisers_get_its_link(
    bob_api, olga_api, rollout, members
):
    card = bob_api.get(url(rollout, "/card")).json()
    assert card["url"] is None
    assert {"Megan Brooks", "Jonas Weber"} <= {p["name"] for p in card["people"]}
    assert "@" not in str(card)
    link = olga_api.get(url(rollout, "/card")).json()["url"]
    assert card_project(link.rstrip("/").rsplit("/", 1)[-1]) == rollout
    assert_error(bob_api.post(url(rollout, "/card/revoke")), 403, "forbidden")
    new = olga_api.post(url(rollout, "/card/revoke")).json()["url"]
    assert new != link
    with pytest.raises(InvalidLink):
        card_project(link.rstrip("/").rsplit("/", 1)[-1])


def test_another_organisations_project_and_series_are_a_404(
    mallory_api, olga_api, rollout, members
):
    series_id = olga_api.post(url(rollout, "/series"), weekly()).json()["id"]
    for path in ("/health", "/kickoff", "/card", "/series"):
        assert_error(mallory_api.get(url(rollout, path)), 404, "not_found")
    response = mallory_api.patch(url(rollout, f"/series/{series_id}"), {"minutes": 30})
    assert_error(response, 404, "not_found")
    other = Project.objects.create(organisation=rollout.organisation, name="Other", starts_on=START)
    assert_error(olga_api.patch(url(other, f"/series/{series_id}"), {}), 404, "not_found")


def test_series_are_created_listed_changed_and_ended(bob_api, olga_api, rollout, members):
    assert_error(bob_api.post(url(rollout, "/series"), weekly()), 403, "forbidden")
    response = olga_api.post(url(rollout, "/series"), weekly())
    assert response.status_code == 201, response.content
    series = response.json()
    assert series["rule"] == "FREQ=WEEKLY;BYDAY=TH"  # the first day's weekday
    assert series["cadence"] == "Weekly on Thursday"
    assert (series["circle"], series["at"], series["ended_on"]) == ("roster", "16:00", None)
    assert len(series["member_ids"]) == 4
    assert series["next_start"].startswith("2026-12-10T16:00")
    assert "2027-11-25" in {s["on"] for s in series["skipped"]}  # Thanksgiving in New York
    invitations = OutboxMessage.objects.filter(message_type="projects_series").count()
    assert invitations == 4

    ours = olga_api.post(
        url(rollout, "/series"),
        weekly(name="Daily", kind="daily", circle="ours", preset="workdays", at="09:30"),
    ).json()
    page = bob_api.get(url(rollout, "/series"), {"limit": 1}).json()
    assert (page["count"], page["previous"]) == (2, None)
    assert page["results"][0]["name"] == "Daily"
    assert "offset=1" in page["next"]

    changed = olga_api.patch(
        url(rollout, f"/series/{series['id']}"), {"preset": "biweekly", "weekday": "TU"}
    ).json()
    assert changed["rule"] == "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"
    assert changed["name"] == "Weekly with Lakeshore"
    assert OutboxMessage.objects.filter(message_type="projects_series").count() > invitations + 2

    ended = olga_api.post(url(rollout, f"/series/{ours['id']}/end"), {"on": "2026-12-04"}).json()
    assert (ended["ended_on"], ended["next_start"]) == ("2026-12-04", None)
    assert bob_api.get(url(rollout, "/series")).json()["results"][-1]["name"] == "Daily"


def test_a_series_with_every_problem_writes_nothing(olga_api, rollout, members, mallory):
    response = olga_api.post(
        url(rollout, "/series"),
        {"name": "", "kind": "yearly", "at": "25:00", "minutes": 5, "with_checkins": "yes"},
    )
    error = assert_error(response, 422, "validation_error")
    assert {d["field"] for d in error["details"]} == {
        "name", "kind", "starts_on", "at", "minutes", "with_checkins"
    }  # fmt: skip
    response = olga_api.post(
        url(rollout, "/series"),
        weekly(
            rule="FREQ=SOMETIMES",
            preset="weekly",
            circle="sub_project",
            video_url="ftp://x",
        ),
    )
    error = assert_error(response, 422, "validation_error")
    assert {d["field"] for d in error["details"]} == {
        "rule", "sub_project", "video_url"
    }  # fmt: skip
    response = olga_api.post(url(rollout, "/series"), weekly(timezone="Mars/Olympus"))
    error = assert_error(response, 422, "validation_error")
    assert [d["field"] for d in error["details"]] == ["timezone"]
    elsewhere = roster_add(
        project=Project.objects.create(
            organisation=rollout.organisation, name="B", starts_on=START
        ),
        side=Side.OURS,
        person=make_person(rollout.organisation, "Ann Elsewhere"),
        joined_on=START,
    )
    response = olga_api.post(
        url(rollout, "/series"), weekly(circle="chosen", member_ids=[elsewhere.pk])
    )
    error = assert_error(response, 422, "validation_error")
    assert [d["field"] for d in error["details"]] == ["member_ids"]
    response = olga_api.post(url(rollout, "/series"), weekly(circle="chosen", member_ids=[2**40]))
    error = assert_error(response, 404, "not_found")
    assert [d["field"] for d in error["details"]] == ["member_ids"]
    assert not MeetingSeries.objects.exists()
    assert not OutboxMessage.objects.exists()


def test_held_and_the_private_note_after_a_check_in(bob_api, olga_api, olga, rollout, members):
    _ours, theirs = members
    weekly_id = olga_api.post(url(rollout, "/series"), weekly()).json()["id"]
    held = olga_api.post(
        url(rollout, f"/series/{weekly_id}/held"), {"on": "2026-12-03", "held": False}
    )
    assert held.json() == {"series_id": weekly_id, "on": "2026-12-03", "held": False}
    assert not MeetingHeld.objects.get().held
    assert_error(
        bob_api.post(url(rollout, f"/series/{weekly_id}/held"), {"on": "2026-12-03", "held": True}),
        403,
        "forbidden",
    )
    response = olga_api.post(
        url(rollout, f"/series/{weekly_id}/held"), {"on": "2026-12-02", "held": True}
    )
    assert assert_error(response, 422, "validation_error")["details"][0]["field"] == "on"

    check_in = olga_api.post(
        url(rollout, "/series"),
        weekly(name="Sponsor check-in", kind="check_in", member_ids=[theirs[0].pk]),
    ).json()
    assert check_in["rule"] == "FREQ=MONTHLY;BYDAY=1TH"
    assert check_in["member_ids"] == [theirs[0].pk]
    response = olga_api.post(
        url(rollout, f"/series/{check_in['id']}/note"),
        {"on": "2026-11-05", "text": "Worried about the launch date."},
    )
    assert response.status_code == 200, response.content
    answer = response.json()
    assert set(answer) == {"note_id", "touch_id"}
    note = Note.objects.get(pk=answer["note_id"])
    assert note.author == olga
    assert note.contact == theirs[0].contact
    assert list(Touch.objects.get(pk=answer["touch_id"]).contacts.all()) == [theirs[0].contact]
    response = olga_api.post(url(rollout, f"/series/{weekly_id}/note"), {"on": "2026-12-03"})
    assert [d["field"] for d in assert_error(response, 422, "validation_error")["details"]] == [
        "text"
    ]
