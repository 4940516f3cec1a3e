"""`hallway project`: the JSON contract, creating projects and rosters, bad input exits 2."""

import datetime
import json
from collections import Counter
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError

from hallway.engine.one_on_ones import week_monday
from hallway.messaging.models import OutboxMessage
from hallway.projects.models import OneOnOne, Project, RosterMember
from hallway.projects.services.one_on_ones import one_on_one_record
from tests.factories import make_contact, make_person, make_user
from tests.projects.test_one_on_ones import NOW, inside_hours


def run(*args):
    out = StringIO()
    call_command("project", *args, stdout=out)
    return out.getvalue()


def run_json(*args):
    return json.loads(run(*args, "--json"))


def refused(*args):
    with pytest.raises(CommandError) as caught:
        run(*args)
    assert caught.value.returncode == 2
    return str(caught.value)


def test_list_and_coverage_keep_the_contract(acme, project, roster):
    ours, theirs = roster
    one_on_one_record(project=project, ours=ours[0], theirs=theirs[0], status="met", now=NOW)
    one_on_one_record(project=project, ours=ours[1], theirs=theirs[0], status="declined", now=NOW)
    assert run_json("list", "--org", "acme") == [
        {"id": project.pk, "name": "US shop rollout", "client": "Lakeshore Outfitters",
         "status": "active"}
    ]  # fmt: skip
    coverage = run_json("coverage", str(project.pk), "--org", "acme")
    assert set(coverage) == {"pairs", "covered", "required"}
    assert (coverage["covered"], coverage["required"]) == (1, len(coverage["pairs"]))
    statuses = Counter(p["status"] for p in coverage["pairs"])
    assert statuses["met"] == statuses["declined"] == 1
    assert set(statuses) <= {"met", "planned", "missing", "declined"}
    for pair in coverage["pairs"]:
        assert {"ours", "theirs", "status"} <= set(pair) <= {"ours", "theirs", "status", "at"}
        assert ("at" in pair) == (pair["status"] != "missing")
        if "at" in pair:
            datetime.datetime.fromisoformat(pair["at"])
    met = next(p for p in coverage["pairs"] if p["status"] == "met")
    assert met == {
        "ours": ours[0].email, "theirs": theirs[0].email, "status": "met", "at": NOW.isoformat()
    }  # fmt: skip


def test_planning_keeps_capacity_hours_and_a_dry_run_writes_nothing(acme, project, roster):
    with time_machine.travel(NOW, tick=False):
        dry = run_json(
            "plan-one-on-ones", str(project.pk), "--org", "acme", "--weeks", "3",
            "--per-week", "2", "--dry-run",
        )  # fmt: skip
        assert not OneOnOne.objects.exists()
        assert not OutboxMessage.objects.exists()
        assert set(dry) == {"meetings", "unplannable"}
        members = {m.email: m for m in RosterMember.objects.select_related("person", "contact")}
        weekly = Counter()
        for meeting in dry["meetings"]:
            assert set(meeting) == {"ours", "theirs", "start"}
            start = datetime.datetime.fromisoformat(meeting["start"])
            end = start + datetime.timedelta(minutes=project.one_on_one_minutes)
            for email in (meeting["ours"], meeting["theirs"]):
                assert inside_hours(members[email], start, end, acme)
                weekly[email, week_monday(start)] += 1
        assert max(weekly.values()) <= 2
        for unplanned in dry["unplannable"]:
            assert set(unplanned) == {"ours", "theirs", "reason"}

        done = run_json(
            "plan-one-on-ones", str(project.pk), "--org", "acme", "--weeks", "3",
            "--per-week", "2",
        )  # fmt: skip
    assert done == dry
    assert OneOnOne.objects.count() == len(done["meetings"])


def test_planning_refuses_both_bad_numbers_at_once(acme, project):
    message = refused(
        "plan-one-on-ones", str(project.pk), "--org", "acme", "--weeks", "0", "--per-week", "11"
    )
    assert "weeks:" in message
    assert "per_week:" in message
    assert "No project 999" in refused("coverage", "999", "--org", "acme")


def test_create_a_project_and_its_roster(acme, alice, client_company):
    make_user("lea@acme.test", acme)
    created = run_json(
        "create", "--org", "acme", "--name", "Checkout", "--client", "lakeshore outfitters",
        "--goal", "One checkout.", "--starts", "2027-01-04", "--lead", "lea@acme.test",
    )  # fmt: skip
    project = Project.objects.get(pk=created["id"])
    assert (project.company, project.lead.email) == (client_company, "lea@acme.test")
    by_id = run_json(
        "create", "--org", "acme", "--name", "Second", "--client", str(client_company.pk),
        "--starts", "2027-01-04",
    )  # fmt: skip
    assert Project.objects.get(pk=by_id["id"]).company == client_company

    make_person(acme, "Jonas Weber", email="jonas@acme.test")
    make_contact(acme, "Megan Brooks", company=client_company)
    pid = str(project.pk)
    run("roster-add", pid, "--org", "acme", "--side", "ours", "--email", "jonas@acme.test")
    added = run_json(
        "roster-add", pid, "--org", "acme", "--side", "client", "--email",
        "megan.brooks@client.test", "--role", "Head of e-commerce", "--key", "--sub-project",
        "Payments",
    )  # fmt: skip
    assert (added["role"], added["key_counterpart"], added["sub_project"]) == (
        "Head of e-commerce", True, "Payments"
    )  # fmt: skip
    roster = run_json("roster", pid, "--org", "acme")
    assert [(m["side"], m["email"]) for m in roster] == [
        ("ours", "jonas@acme.test"), ("client", "megan.brooks@client.test")
    ]  # fmt: skip
    assert roster[1]["timezone"] == "America/New_York"
    assert "Megan Brooks" in run("roster", pid, "--org", "acme")


def test_bad_input_names_every_problem_and_writes_nothing(acme, project):
    message = refused(
        "create", "--org", "acme", "--name", "US shop rollout", "--client", "Nobody Inc",
        "--starts", "2027-13-01", "--ends", "2027-01-01", "--lead", "ghost@acme.test",
        "--status", "dreaming",
    )  # fmt: skip
    for field in ("name:", "client:", "starts_on:", "lead:", "status:"):
        assert field in message, field
    assert Project.objects.count() == 1
    message = refused(
        "roster-add", str(project.pk), "--org", "acme", "--side", "client", "--email",
        "ghost@client.test", "--joined", "soon",
    )  # fmt: skip
    assert "joined_on:" in message
    message = refused(
        "roster-add", str(project.pk), "--org", "acme", "--side", "client", "--email",
        "ghost@client.test", "--role", "x" * 121,
    )  # fmt: skip
    assert "email:" in message
    assert "role:" in message
    assert "side:" in refused(
        "roster-add", str(project.pk), "--org", "acme", "--side", "both", "--email", "x@y.test"
    )
    assert not RosterMember.objects.exists()
