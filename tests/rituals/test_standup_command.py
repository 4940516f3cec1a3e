"""`hallway ritual`: run-due (idempotent), standup-create, standup-list, digest."""

import json
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError

from hallway.messaging.models import OutboxMessage
from hallway.rituals.models import StandUp
from tests.rituals.standup_helpers import MONDAY, at, make_standup, team_across_zones


def _run(*args):
    out = StringIO()
    call_command("ritual", *args, stdout=out)
    return out.getvalue()


def test_run_due_twice_asks_once(acme):
    team, _carol, _bruna = team_across_zones(acme)
    make_standup(acme, team=team)
    with time_machine.travel(at(MONDAY, 8, 0), tick=False):
        first = json.loads(_run("run-due", "--org", acme.slug, "--json"))
        second = json.loads(_run("run-due", "--org", acme.slug, "--json"))
    assert first["standups"]["asked"] == 1
    assert second["standups"]["asked"] == 0
    assert OutboxMessage.objects.filter(template="rituals_standup_ask").count() == 1


def test_create_list_and_digest(acme):
    team_across_zones(acme)
    created = json.loads(
        _run(
            "standup-create",
            "--org",
            acme.slug,
            "--name",
            "Weekly",
            "--team",
            "Platform",
            "--cadence",
            "weekly",
            "--weekday",
            "MO",
            "--starts",
            MONDAY.isoformat(),
            "--json",
        )
    )
    assert StandUp.objects.get(pk=created["id"]).rule == "FREQ=WEEKLY;BYDAY=MO"
    listed = json.loads(_run("standup-list", "--org", acme.slug, "--json"))
    assert [s["name"] for s in listed] == ["Weekly"]
    with time_machine.travel(at(MONDAY, 8, 0), tick=False):
        _run("run-due", "--org", acme.slug)
        digest = json.loads(_run("digest", str(created["id"]), "--org", acme.slug, "--json"))
    assert digest["date"] == MONDAY.isoformat()
    assert digest["missing"] == ["Carol Meyer"]


def test_bad_input_exits_2_and_changes_nothing(acme):
    team_across_zones(acme)
    with pytest.raises(CommandError) as failed:
        _run("standup-create", "--org", acme.slug, "--name", "X", "--rule", "FREQ=HOURLY")
    assert failed.value.returncode == 2
    with pytest.raises(CommandError):
        _run("standup-create", "--org", acme.slug, "--name", "X", "--team", "Nope")
    assert not StandUp.objects.exists()


def test_digest_of_another_organisations_stand_up_is_refused(acme, globex):
    team, _carol, _bruna = team_across_zones(acme)
    standup = make_standup(acme, team=team)
    with pytest.raises(CommandError):
        _run("digest", str(standup.pk), "--org", globex.slug)
