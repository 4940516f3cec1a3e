"""`hallway project health|kickoff|card|series|series-add`: the API's shapes, what sends
invitations, and bad input exiting 2 with every problem and nothing written."""

import datetime

import pytest
import time_machine

from hallway.messaging.models import OutboxMessage
from hallway.projects.card_links import card_url
from hallway.projects.models import MeetingSeries
from tests.projects.test_command import refused, run, run_json

NOW = datetime.datetime(2026, 12, 7, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def monday_morning():
    with time_machine.travel(NOW, tick=False):
        yield


def test_health_in_the_api_shape(acme, project, roster):
    health = run_json("health", str(project.pk), "--org", "acme")
    assert set(health) == {"coverage", "cadence", "sponsor", "open_blockers", "attention_score"}
    assert health["coverage"]["required"] > 0
    assert health["sponsor"] is None
    assert "required 1:1s took place" in run("health", str(project.pk), "--org", "acme")


def test_kickoff_proposes_without_writing_then_schedules_and_sends(acme, project, roster):
    proposal = run_json("kickoff", str(project.pk), "--org", "acme", "--propose")
    assert proposal["kickoff_at"] is None
    assert proposal["proposal"]
    assert set(proposal["proposal"][0]) == {"start", "end", "suits_everyone", "pays"}
    assert run("kickoff", str(project.pk), "--org", "acme").count("\n") == len(proposal["proposal"])
    assert not OutboxMessage.objects.exists()
    start = proposal["proposal"][0]["start"]
    state = run_json("kickoff", str(project.pk), "--org", "acme", "--at", start, "--minutes", "45")
    assert datetime.datetime.fromisoformat(state["kickoff_at"]) == datetime.datetime.fromisoformat(
        start
    )
    assert (state["minutes"], state["sequence"]) == (45, 1)
    assert OutboxMessage.objects.filter(message_type="projects_kickoff").count() == 14


def test_bad_kickoff_input_says_every_problem(acme, project, roster):
    message = refused(
        "kickoff", str(project.pk), "--org", "acme", "--propose", "--at", "soon", "--minutes", "5"
    )
    assert {line.split(":")[0] for line in message.splitlines()} == {"propose", "at", "minutes"}
    message = refused("kickoff", str(project.pk), "--org", "acme", "--at", "2026-12-10T16:00")
    assert message.startswith("at:")
    assert refused("kickoff", str(project.pk), "--org", "acme", "--minutes", "500").startswith(
        "minutes:"
    )
    project.refresh_from_db()
    assert project.kickoff_sequence == 0
    assert not OutboxMessage.objects.exists()


def test_card_prints_the_share_link(acme, project, roster):
    assert run("card", str(project.pk), "--org", "acme").strip() == card_url(project)
    card = run_json("card", str(project.pk), "--org", "acme")
    assert len(card["people"]) == 14
    assert "@" not in str(card["people"])


def test_series_add_and_list(acme, project, roster):
    _ours, theirs = roster
    created = run_json(
        "series-add", str(project.pk), "--org", "acme", "--name", "Weekly with Lakeshore",
        "--kind", "weekly", "--weekday", "TH", "--starts", "2026-12-10", "--at", "16:00",
        "--minutes", "45",
    )  # fmt: skip
    assert created["rule"] == "FREQ=WEEKLY;BYDAY=TH"
    assert (created["at"], created["minutes"], created["circle"]) == ("16:00", 45, "roster")
    assert len(created["member_ids"]) == 14
    assert OutboxMessage.objects.filter(message_type="projects_series").count() == 14
    check_in = run_json(
        "series-add", str(project.pk), "--org", "acme", "--name", "Sponsor check-in",
        "--kind", "check_in", "--starts", "2026-12-08", "--at", "17:00",
        "--members", theirs[0].email.upper(),
    )  # fmt: skip
    assert check_in["rule"] == "FREQ=MONTHLY;BYDAY=2TU"  # the first day is the second Tuesday
    assert check_in["member_ids"] == [theirs[0].pk]
    listed = run_json("series", str(project.pk), "--org", "acme")
    assert [s["name"] for s in listed] == ["Sponsor check-in", "Weekly with Lakeshore"]
    assert listed[1] == created
    assert "Weekly on Thursday" in run("series", str(project.pk), "--org", "acme")


def test_bad_series_input_says_every_problem_and_writes_nothing(acme, project, roster):
    message = refused(
        "series-add", str(project.pk), "--org", "acme", "--name", " ", "--kind", "yearly",
        "--preset", "sometimes", "--weekday", "XX", "--starts", "10.12.2026", "--at", "4pm",
        "--minutes", "5", "--circle", "sub_project", "--members", "nobody@example.com",
        "--timezone", "Mars/Olympus",
    )  # fmt: skip
    fields = {line.split(":")[0] for line in message.splitlines()}
    assert fields == {
        "name", "kind", "preset", "weekday", "starts_on", "at", "minutes", "sub_project",
        "members", "timezone",
    }  # fmt: skip
    assert not MeetingSeries.objects.exists()
    assert not OutboxMessage.objects.exists()
